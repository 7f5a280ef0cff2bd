// The Node fast path in front of adapter-node's handler: a real HTTP server, the real hook and core, and a
// stand-in for the handler that runs the hook on the event Kit would make (its URL built as adapter-node does).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { rawGet } from '../../../test/support/raw.ts'
import { setKitEnvironment } from '../src/env.ts'
import { type ISRHandle, isr } from '../src/hook.ts'
import { type FastPathOptions, isrFastPath } from '../src/node.ts'
import type { ISRSvelteKitOptions } from '../src/options.ts'
import { fakeApp, greeting, html, type Page } from './support/event.ts'

const SECRET = 'a-secret-for-the-endpoint-0123'
const ROUTES = {
  '/posts/[slug]': { revalidate: 60, query: { include: ['lang'] }, vary: { headers: ['x-country'] } },
  '/greet': { revalidate: 60 },
}

let servers: Server[]
let hooks: ISRHandle[]
let origin: string
let calls: string[]
let clock: number

beforeEach(() => {
  servers = []
  hooks = []
  calls = []
  clock = Date.UTC(2026, 0, 1)
  setKitEnvironment({ building: false, version: '123' })
})

afterEach(async () => {
  for (const server of servers) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
  await Promise.all(hooks.map((handle) => handle.close()))
  setKitEnvironment(undefined)
  vi.unstubAllEnvs()
})

/** Post pages (and their `__data.json`) say which render they were; /greet reads the visitor's cookie. */
function pages(): Page {
  let n = 0
  return (event) => (event.url.pathname === '/greet' ? greeting(event) : html(`render ${++n}`))
}

/** A Kit app with the isr() hook, whose instance (created once Kit's environment has loaded) is registered. */
async function kitApp(options: ISRSvelteKitOptions = {}) {
  const onEvent: ISRSvelteKitOptions['onEvent'] = (event) => event.type === 'store' && storedUrls.push(event.url)
  const handle = isr({
    storage: 'memory',
    routes: ROUTES,
    secret: SECRET,
    logger: false,
    now: () => clock,
    onEvent,
    ...options,
  })
  hooks.push(handle)
  await new Promise((resolve) => setTimeout(resolve, 0))
  const routeOf = (pathname: string) => (pathname.startsWith('/posts/') ? '/posts/[slug]' : pathname)
  return { handle, kit: fakeApp(handle, pages(), { routeOf }) }
}

type KitApp = Awaited<ReturnType<typeof kitApp>>

/**
 * adapter-node's handler: Kit's URL is `https://<Host>` (or the protocol header it is told of, under its
 * prefix) and the target, the hook runs on that event. Without an app, what Kit renders with no hook.
 */
function kitHandler(app: KitApp | undefined, envPrefix = '') {
  return async (req: IncomingMessage, res: ServerResponse) => {
    calls.push(`${req.method} ${req.url}`)
    if (!app) return res.writeHead(200, { 'content-type': 'text/plain' }).end('rendered by Kit')
    const protocolHeader = process.env[`${envPrefix}PROTOCOL_HEADER`]
    const protocol = (protocolHeader && req.headers[protocolHeader]) || 'https'
    const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, String(value)]))
    try {
      const event = app.kit.eventFor(`${protocol}://${req.headers.host}${req.url}`, { method: req.method, headers })
      const response = await app.handle({ event, resolve: app.kit.resolve })
      res.writeHead(response.status, [...response.headers].flat())
      res.end(Buffer.from(await response.arrayBuffer()))
      await app.kit.settle()
    } catch {
      // adapter-node answers 400 to a request it cannot make a URL of; Kit 500 to a hook that throws.
      res.writeHead(500).end()
    }
  }
}

