// One request through isrkit inside Astro's cache step, with a real core and a fake `next` standing in for
// Astro's render of the request it was handed.
import { createISR, type ISR, type ISROptions } from '@isrkit/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { handleInAstro } from '../src/handle.ts'

const ASTRO_COOKIES = Symbol.for('astro.cookies')
const SESSION = 'session=abc123'

/** A page: what Astro renders for the request it was handed (the visitor's own). */
type Page = (request: Request) => Response

let isr: ISR
let clock: number
let handedOver: Promise<unknown>[]
let renders: Response[]

function setup(options: ISROptions = {}) {
  isr = createISR({ routes: { '/**': { revalidate: 60 } }, logger: false, now: () => clock, ...options })
}

beforeEach(() => {
  clock = Date.UTC(2026, 0, 1)
  handedOver = []
  renders = []
  setup()
})

afterEach(async () => {
  await isr.close()
})

/** A visitor's request through the provider; `next` renders that very request, as Astro does. */
async function visit(page: Page, { cookie, path = '/' }: { cookie?: string; path?: string } = {}) {
  const request = new Request(`http://example.com${path}`, { headers: cookie ? { cookie } : {} })
  const response = await handleInAstro(isr, { request, waitUntil: (p) => handedOver.push(p) }, async () => {
    const rendered = page(request)
    renders.push(rendered)
    return rendered
  })
  const body = await response.text()
  // Core stores an entry once its body has been read; it hands that work to waitUntil.
  await Promise.all(handedOver)
  return { response, body, state: response.headers.get('x-isr-cache'), status: response.headers.get('cache-status') }
}

/** Reads the visitor's cookie, as `Astro.cookies.get('session')` does. */
const greeting: Page = (request) => {
  const signedIn = (request.headers.get('cookie') ?? '').includes('session=')
  return new Response(signedIn ? 'Hello, member' : 'Hello, guest', { headers: { 'content-type': 'text/html' } })
}

/** Never looks at cookies. */
const article: Page = () => new Response('<h1>Article</h1>', { headers: { 'content-type': 'text/html' } })

function settingCookies(page: Page, setCookies: string[]): Page {
  return (request) => {
    const response = page(request)
    Reflect.set(response, ASTRO_COOKIES, {
      *headers() {
        yield* setCookies
      },
    })
    return response
  }
}

describe('a page that reads cookies', () => {
  it('is marked as such, and a visitor with a session is rendered for alone', async () => {
    const member = await visit(greeting, { cookie: SESSION })
    expect(renders[0]?.headers.get('x-isr-read')).toBe('cookie')
    expect(member.body).toBe('Hello, member')
    expect(member.state).toBe('BYPASS')
    expect(member.response.headers.get('cache-control')).toBe('private, no-cache')
    // The internal marker never reaches the browser.
    expect(member.response.headers.has('x-isr-read')).toBe(false)

    // Nothing was stored: an anonymous visitor gets a render of their own.
    const guest = await visit(greeting)
    expect(guest.state).toBe('MISS')
    expect(guest.body).toBe('Hello, guest')
    expect(renders).toHaveLength(2)
  })

  it('is stored from an anonymous render, served HIT to anonymous visitors, and never to one with a session', async () => {
    const first = await visit(greeting)
    expect(first.state).toBe('MISS')
    expect(renders[0]?.headers.get('x-isr-read')).toBe('cookie')
    expect(handedOver.length).toBeGreaterThan(0)

    const second = await visit(greeting)
    expect(second.state).toBe('HIT')
    expect(second.body).toBe('Hello, guest')
    expect(renders).toHaveLength(1)

    const member = await visit(greeting, { cookie: SESSION })
    expect(member.body).toBe('Hello, member')
    expect(member.state).toBe('BYPASS')
    expect(member.response.headers.get('cache-control')).toBe('private, no-cache')
    expect(renders).toHaveLength(2)

    // The anonymous entry is still there for anonymous visitors.
    expect((await visit(greeting)).state).toBe('HIT')
  })
})

