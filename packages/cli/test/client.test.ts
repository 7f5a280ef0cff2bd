import { createHmac } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { type ControlSite, networkReason, revalidate, status, statusLine } from '../src/client.ts'
import { EXIT_FAILED, IsrkitError } from '../src/errors.ts'
import { closedPort, type Handler, json, startServer, type TestServer } from './support/server.ts'

const SECRET = 'a-secret-of-sixteen-chars'
let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function site(handler: Handler, endpoint = '/__isr'): Promise<ControlSite> {
  server = await startServer(handler)
  return { origin: server.origin, endpoint, secret: SECRET }
}

/** The signature a request should carry: computed here with the secret, from the headers the CLI sent. */
function signature(request: TestServer['requests'][number] | undefined, payload: string): string {
  const id = request?.headers['webhook-id']
  const timestamp = request?.headers['webhook-timestamp']
  expect(id).toMatch(/^msg_/)
  return `v1,${createHmac('sha256', SECRET).update(`${id}.${timestamp}.${payload}`).digest('base64')}`
}

async function failure(promise: Promise<unknown>): Promise<IsrkitError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(IsrkitError)
  return error as IsrkitError
}

const STATUS = {
  hits: 3,
  misses: 1,
  stale: 0,
  bypass: 2,
  renders: 1,
  errors: 0,
  hitRatio: 0.75,
  memory: { entries: 1, bytes: 2048, maxBytes: 67108864 },
  storage: { ok: true, driver: 'fs', latencyMs: 0.3 },
}