async function listen(app: KitApp | undefined, options: FastPathOptions = {}) {
  const server = createServer(isrFastPath(kitHandler(app, options.envPrefix), options))
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** A request whose body is read: core stores a miss once it is. */
async function get(path: string, init?: RequestInit) {
  const response = await fetch(`${origin}${path}`, init)
  const body = await response.text()
  return { response, body, status: response.status, state: response.headers.get('x-isr-cache') }
}

const fastPath = (answer: { response: Response }) =>
  answer.response.headers.get('cache-status')?.endsWith('; detail=fast-path') ?? false

/** URLs of the entries the hook stored (compressed after the response, before they are stored). */
const storedUrls: string[] = []

/** Visited once through Kit, and stored by the hook. */
async function stored(path: string, init?: RequestInit) {
  const before = storedUrls.length
  expect((await get(path, init)).state).toBe('MISS')
  await vi.waitFor(() => expect(storedUrls.slice(before).some((url) => url.endsWith(path))).toBe(true))
}

describe('isrFastPath', () => {
  it("hands everything to Kit before the hook's instance exists", async () => {
    await listen(undefined)
    expect((await get('/posts/hello')).body).toBe('rendered by Kit')
    expect(calls).toEqual(['GET /posts/hello'])
  })

  it('answers a fresh page without running Kit, as the hook answers it', async () => {
    const app = await kitApp()
    await listen(app)
    await stored('/posts/hello')
    const fast = await get('/posts/hello')
    expect(calls).toEqual(['GET /posts/hello'])
    // The hook's answer to the same request: the same entry, headers and bytes; Cache-Status says who answered.
    const event = app.kit.eventFor(`https://${new URL(origin).host}/posts/hello`)
    const hooked = await app.handle({ event, resolve: app.kit.resolve })
    expect(fast.status).toBe(hooked.status)
    expect(fast.body).toBe('render 1')
    expect(fast.body).toBe(await hooked.text())
    const ownHeaders = (headers: Headers) =>
      Object.fromEntries([...headers].filter(([name]) => !['date', 'connection', 'keep-alive'].includes(name)))
    expect(ownHeaders(fast.response.headers)).toEqual({
      ...ownHeaders(hooked.headers),
      'cache-status': `${hooked.headers.get('cache-status')}; detail=fast-path`,
    })
    expect(fast.state).toBe('HIT')
  })

  it('answers HEAD without a body, and 304 to a browser that has the page', async () => {
    await listen(await kitApp())
    await stored('/posts/hello')
    const head = await get('/posts/hello', { method: 'HEAD' })
    expect(head.state).toBe('HIT')
    expect(fastPath(head)).toBe(true)
    expect(head.body).toBe('')
    const etag = head.response.headers.get('etag') ?? ''
    const notModified = await get('/posts/hello', { headers: { 'if-none-match': etag } })
    expect(notModified.status).toBe(304)
    expect(fastPath(notModified)).toBe(true)
    expect(calls).toEqual(['GET /posts/hello'])
  })

  it('answers a data request by the rule of its page’s route', async () => {
    await listen(await kitApp())
    // The route's rule keys X-Country; matched by its own path, the data request would fall under no rule.
    const path = '/posts/hello/__data.json'
    const visitor = { headers: { 'x-country': 'FR' } }
    await stored(path, visitor)
    const hit = await get(path, visitor)
    expect(fastPath(hit)).toBe(true)
    expect(hit.body).toBe('render 1')
    expect(calls).toEqual([`GET ${path}`])
  })

  it('hands Kit a query naming a parameter Kit reserves, though the key leaves it out', async () => {
    await listen(await kitApp())
    await stored('/posts/hello')
    await get('/posts/hello?x-sveltekit-foo=1')
    expect(calls).toEqual(['GET /posts/hello', 'GET /posts/hello?x-sveltekit-foo=1'])
  })

  it('answers visitors with cookies a page that read none, and hands Kit those of a page that read them', async () => {
    await listen(await kitApp())
    await stored('/posts/hello')
    await stored('/greet')
    expect(fastPath(await get('/posts/hello', { headers: { cookie: 'session=abc' } }))).toBe(true)
    const guest = await get('/greet')
    expect(fastPath(guest)).toBe(true)
    expect(guest.body).toBe('Hello, guest')
    expect((await get('/greet', { headers: { cookie: 'name=alice' } })).body).toBe('Hello, alice')
    expect(calls).toEqual(['GET /posts/hello', 'GET /greet', 'GET /greet'])
  })

  it('hands Kit a POST, a page it has not stored, the control endpoint and a page gone stale', async () => {
    await listen(await kitApp())
    await stored('/posts/hello')
    await get('/posts/hello', { method: 'POST', body: 'form=1' })
    await get('/posts/other')
    expect((await get('/__isr/status', { headers: { authorization: `Bearer ${SECRET}` } })).status).toBe(200)
    clock += 61_000
    expect((await get('/posts/hello')).state).toBe('STALE')
    expect(calls).toEqual([
      'GET /posts/hello',
      'POST /posts/hello',
      'GET /posts/other',
      'GET /__isr/status',
      'GET /posts/hello',
    ])
  })

  it('hands Kit a raw path that resolves elsewhere, and an absolute-form target', async () => {
    await listen(await kitApp())
    await stored('/posts/hello')
    const absolute = `${origin}/posts/hello`
    for (const target of ['/posts/x/../hello', absolute]) await rawGet(origin, target)
    expect(calls).toEqual(['GET /posts/hello', 'GET /posts/x/../hello', `GET ${absolute}`])
  })

  it('builds the URL on the protocol header adapter-node reads, under its prefix', async () => {
    vi.stubEnv('KIT_PROTOCOL_HEADER', 'x-forwarded-proto')
    await listen(await kitApp(), { envPrefix: 'KIT_' })
    const viaHttp = { headers: { 'x-forwarded-proto': 'http' } }
    await stored('/posts/hello', viaHttp)
    expect(fastPath(await get('/posts/hello', viaHttp))).toBe(true)
    // Kit renders a visitor of https on a URL of its own: the entry of http is not theirs.
    expect((await get('/posts/hello')).state).toBe('MISS')
    expect(calls).toEqual(['GET /posts/hello', 'GET /posts/hello'])
  })

  it('looks up the instance of its own namespace', async () => {
    const app = await kitApp({ namespace: 'site' })
    await listen(app)
    await stored('/posts/hello')
    expect((await get('/posts/hello')).state).toBe('HIT')
    await listen(app, { namespace: 'site' })
    await stored('/posts/hello')
    expect(fastPath(await get('/posts/hello'))).toBe(true)
    expect(calls).toHaveLength(3)
  })

  it('hands Kit everything once the hook is closed', async () => {
    const app = await kitApp()
    await listen(app)
    await stored('/posts/hello')
    await app.handle.close()
    await get('/posts/hello')
    expect(calls).toEqual(['GET /posts/hello', 'GET /posts/hello'])
  })
})
