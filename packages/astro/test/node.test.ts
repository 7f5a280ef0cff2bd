// The Node fast path in front of @astrojs/node's handler: a real HTTP server, a fake handler, a real core.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createISR, type ISR } from '@isrkit/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isrFastPath } from '../src/node.ts'
import { register, registered, unregister } from '../src/registry.ts'

const SECRET = 'a-secret-for-the-endpoint-0123'
const PAGE = '<h1>Cached page</h1>'

let servers: Server[]
let origin: string
let calls: { method: string | undefined; url: string | undefined }[]
let clock: number
let instances: [string, ISR][]

/** Stands in for Astro's handler: it renders everything it is given. */
function handler(req: IncomingMessage, res: ServerResponse) {
  calls.push({ method: req.method, url: req.url })
  res.writeHead(200, { 'content-type': 'text/plain', 'x-from': 'astro' })
  res.end('rendered by Astro')
}

async function listen(namespace?: string) {
  const server = createServer(isrFastPath(handler, namespace === undefined ? {} : { namespace }))
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** What the provider does on a first visit: an ISR instance, registered, with a page rendered into it. */
async function provider(namespace = 'isr'): Promise<ISR> {
  const isr = createISR({
    storage: 'memory',
    routes: { '/blog/[slug]': { revalidate: 60 } },
    secret: SECRET,
    logger: false,
    now: () => clock,
  })
  register(namespace, isr)
  instances.push([namespace, isr])
  await fill(isr, '/blog/hello', {})
  // Rendered for an anonymous visitor by a page that reads cookies (see handle.ts).
  await fill(isr, '/blog/greeting', { 'x-isr-read': 'cookie' })
  return isr
}

/** Filled for the origin the fast path's visitors reach: entries are keyed by origin. */
async function fill(isr: ISR, path: string, headers: Record<string, string>, at = origin) {
  const url = `${at}${path}`
  const storing: Promise<unknown>[] = []
  const response = await isr.handle(
    new Request(url),
    () => new Response(PAGE, { headers: { 'content-type': 'text/html; charset=utf-8', ...headers } }),
    { observesCookies: true, waitUntil: (promise) => storing.push(promise) },
  )
  expect(response.headers.get('x-isr-cache')).toBe('MISS')
  await response.text()
  await Promise.all(storing)
  expect(await isr.lookup(new Request(url))).toBeDefined()
}

beforeEach(() => {
  servers = []
  calls = []
  clock = Date.UTC(2026, 0, 1)
  instances = []
})

afterEach(async () => {
  for (const server of servers) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
  for (const [namespace, isr] of instances) {
    unregister(namespace, isr)
    await isr.close()
  }
})

describe('isrFastPath', () => {
  it('hands everything to Astro before the provider has registered an instance', async () => {
    await listen()
    expect(registered('isr')).toBeUndefined()
    const response = await fetch(`${origin}/blog/hello`)
    expect(await response.text()).toBe('rendered by Astro')
    expect(response.headers.get('x-isr-cache')).toBeNull()
    expect(calls).toEqual([{ method: 'GET', url: '/blog/hello' }])
  })

  it('answers a fresh page from the cache without calling Astro', async () => {
    await listen()
    await provider()
    const response = await fetch(`${origin}/blog/hello`)
    expect(response.status).toBe(200)
    expect(await response.text()).toBe(PAGE)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(PAGE)))
    expect(response.headers.get('x-isr-cache')).toBe('HIT')
    expect(response.headers.get('cache-status')).toMatch(/^isrkit; hit; .*detail=fast-path$/)
    expect(response.headers.get('etag')).toBeTruthy()
    expect(calls).toEqual([])
  })

  it('answers HEAD with the headers and no body', async () => {
    await listen()
    await provider()
    const response = await fetch(`${origin}/blog/hello`, { method: 'HEAD' })
    expect(response.status).toBe(200)
    expect(response.headers.get('x-isr-cache')).toBe('HIT')
    expect(await response.text()).toBe('')
    expect(calls).toEqual([])
  })

  it('answers 304 to a browser that has the page', async () => {
    await listen()
    await provider()
    const etag = (await fetch(`${origin}/blog/hello`)).headers.get('etag')!
    const response = await fetch(`${origin}/blog/hello`, { headers: { 'if-none-match': etag } })
    expect(response.status).toBe(304)
    expect(response.headers.get('etag')).toBe(etag)
    expect(await response.text()).toBe('')
    expect(calls).toEqual([])
  })

  it('answers a visitor with cookies from a page whose render read none', async () => {
    await listen()
    await provider()
    const response = await fetch(`${origin}/blog/hello`, { headers: { cookie: 'session=abc' } })
    expect(response.headers.get('x-isr-cache')).toBe('HIT')
    expect(await response.text()).toBe(PAGE)
    expect(calls).toEqual([])
  })

  it('hands Astro a visitor with cookies when the page read cookies, and answers anonymous ones', async () => {
    await listen()
    await provider()
    expect(await (await fetch(`${origin}/blog/greeting`)).text()).toBe(PAGE)
    const member = await fetch(`${origin}/blog/greeting`, { headers: { cookie: 'session=abc' } })
    expect(await member.text()).toBe('rendered by Astro')
    expect(calls).toEqual([{ method: 'GET', url: '/blog/greeting' }])
  })

  it('hands Astro a POST to a cached page', async () => {
    await listen()
    await provider()
    const response = await fetch(`${origin}/blog/hello`, { method: 'POST', body: 'form=1' })
    expect(await response.text()).toBe('rendered by Astro')
    expect(calls).toEqual([{ method: 'POST', url: '/blog/hello' }])
  })

  it('hands Astro a page gone stale, so the provider can serve it and regenerate', async () => {
    await listen()
    await provider()
    expect(await (await fetch(`${origin}/blog/hello`)).text()).toBe(PAGE)
    clock += 61_000
    expect(await (await fetch(`${origin}/blog/hello`)).text()).toBe('rendered by Astro')
    expect(calls).toEqual([{ method: 'GET', url: '/blog/hello' }])
  })

  it('hands Astro a page it has not stored', async () => {
    await listen()
    await provider()
    expect(await (await fetch(`${origin}/blog/other`)).text()).toBe('rendered by Astro')
    expect(calls).toEqual([{ method: 'GET', url: '/blog/other' }])
  })

  it('hands Astro the control endpoint', async () => {
    await listen()
    await provider()
    const auth = { authorization: `Bearer ${SECRET}` }
    await fetch(`${origin}/__isr/status`, { headers: auth })
    await fetch(`${origin}/__isr/revalidate`, { method: 'POST', headers: auth, body: '{"paths":["/blog/hello"]}' })
    expect(calls).toEqual([
      { method: 'GET', url: '/__isr/status' },
      { method: 'POST', url: '/__isr/revalidate' },
    ])
  })

  it('looks up the instance of its own namespace', async () => {
    await listen('site')
    const own = origin
    await listen()
    // The page is stored for both servers' origins: only the namespace tells them apart.
    await fill(await provider('site'), '/blog/hello', {}, own)
    expect(await (await fetch(`${origin}/blog/hello`)).text()).toBe('rendered by Astro')
    expect(await (await fetch(`${own}/blog/hello`)).text()).toBe(PAGE)
    expect(calls).toHaveLength(1)
  })

  it('hands Astro everything again once the instance is gone', async () => {
    await listen()
    const isr = await provider()
    expect(await (await fetch(`${origin}/blog/hello`)).text()).toBe(PAGE)
    unregister('isr', isr)
    expect(await (await fetch(`${origin}/blog/hello`)).text()).toBe('rendered by Astro')
  })
})