describe('revalidate', () => {
  it('posts the paths, tags and mode as JSON to {endpoint}/revalidate, signed, without sending the secret', async () => {
    const target = await site((req, res) =>
      json(res, 200, { ok: true, ...JSON.parse(req.body), at: 1, regenerating: 2 }),
    )
    const before = Math.floor(Date.now() / 1000)
    const result = await revalidate(target, { paths: ['/a'], tags: ['t'], mode: 'eager' })
    expect(result).toEqual({ ok: true, paths: ['/a'], tags: ['t'], mode: 'eager', at: 1, regenerating: 2 })
    const [request] = server!.requests
    expect(request).toMatchObject({ method: 'POST', url: '/__isr/revalidate' })
    expect(request?.headers.authorization).toBeUndefined()
    expect(JSON.stringify(request?.headers)).not.toContain(SECRET)
    const timestamp = Number(request?.headers['webhook-timestamp'])
    expect(timestamp).toBeGreaterThanOrEqual(before)
    expect(timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000))
    expect(request?.headers['webhook-signature']).toBe(signature(request, request?.body ?? ''))
    expect(request?.headers['content-type']).toBe('application/json')
    expect(request?.headers['user-agent']).toMatch(/^isrkit-cli\//)
    expect(JSON.parse(request?.body ?? '')).toEqual({ paths: ['/a'], tags: ['t'], mode: 'eager' })
  })

  it('uses another endpoint prefix when given', async () => {
    const target = await site(
      (_, res) => json(res, 200, { ok: true, mode: 'stale', paths: [], tags: ['t'], at: 1, regenerating: 0 }),
      '/_cache',
    )
    await revalidate(target, { paths: [], tags: ['t'], mode: 'stale' })
    expect(server!.requests[0]?.url).toBe('/_cache/revalidate')
  })

  it('says the secret was refused on a 401', async () => {
    const target = await site((_, res) => json(res, 401, { ok: false, error: 'wrong credentials' }))
    const error = await failure(revalidate(target, { paths: ['/'], tags: [], mode: 'stale' }))
    expect(error.exitCode).toBe(EXIT_FAILED)
    expect(error.message).toMatch(/^\[isrkit\] /)
    expect(error.message).toContain('401')
    expect(error.message).toContain('secret was refused (wrong credentials)')
    expect(error.message).toContain('--secret or ISR_SECRET')
  })

  it("prints the server's error field on a 400", async () => {
    const target = await site((_, res) => json(res, 400, { ok: false, error: '"tags[0]" must be one of tags' }))
    const error = await failure(revalidate(target, { paths: [], tags: ['x'], mode: 'stale' }))
    expect(error.message).toContain('refused the request (400): "tags[0]" must be one of tags')
  })

  it('explains a 404 as a control endpoint that is not enabled', async () => {
    const target = await site((_, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>'))
    const error = await failure(revalidate(target, { paths: ['/'], tags: [], mode: 'stale' }))
    expect(error.message).toContain(`${server!.origin.origin}/__isr/revalidate answered 404`)
    expect(error.message).toContain('control endpoint is not enabled')
    expect(error.message).toContain('--endpoint')
  })

  it('reports other statuses with the start of their body', async () => {
    const target = await site((_, res) =>
      res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body><h1>Bad gateway</h1></body></html>'),
    )
    const error = await failure(revalidate(target, { paths: ['/'], tags: [], mode: 'stale' }))
    expect(error.message).toContain('answered 502: Bad gateway')
  })

  it('refuses a 200 that is not isrkit JSON', async () => {
    const target = await site((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Home</h1>'))
    const error = await failure(revalidate(target, { paths: ['/'], tags: [], mode: 'stale' }))
    expect(error.message).toContain("without isrkit's JSON")
  })

  it('names the URL when the connection is refused', async () => {
    const port = await closedPort()
    const origin = new URL(`http://127.0.0.1:${port}`)
    const error = await failure(
      revalidate({ origin, endpoint: '/__isr', secret: SECRET }, { paths: ['/'], tags: [], mode: 'stale' }),
    )
    expect(error.exitCode).toBe(EXIT_FAILED)
    expect(error.message).toBe(
      `[isrkit] cannot reach http://127.0.0.1:${port}/__isr/revalidate (connection refused): is the site running at that address?`,
    )
  })
})

describe('status', () => {
  it('gets {endpoint}/status signed for that method and path', async () => {
    const target = await site((_, res) => json(res, 200, STATUS), '/_cache')
    expect(await status(target)).toEqual(STATUS)
    const [request] = server!.requests
    expect(request).toMatchObject({ method: 'GET', url: '/_cache/status' })
    expect(request?.headers.authorization).toBeUndefined()
    expect(request?.headers['webhook-signature']).toBe(signature(request, 'GET /_cache/status'))
    // Each request has its own id, so the site accepts the next one too.
    await status(target)
    expect(server!.requests[1]?.headers['webhook-id']).not.toBe(request?.headers['webhook-id'])
  })

  it('says the clocks differ when the site refused the time of the signature', async () => {
    const error =
      'webhook-timestamp too old: 412 s in the past, outside the tolerance of 300 s; sign each request as it is sent, and check that the clocks of the sender and of this server agree'
    const target = await site((_, res) => json(res, 401, { ok: false, error }))
    const message = (await failure(status(target))).message
    expect(message).toContain('/__isr/status answered 401: the clocks of this machine and of the site differ')
    expect(message).toContain('(webhook-timestamp too old: 412 s in the past, outside the tolerance of 300 s)')
    expect(message).not.toContain('secret was refused')
  })

  it('maps errors as revalidate does', async () => {
    const target = await site((_, res) => json(res, 401, { ok: false, error: 'missing credentials' }))
    expect((await failure(status(target))).message).toContain('secret was refused (missing credentials)')
  })
})

describe('messages', () => {
  it('fills in the reason phrase a server left out', () => {
    expect(statusLine({ status: 404, statusText: '' })).toBe('404 Not Found')
    expect(statusLine({ status: 404, statusText: 'Gone Fishing' })).toBe('404 Gone Fishing')
    expect(statusLine({ status: 599, statusText: '' })).toBe('599')
  })

  it('names network failures in a few words', () => {
    const failed = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: { code, message: code } })
    expect(networkReason(failed('ECONNREFUSED'))).toBe('connection refused')
    expect(networkReason(failed('ENOTFOUND'))).toBe('host not found')
    expect(networkReason(failed('ECONNRESET'))).toBe('connection closed by the server')
    expect(networkReason(new DOMException('timed out', 'TimeoutError'))).toBe('no answer within 30 s')
    const several = new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })])
    expect(networkReason(new TypeError('fetch failed', { cause: several }))).toBe('connection refused')
    expect(networkReason(new TypeError('fetch failed', { cause: new Error('bad port') }))).toBe('bad port')
  })
})
