// The handle hook over a real core, with fake SvelteKit events: what a visitor of a Kit app would see.
import { createStorage } from 'unstorage'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setKitEnvironment } from '../src/env.ts'
import { isr } from '../src/hook.ts'
import type { ISRSvelteKitOptions } from '../src/options.ts'
import { revalidatePath } from '../src/registry.ts'
import { data, type FakeEvent, fakeApp, fakeEvent, fakeResolve, greeting, html, type Page } from './support/event.ts'

const SECRET = 'a-secret-of-sixteen-chars'
let clock: number

beforeEach(() => {
  clock = Date.UTC(2026, 0, 1)
  setKitEnvironment({ building: false, version: '123' })
})

afterEach(() => {
  setKitEnvironment(undefined)
  vi.unstubAllEnvs()
})

function hook(options: ISRSvelteKitOptions = {}) {
  return isr({ logger: false, now: () => clock, ...options })
}

type App = ReturnType<typeof fakeApp>

/** A visitor's request; the body is read (core stores an entry once it is) and background work awaited. */
async function visit(app: App, path: string, init: Parameters<App['get']>[1] = {}) {
  const response = await app.get(path, init)
  const body = await response.text()
  await app.settle()
  return { response, body, state: response.headers.get('x-isr-cache') }
}

/** A page that says which render produced it and asks to be cached for a minute. */
function counted(headers: Record<string, string> = { 'cache-control': 's-maxage=60' }): Page {
  let n = 0
  return () => html(`render ${++n}`, headers)
}

describe('a page that asks to be cached', () => {
  it('is rendered once: MISS, then HIT', async () => {
    const app = fakeApp(hook(), counted())
    const first = await visit(app, '/page')
    expect(first.state).toBe('MISS')
    expect(first.body).toBe('render 1')
    const second = await visit(app, '/page')
    expect(second.state).toBe('HIT')
    expect(second.body).toBe('render 1')
    expect(second.response.headers.get('content-type')).toBe('text/html')
    expect(app.resolve.renders).toBe(1)
  })

  it('is keyed apart from other pages', async () => {
    const app = fakeApp(hook(), (event) => html(`page ${event.url.pathname}`, { 'cache-control': 's-maxage=60' }))
    await visit(app, '/a')
    expect((await visit(app, '/b')).body).toBe('page /b')
    expect((await visit(app, '/a')).body).toBe('page /a')
    expect(app.resolve.renders).toBe(2)
  })
})

describe('requests the hook leaves to Kit', () => {
  /** The hook handed Kit's own response back, untouched, and rendered each time. */
  async function passesThrough(handle = hook(), init: Parameters<typeof fakeEvent>[0] = {}) {
    const resolve = fakeResolve(counted())
    for (const n of [1, 2]) {
      const response = await handle({ event: fakeEvent({ request: 'http://example.com/page', ...init }), resolve })
      expect(response.headers.has('x-isr-cache')).toBe(false)
      expect(await response.text()).toBe(`render ${n}`)
    }
    expect(resolve.renders).toBe(2)
  }

  it('while building', async () => {
    setKitEnvironment({ building: true, version: '123' })
    await passesThrough()
  })

  it('while prerendering (where reading url.search throws)', async () => {
    const handle = hook()
    const resolve = fakeResolve(counted())
    for (const n of [1, 2]) {
      const event = fakeEvent({ request: 'http://example.com/about' })
      Object.defineProperty(event.url, 'search', {
        get() {
          throw new Error('Cannot access url.search on a page with prerendering enabled')
        },
      })
      const response = await handle({ event, resolve })
      expect(response.headers.has('x-isr-cache')).toBe(false)
      expect(await response.text()).toBe(`render ${n}`)
    }
  })

  it('with ISRKIT_DISABLED=1, and caches again without it', async () => {
    const handle = hook()
    vi.stubEnv('ISRKIT_DISABLED', '1')
    await passesThrough(handle)
    vi.unstubAllEnvs()
    const app = fakeApp(handle, counted())
    expect((await visit(app, '/page')).state).toBe('MISS')
    expect((await visit(app, '/page')).state).toBe('HIT')
  })

  it('for remote functions, by flag or by path', async () => {
    await passesThrough(hook(), { isRemoteRequest: true })
    await passesThrough(hook(), { request: 'http://example.com/_app/remote/x1/getPost' })
  })

  it("for Kit's internal sub-requests, unless they carry a regeneration's token", async () => {
    await passesThrough(hook(), { isSubRequest: true })
    await passesThrough(hook(), { isSubRequest: true, headers: { 'x-isr-regenerate': 'guessed' } })
  })

  it('untouched, for a sub-request with a guessed regeneration token', async () => {
    const resolve = fakeResolve((event) => data({ name: event.cookies.get('name') ?? null }))
    const event = fakeEvent({
      request: 'http://example.com/x/__data.json',
      url: 'http://example.com/x',
      isDataRequest: true,
      isSubRequest: true,
      headers: { 'x-isr-regenerate': 'guessed', cookie: 'name=alice' },
    })
    const response = await hook()({ event, resolve })
    expect(response.headers.get('cache-control')).toBe('private, no-store')
    expect(response.headers.has('x-isr-read')).toBe(false)
  })

  it('for requests that match no route', async () => {
    await passesThrough(hook(), { routeId: null })
  })
})