describe('a page that does not read cookies', () => {
  it('is served HIT to a visitor with cookies', async () => {
    expect((await visit(article)).state).toBe('MISS')
    expect(renders[0]?.headers.has('x-isr-read')).toBe(false)
    const member = await visit(article, { cookie: SESSION })
    expect(member.state).toBe('HIT')
    expect(member.body).toBe('<h1>Article</h1>')
    expect(renders).toHaveLength(1)
  })

  it('rendered for a visitor with cookies, is stored for everyone', async () => {
    const member = await visit(article, { cookie: SESSION })
    expect(member.state).toBe('MISS')
    expect((await visit(article)).state).toBe('HIT')
    expect((await visit(article, { cookie: 'other=1' })).state).toBe('HIT')
    expect(renders).toHaveLength(1)
  })
})

describe('Astro.cookies.set()', () => {
  it('keeps the render out of the cache, and Astro still gets the cookies to send', async () => {
    const login = settingCookies(article, ['session=new; Path=/; HttpOnly'])
    const first = await visit(login)
    expect(first.state).toBe('BYPASS')
    expect(first.status).toContain('detail=set-cookie')
    expect(first.body).toBe('<h1>Article</h1>')
    expect(Reflect.get(first.response, ASTRO_COOKIES)).toBe(Reflect.get(renders[0]!, ASTRO_COOKIES))

    const second = await visit(login)
    expect(second.state).toBe('BYPASS')
    expect(renders).toHaveLength(2)
  })

  it('with nothing set, does not keep the render out of the cache', async () => {
    const page = settingCookies(article, [])
    expect((await visit(page)).state).toBe('MISS')
    expect((await visit(page)).state).toBe('HIT')
  })

  it('never reaches a visitor through a HIT', async () => {
    expect((await visit(article)).state).toBe('MISS')
    const hit = await visit(settingCookies(article, ['session=other']))
    expect(hit.state).toBe('HIT')
    expect(Reflect.has(hit.response, ASTRO_COOKIES)).toBe(false)
    expect(renders).toHaveLength(1)
  })

  it('set by a background regeneration never reaches the visitor served the stale page', async () => {
    expect((await visit(article)).state).toBe('MISS')
    clock += 61_000
    const stale = await visit(settingCookies(article, ['session=other']))
    expect(stale.state).toBe('STALE')
    expect(renders).toHaveLength(2)
    expect(Reflect.has(stale.response, ASTRO_COOKIES)).toBe(false)
    // That render set a cookie: it was not stored, and the old entry is gone with it.
    const after = await visit(article)
    expect(after.state).toBe('MISS')
  })
})

describe('a page’s body-less 404, around which Astro renders its 404 page', () => {
  it('is stored, and handed back body-less on every hit, without the empty body’s validator', async () => {
    let bodies = 0
    const missing: Page = () => new Response(null, { status: 404 })
    const context = () => ({
      request: new Request('http://example.com/gone'),
      waitUntil: (p: Promise<unknown>) => handedOver.push(p),
    })
    const first = await handleInAstro(isr, context(), async () => missing(new Request('http://x')))
    expect(first.status).toBe(404)
    expect(first.body).toBeNull()
    await Promise.all(handedOver)
    for (let i = 0; i < 2; i++) {
      const hit = await handleInAstro(isr, context(), async () => {
        bodies++
        return missing(new Request('http://x'))
      })
      expect(hit.headers.get('x-isr-cache')).toBe('HIT')
      expect(hit.status).toBe(404)
      expect(hit.body).toBeNull()
      expect(hit.headers.has('etag')).toBe(false)
    }
    expect(bodies).toBe(0)
  })

  it('leaves a 404 with a body of the page’s own as it is', async () => {
    const own: Page = () =>
      new Response('<h1>No such post</h1>', { status: 404, headers: { 'content-type': 'text/html' } })
    await visit(own, { path: '/own' })
    const hit = await visit(own, { path: '/own' })
    expect(hit.state).toBe('HIT')
    expect(hit.body).toBe('<h1>No such post</h1>')
  })
})
