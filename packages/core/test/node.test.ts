// Node helpers of @isrkit/core/node: reading a request for a lookup, writing an answer, the socket's origin.
import { createServer, type IncomingMessage } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { createISR } from '../src/index.ts'
import { answerFromMemory, nodeRequestAt, nodeRequestLike, nodeUrl, socketOrigin } from '../src/node/index.ts'

describe('nodeRequestLike', () => {
  function incoming(init: { url?: string; method?: string; headers?: IncomingMessage['headers']; tls?: boolean }) {
    return {
      method: init.method,
      url: init.url,
      headers: init.headers ?? {},
      socket: init.tls ? { encrypted: true } : {},
    } as unknown as IncomingMessage
  }

  it('builds the URL from the Host header and the request target', () => {
    const request = nodeRequestLike(
      incoming({ method: 'GET', url: '/blog/hello?page=2', headers: { host: 'example.com:8080' } }),
    )
    expect(request?.method).toBe('GET')
    expect(request?.url).toBe('http://example.com:8080/blog/hello?page=2')
  })

  it('says https on a TLS socket, and GET when the method is missing', () => {
    const request = nodeRequestLike(incoming({ url: '/', headers: { host: 'example.com' }, tls: true }))
    expect(request?.url).toBe('https://example.com/')
    expect(request?.method).toBe('GET')
  })

  it('takes the URL the framework builds, at nodeRequestAt', () => {
    const request = nodeRequestAt(incoming({ url: '/a', headers: { host: 'site.test', cookie: 'a=1' } }), 'https://x/a')
    expect(request.url).toBe('https://x/a')
    expect(request.headers.get('cookie')).toBe('a=1')
  })

  it('takes the authority of an absolute-form target over the Host header (RFC 9112 §3.2.2)', () => {
    const absolute = incoming({ url: 'http://other.test/canon/abs?x=1', headers: { host: '127.0.0.1:3000' } })
    expect(nodeUrl(absolute)).toBe('http://other.test/canon/abs?x=1')
  })

  it.each<[string, IncomingMessage['headers'], string]>([
    ['no Host', {}, '/'],
    ['a Host with a space', { host: 'a b' }, '/'],
    ['a Host smuggling a path', { host: 'evil.example/canon/zz#' }, '/whatever'],
    ['a Host with credentials', { host: 'user@evil.example' }, '/'],
    ['an absolute target of another scheme', { host: 'site.test' }, 'ftp://site.test/x'],
    ['an absolute target with a bad authority', { host: 'site.test' }, 'http://a b/x'],
  ])('reads a request with %s as malformed, never as a URL', (_, headers, url) => {
    expect(nodeUrl(incoming({ url, headers }))).toBeUndefined()
    expect(nodeRequestLike(incoming({ url, headers }))).toBeUndefined()
  })

  it('reads headers by name in any case, and joins repeated ones', () => {
    const request = nodeRequestLike(
      incoming({ url: '/', headers: { host: 'example.com', cookie: 'a=1', 'x-multi': ['one', 'two'] as never } }),
    )
    if (!request) throw new Error('malformed')
    const { headers } = request
    expect(headers.get('Cookie')).toBe('a=1')
    expect(headers.get('x-multi')).toBe('one, two')
    expect(headers.get('X-Missing')).toBeNull()
    expect(headers.has('COOKIE')).toBe(true)
    expect(headers.has('authorization')).toBe(false)
  })
})

describe('answerFromMemory and socketOrigin, on a real server', () => {
  const servers: { close(): void }[] = []
  afterEach(() => {
    for (const server of servers.splice(0)) server.close()
  })

  it('writes a fresh hit with the detail it is given, and leaves everything else to the caller', async () => {
    const isr = createISR({ routes: { '/page': { revalidate: 60 } }, logger: false })
    const seen: (string | undefined)[] = []
    const server = createServer(async (req, res) => {
      seen.push(socketOrigin(req))
      if (await answerFromMemory(isr, req, res, {}, 'fast-path')) return
      res.writeHead(404).end('handled by the app')
    })
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    expect(await (await fetch(`${url}/page`)).text()).toBe('handled by the app')
    await (await isr.handle(new Request(`${url}/page`), () => new Response('cached page'))).text()
    await expect.poll(async () => (await fetch(`${url}/page`)).headers.get('cache-status')).toMatch(/detail=fast-path$/)
    const hit = await fetch(`${url}/page`)
    expect(hit.headers.get('x-isr-cache')).toBe('HIT')
    expect(await hit.text()).toBe('cached page')
    expect((await fetch(`${url}/page`, { method: 'POST' })).status).toBe(404)
    expect(seen[0]).toBe(url)
    await isr.close()
  })
})