describe('the control endpoint', () => {
  it('is answered although it matches no Kit route', async () => {
    const handle = hook({ secret: SECRET })
    const resolve = fakeResolve(() => new Response('Not found', { status: 404 }))
    const event = (headers: Record<string, string>) =>
      fakeEvent({ request: 'http://example.com/__isr/status', routeId: null, headers })
    const status = await handle({ event: event({ authorization: `Bearer ${SECRET}` }), resolve })
    expect(status.status).toBe(200)
    expect(await status.json()).toMatchObject({ hits: 0, misses: 0, storage: { ok: true } })
    const refused = await handle({ event: event({ authorization: 'Bearer wrong-secret-of-length' }), resolve })
    expect(refused.status).toBe(401)
    expect(resolve.renders).toBe(0)
  })

  it('follows the endpoint option', async () => {
    const handle = hook({ secret: SECRET, endpoint: '/_cache' })
    const resolve = fakeResolve(() => new Response('Not found', { status: 404 }))
    const request = 'http://example.com/_cache/status'
    const headers = { authorization: `Bearer ${SECRET}` }
    const status = await handle({ event: fakeEvent({ request, routeId: null, headers }), resolve })
    expect(status.status).toBe(200)
    expect(resolve.renders).toBe(0)
  })

  it('is an ordinary path without a secret', async () => {
    const resolve = fakeResolve(() => new Response('Not found', { status: 404 }))
    const request = 'http://example.com/__isr/status'
    const headers = { authorization: `Bearer ${SECRET}` }
    const response = await hook()({ event: fakeEvent({ request, routeId: null, headers }), resolve })
    expect(response.status).toBe(404)
    expect(resolve.renders).toBe(1)
  })
})

describe('data requests (client-side navigation)', () => {
  const routes = { '/blog/[slug]': { revalidate: 60 } }
  const routeOf = (pathname: string) => (pathname.startsWith('/blog/') ? '/blog/[slug]' : pathname)
  let n: number
  /** The post page: its HTML, or its `__data.json` with Kit's default Cache-Control. */
  const post: Page = (event) => {
    n++
    return event.isDataRequest ? data({ post: event.url.pathname, render: n }) : html(`<h1>${event.url.pathname}</h1>`)
  }
  beforeEach(() => {
    n = 0
  })

  it('are keyed apart from the page, and cached by the rule of the Kit route id', async () => {
    const app = fakeApp(hook({ routes }), post, { routeOf })
    const page = await visit(app, '/blog/hello')
    expect(page.state).toBe('MISS')
    const json = await visit(app, '/blog/hello/__data.json?x-sveltekit-invalidated=01')
    // Never the page's HTML for data.
    expect(json.state).toBe('MISS')
    expect(JSON.parse(json.body)).toEqual({ post: '/blog/hello', render: 2 })

    const pageHit = await visit(app, '/blog/hello')
    expect(pageHit.state).toBe('HIT')
    expect(pageHit.body).toBe('<h1>/blog/hello</h1>')
    const jsonHit = await visit(app, '/blog/hello/__data.json?x-sveltekit-invalidated=01')
    expect(jsonHit.state).toBe('HIT')
    expect(jsonHit.response.headers.get('content-type')).toBe('application/json')
    expect(JSON.parse(jsonHit.body)).toEqual({ post: '/blog/hello', render: 2 })
    expect(app.resolve.renders).toBe(2)
    // The Kit event the data render saw was the page's.
    expect(app.resolve.rendered[1]?.isDataRequest).toBe(true)
  })

  it("are cached by the rule despite Kit's private, no-store, and sent as cached HTML is", async () => {
    const app = fakeApp(hook({ routes }), post, { routeOf })
    const miss = await visit(app, '/blog/hello/__data.json')
    expect(miss.state).toBe('MISS')
    expect(miss.response.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate')
    const hit = await visit(app, '/blog/hello/__data.json')
    expect(hit.state).toBe('HIT')
    expect(hit.response.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate')
  })

  it('match the rule by route id, whatever the path looks like', async () => {
    // A `reroute` hook can send /posts/hello to the route /blog/[slug].
    const app = fakeApp(hook({ routes }), post, { routeOf: () => '/blog/[slug]' })
    await visit(app, '/posts/hello/__data.json')
    expect((await visit(app, '/posts/hello/__data.json')).state).toBe('HIT')
    // Without the route id, nothing says to cache /posts/hello.
    const unrouted = fakeApp(hook({ routes }), post, { routeOf: (pathname) => pathname })
    await visit(unrouted, '/posts/hello/__data.json')
    expect((await visit(unrouted, '/posts/hello/__data.json')).state).toBe('BYPASS')
  })

  it("keep Kit's private, no-store when they are not stored", async () => {
    // The data response sets a cookie: never stored.
    const setsCookie: Page = (event) => {
      event.cookies.set('seen', 'yes')
      return data({ seen: true })
    }
    const app = fakeApp(hook({ routes }), setsCookie, { routeOf })
    const first = await visit(app, '/blog/hello/__data.json')
    expect(first.state).toBe('BYPASS')
    expect(first.response.headers.get('cache-control')).toBe('private, no-store')
    expect(first.response.headers.get('set-cookie')).toBe('seen=yes; Path=/')
    expect((await visit(app, '/blog/hello/__data.json')).state).toBe('BYPASS')

    // No rule for the route: nothing says to cache it.
    const ruleless = fakeApp(hook(), post)
    const uncached = await visit(ruleless, '/elsewhere/__data.json')
    expect(uncached.state).toBe('BYPASS')
    expect(uncached.response.headers.get('cache-control')).toBe('private, no-store')
  })

  it("keep the page's own Cache-Control", async () => {
    const app = fakeApp(hook(), (event) => {
      event.setHeaders({ 'cache-control': 'private, max-age=30' })
      return data({ mine: true })
    })
    const response = await visit(app, '/account/__data.json')
    expect(response.state).toBe('BYPASS')
    expect(response.response.headers.get('cache-control')).toBe('private, max-age=30')
  })
})

describe('cookies', () => {
  it("renders a page that reads the visitor's cookie for that visitor alone, caches the anonymous one", async () => {
    const app = fakeApp(hook(), greeting)
    const alice = await visit(app, '/greet', { headers: { cookie: 'name=alice' } })
    expect(alice.body).toBe('Hello, alice')
    expect(alice.state).toBe('BYPASS')
    expect(alice.response.headers.get('cache-control')).toBe('private, no-cache')
    expect(alice.response.headers.has('x-isr-read')).toBe(false)

    const guest = await visit(app, '/greet')
    expect(guest.state).toBe('MISS')
    expect(guest.body).toBe('Hello, guest')
    expect((await visit(app, '/greet')).state).toBe('HIT')

    // The anonymous page is never served to a visitor who carries cookies.
    const bob = await visit(app, '/greet', { headers: { cookie: 'name=bob' } })
    expect(bob.state).toBe('BYPASS')
    expect(bob.body).toBe('Hello, bob')
    expect(app.resolve.renders).toBe(3)
  })

  it('sees a read of the Cookie header as well', async () => {
    const app = fakeApp(hook(), (event) =>
      html(event.request.headers.get('cookie') ? 'member' : 'guest', { 'cache-control': 's-maxage=60' }),
    )
    const member = await visit(app, '/header', { headers: { cookie: 'session=abc' } })
    expect(member.state).toBe('BYPASS')
    expect(member.body).toBe('member')
  })

  it("sees the visitor's cookies go along with event.fetch to the app's own endpoints", async () => {
    // The page asks its own API who the visitor is; Kit's event.fetch sends the visitor's cookies along.
    const page: Page = async (event) => {
      if (event.url.pathname === '/api/me') return Response.json({ name: event.cookies.get('name') ?? null })
      const me = (await (await event.fetch('/api/me')).json()) as { name: string | null }
      return html(me.name ? `Hello, ${me.name}` : 'Hello, guest', { 'cache-control': 's-maxage=60' })
    }
    const app = fakeApp(hook(), page)
    const alice = await visit(app, '/greet', { headers: { cookie: 'name=alice' } })
    expect(alice.body).toBe('Hello, alice')
    expect(alice.state).toBe('BYPASS')
    // Alice's page was not stored: a guest gets a page of their own.
    const guest = await visit(app, '/greet')
    expect(guest.body).toBe('Hello, guest')
    expect(guest.state).toBe('MISS')
    expect((await visit(app, '/greet')).state).toBe('HIT')
    // And the guest's page is not Bob's.
    const bob = await visit(app, '/greet', { headers: { cookie: 'name=bob' } })
    expect(bob.body).toBe('Hello, bob')
  })

  it('does not count an event.fetch without credentials, or to another site', async () => {
    const page: Page = async (event) => {
      if (event.url.pathname === '/api/posts') return Response.json(['first'])
      await (await event.fetch('/api/posts', { credentials: 'omit' })).text()
      await (await event.fetch('https://cms.example.net/api/posts')).text()
      return html('posts', { 'cache-control': 's-maxage=60' })
    }
    const app = fakeApp(hook(), page)
    await visit(app, '/posts')
    expect((await visit(app, '/posts', { headers: { cookie: 'session=abc' } })).state).toBe('HIT')
  })

  it('serves a page that reads no cookies to a visitor with a session', async () => {
    const app = fakeApp(hook(), counted())
    const withSession = await visit(app, '/page', { headers: { cookie: 'session=abc' } })
    expect(withSession.state).toBe('MISS')
    expect((await visit(app, '/page')).state).toBe('HIT')
    const again = await visit(app, '/page', { headers: { cookie: 'session=xyz' } })
    expect(again.state).toBe('HIT')
    expect(again.body).toBe('render 1')
    expect(app.resolve.renders).toBe(1)
  })
})

describe('background regeneration', () => {
  it("re-renders a stale page through Kit's internal fetch, without credentials, and stores it", async () => {
    const app = fakeApp(hook(), counted())
    await visit(app, '/page')
    clock += 61_000
    const stale = await app.get('/page')
    expect(stale.headers.get('x-isr-cache')).toBe('STALE')
    expect(await stale.text()).toBe('render 1')

    // Sent once its token is signed: a moment after the stale answer.
    await expect.poll(() => app.fetches.length).toBe(1)
    const [call] = app.fetches
    expect(call?.url).toBe('http://example.com/page')
    expect(call?.init?.credentials).toBe('omit')
    expect(new Headers(call?.init?.headers).get('x-isr-regenerate')).toMatch(/\S{16,}/)

    await app.settle()
    // The hook answered that sub-request by rendering it.
    expect(app.resolve.renders).toBe(2)
    const rerendered = app.resolve.rendered[1] as FakeEvent
    expect(rerendered.isSubRequest).toBe(true)
    expect(rerendered.request.headers.has('x-isr-regenerate')).toBe(true)
    const fresh = await visit(app, '/page')
    expect(fresh.state).toBe('HIT')
    expect(fresh.body).toBe('render 2')
  })

  it('hands the work to platform.ctx.waitUntil', async () => {
    const handedOver: Promise<unknown>[] = []
    const platform = { ctx: { waitUntil: (promise: Promise<unknown>) => handedOver.push(promise) } }
    const app = fakeApp(hook(), counted(), { platform })
    await visit(app, '/page')
    await Promise.all(handedOver)
    clock += 61_000
    const before = handedOver.length
    const stale = await app.get('/page')
    expect(stale.headers.get('x-isr-cache')).toBe('STALE')
    await stale.text()
    // What the stale request handed over is the regeneration, up to its storing.
    expect(handedOver.length).toBeGreaterThan(before)
    await Promise.all(handedOver.slice(before))
    expect(app.resolve.renders).toBe(2)
    const fresh = await app.get('/page')
    expect(fresh.headers.get('x-isr-cache')).toBe('HIT')
    expect(await fresh.text()).toBe('render 2')
  })

  it('regenerates data by its route rule, as the first render was', async () => {
    let n = 0
    const app = fakeApp(hook({ routes: { '/blog/[slug]': { revalidate: 60 } } }), () => data({ render: ++n }), {
      routeOf: () => '/blog/[slug]',
    })
    const path = '/blog/hello/__data.json?x-sveltekit-invalidated=01'
    await visit(app, path)
    clock += 61_000
    expect((await visit(app, path)).state).toBe('STALE')
    expect(app.fetches.map((call) => call.url)).toEqual([`http://example.com${path}`])
    const fresh = await visit(app, path)
    expect(fresh.state).toBe('HIT')
    expect(JSON.parse(fresh.body)).toEqual({ render: 2 })
  })

  it('happens without a platform waitUntil too', async () => {
    const app = fakeApp(hook(), counted(), { platform: {} })
    const first = await app.get('/page')
    await first.text()
    await vi.waitFor(async () => expect((await app.get('/page')).headers.get('x-isr-cache')).toBe('HIT'))
    clock += 61_000
    expect((await app.get('/page')).headers.get('x-isr-cache')).toBe('STALE')
    await vi.waitFor(async () => {
      const response = await app.get('/page')
      expect(response.headers.get('x-isr-cache')).toBe('HIT')
      expect(await response.text()).toBe('render 2')
    })
  })

  it('keeps a regenerated page that reads cookies from visitors who carry some', async () => {
    let n = 0
    const app = fakeApp(hook(), (event) => {
      n++
      return html(`${event.cookies.get('name') ?? 'guest'} ${n}`, { 'cache-control': 's-maxage=60' })
    })
    await visit(app, '/greet')
    clock += 61_000
    expect((await visit(app, '/greet')).state).toBe('STALE')
    expect((await visit(app, '/greet')).body).toBe('guest 2')
    const alice = await visit(app, '/greet', { headers: { cookie: 'name=alice' } })
    expect(alice.state).toBe('BYPASS')
    expect(alice.body).toBe('alice 3')
  })

  it('renders one event once: the visitor who met the stale page was never resolved', async () => {
    const app = fakeApp(hook(), counted())
    await visit(app, '/page')
    clock += 61_000
    await visit(app, '/page')
    expect(app.resolve.rendered.map((event) => event.isSubRequest)).toEqual([false, true])
  })
})

describe('build id', () => {
  it("is Kit's version: entries of another version are not served", async () => {
    const storage = createStorage()
    const v1 = fakeApp(hook({ storage }), counted())
    expect((await visit(v1, '/page')).state).toBe('MISS')

    setKitEnvironment({ building: false, version: '456' })
    const v2 = fakeApp(hook({ storage }), counted())
    expect((await visit(v2, '/page')).state).toBe('MISS')

    // Another instance of version 123 reads what the first stored.
    setKitEnvironment({ building: false, version: '123' })
    const v1again = fakeApp(hook({ storage }), counted())
    const shared = await visit(v1again, '/page')
    expect(shared.state).toBe('HIT')
    expect(shared.body).toBe('render 1')
  })

  it('accepts any version name Kit allows', async () => {
    setKitEnvironment({ building: false, version: `v1.2.3+build/7 ${'x'.repeat(80)}` })
    const app = fakeApp(hook(), counted())
    expect((await visit(app, '/page')).state).toBe('MISS')
    expect((await visit(app, '/page')).state).toBe('HIT')
  })

  it('is none outside a Kit build', async () => {
    setKitEnvironment({ building: false, version: undefined })
    const app = fakeApp(hook(), counted())
    await visit(app, '/page')
    expect((await visit(app, '/page')).state).toBe('HIT')
  })

  it('can be chosen', async () => {
    const storage = createStorage()
    await visit(fakeApp(hook({ storage, buildId: 'release-7' }), counted()), '/page')
    setKitEnvironment({ building: false, version: '456' })
    expect((await visit(fakeApp(hook({ storage, buildId: 'release-7' }), counted()), '/page')).state).toBe('HIT')
  })
})

describe('options', () => {
  it('are checked when the hook is created, naming the bad one', () => {
    expect(() => isr({ revalidate: -1 })).toThrow(/Invalid option `revalidate`/)
    expect(() => isr({ routes: { '/blog/[slug]': { revalidate: -5 } } })).toThrow("routes['/blog/[slug]'].revalidate")
    expect(() => isr({ buildId: 'has space' })).toThrow(/buildId/)
  })

  it('apply route rules and global revalidate as core does', async () => {
    const app = fakeApp(hook({ revalidate: 30 }), counted({}))
    await visit(app, '/page')
    expect((await visit(app, '/page')).state).toBe('HIT')
    clock += 31_000
    expect((await visit(app, '/page')).state).toBe('STALE')
  })
})

describe('shutting down', () => {
  it('closes its instance when adapter-node says it has shut down, and on close()', async () => {
    isr({ namespace: 'shutdown-a', logger: false })
    const b = isr({ namespace: 'shutdown-b', logger: false })
    const state = (namespace: string) =>
      revalidatePath('/', { namespace }).then(
        () => 'open',
        (error: Error) => error.name,
      )
    expect(await state('shutdown-a')).toBe('open')
    await b.close()
    expect(await state('shutdown-b')).toBe('ISRClosedError')
    process.emit('sveltekit:shutdown' as 'exit', 0)
    await expect.poll(() => state('shutdown-a')).toBe('ISRClosedError')
  })
})
