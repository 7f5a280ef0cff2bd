// Regeneration without a waiting visitor (regenerate.ts): background, and eager invalidations that reach
// the app over real HTTP, as they would behind a load balancer.
import { serve } from 'srvx'
import { afterEach, describe, expect, it } from 'vitest'
import { createISR } from '../src/index.ts'
import type { ISR, ISREvent } from '../src/types.ts'
import { Clock, html, Site, state } from './support/harness.ts'
import { type Served, serveSite } from './support/server.ts'

const secret = 'a-long-enough-secret'
let cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(cleanup.map((fn) => fn()))
  cleanup = []
})

async function setup(options: { origin?: boolean } = {}) {
  const clock = new Clock()
  const site = new Site({
    '*': (r, n) => html(`${new URL(r.url).pathname}${new URL(r.url).search} render ${n}`, { 'cache-tag': 'post:42' }),
  })
  const events: ISREvent[] = []
  const background: Promise<unknown>[] = []
  let isr: ISR | undefined
  const served: Served = await serveSite(
    () => isr as ISR,
    site,
    (p) => background.push(p),
  )
  isr = createISR({
    secret,
    routes: { '/**': { revalidate: 600 } },
    now: clock.read,
    logger: false,
    onEvent: (e) => events.push(e),
    origin: options.origin === false ? undefined : served.url,
  })
  const instance = isr
  cleanup.push(async () => {
    await instance.close()
    await served.close()
  })
  const get = (path: string, init?: RequestInit) => fetch(`${served.url}${path}`, init)
  const settle = async () => {
    while (background.length > 0) await Promise.all(background.splice(0))
  }
  /** Eager regeneration runs after revalidate resolves; wait until the renders it caused are stored. */
  const stored = (count: number) =>
    expect.poll(() => events.filter((e) => e.type === 'store').length, { timeout: 5000 }).toBeGreaterThanOrEqual(count)
  return { clock, site, events, isr: instance, url: served.url, get, settle, stored }
}

describe('eager invalidation', () => {
  it('regenerates every known variant of a path before the next visitor arrives', async () => {
    const s = await setup()
    await (await s.get('/post/1')).text()
    await (await s.get('/post/1?page=2')).text()
    await s.settle()
    await s.stored(2)
    s.clock.advance(1)
    const result = await s.isr.revalidatePath('/post/1', { mode: 'eager' })
    expect(result.regenerating).toBe(2)
    await s.stored(4)
    const next = await s.get('/post/1')
    const page2 = await s.get('/post/1?page=2')
    expect([state(next), state(page2)]).toEqual(['HIT', 'HIT'])
    // Both variants were re-rendered (renders 3 and 4, in whichever order they ran).
    const bodies = [await next.text(), await page2.text()]
    expect(bodies.map((b) => b.replace(/ render \d+$/, ''))).toEqual(['/post/1', '/post/1?page=2'])
    expect(bodies.map((b) => Number(b.split(' render ')[1])).sort()).toEqual([3, 4])
    expect(s.site.count('/post/1')).toBe(4)
  })

  it('regenerates the memory-tier entries carrying a tag', async () => {
    const s = await setup()
    await (await s.get('/a')).text()
    await (await s.get('/b')).text()
    await s.settle()
    await s.stored(2)
    s.clock.advance(1)
    await s.isr.revalidateTag('post:42', { mode: 'eager' })
    await s.stored(4)
    expect(state(await s.get('/a'))).toBe('HIT')
    expect(await (await s.get('/b')).text()).toBe('/b render 2')
  })

  it('regenerates the pages carrying a tag, and leaves cached functions’ results to their next call', async () => {
    const s = await setup()
    let reads = 0
    const getPost = s.isr.cached(async () => ++reads, { name: 'getPost', tags: ['post:42'] })
    await getPost()
    await (await s.get('/a')).text()
    await s.settle()
    await s.stored(2)
    s.clock.advance(1)
    expect((await s.isr.revalidateTag('post:42', { mode: 'eager' })).regenerating).toBe(1)
    await s.stored(3)
    expect(await (await s.get('/a')).text()).toBe('/a render 2')
    expect(reads).toBe(1)
    // Stale now: the stored result once, while one call refreshes it.
    expect(await getPost()).toBe(1)
    await expect.poll(() => getPost()).toBe(2)
  })

  it('sends eager regenerations from code to the address an adapter says the server has', async () => {
    const s = await setup({ origin: false })
    const site = new Site({ '*': (_r, n) => html(`direct ${n}`) })
    await (await s.get('/a')).text()
    await s.settle()
    await s.stored(1)
    // What an adapter does with the socket it accepted a request on.
    await (await s.isr.handle(new Request(`${s.url}/other`), site.render, { origin: s.url })).text()
    s.clock.advance(1)
    expect((await s.isr.revalidatePath('/a', { mode: 'eager' })).regenerating).toBe(1)
    await s.stored(3) // /a, /other, then /a again
    expect(await (await s.get('/a')).text()).toBe('/a render 2')
  })

  it('never sends a regeneration to the Host a webhook was called with', async () => {
    const s = await setup({ origin: false })
    const reached: string[] = []
    const attacker = serve({
      hostname: '127.0.0.1',
      port: 0,
      silent: true,
      fetch: (request) => {
        reached.push(request.url)
        return new Response('pwned')
      },
    })
    await attacker.ready()
    cleanup.push(() => attacker.close(true))
    const attackerUrl = attacker.url?.replace(/\/$/, '')
    await (await s.get('/a')).text()
    await s.settle()
    await s.stored(1)
    s.clock.advance(1)
    // A captured webhook replayed with the attacker's Host: the request's URL names the attacker's origin.
    const replayed = await s.isr.handle(
      new Request(`${attackerUrl}/__isr/revalidate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}` },
        body: JSON.stringify({ paths: ['/a'], mode: 'eager' }),
      }),
      s.site.render,
    )
    expect(await replayed.json()).toMatchObject({ ok: true, mode: 'eager', regenerating: 0 })
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(reached).toEqual([])
    // Marked stale instead: the next visitor gets the old page while it regenerates.
    expect(state(await s.get('/a'))).toBe('STALE')
  })

  it('renders with a token only the URL it was issued for, and only for seconds', async () => {
    const s = await setup()
    await (await s.get('/a')).text()
    await s.settle()
    await s.stored(1)
    // A token as a real eager regeneration carries it, captured on the way.
    const { RegenerateTokens } = await import('../src/token.ts')
    const tokens = new RegenerateTokens(secret)
    const token = await tokens.issue(`${s.url}/a`, s.clock.now)
    const elsewhere = await s.get('/a', {
      headers: { 'x-isr-regenerate': token, 'x-isr-url': 'http://evil.test/a' },
    })
    expect(state(elsewhere)).toBe('HIT')
    expect(await elsewhere.text()).toBe('/a render 1')
    const otherPage = await s.get('/b', { headers: { 'x-isr-regenerate': token, 'x-isr-url': `${s.url}/b` } })
    expect(state(otherPage)).toBe('MISS')
    s.clock.advance(16)
    const late = await s.get('/a', { headers: { 'x-isr-regenerate': token, 'x-isr-url': `${s.url}/a` } })
    expect(state(late)).toBe('HIT')
    expect(s.site.count('/a')).toBe(1)
    const fresh = await tokens.issue(`${s.url}/a`, s.clock.now)
    const valid = await s.get('/a', { headers: { 'x-isr-regenerate': fresh, 'x-isr-url': `${s.url}/a` } })
    expect(state(valid)).toBe('REVALIDATED')
    expect(s.site.count('/a')).toBe(2)
  })

  it('marks stale instead, and says so once, when it has no origin', async () => {
    const s = await setup({ origin: false })
    const warnings: string[] = []
    const isr = createISR({
      logger: { warn: (m) => warnings.push(m), error: () => {} },
      routes: { '/**': { revalidate: 60 } },
    })
    cleanup.push(() => isr.close())
    const result = await isr.revalidatePath('/a', { mode: 'eager' })
    expect(result.regenerating).toBe(0)
    await isr.revalidatePath('/b', { mode: 'eager' })
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('origin')
    void s
  })

  it('stores a framework’s render of a regeneration only when it arrived on the origin it is keyed for', async () => {
    const s = await setup({ origin: false })
    const { RegenerateTokens } = await import('../src/token.ts')
    const tokens = new RegenerateTokens(secret)
    const site = new Site({ '*': (r, n) => html(`${new URL(r.url).origin} render ${n}`) })
    const ctx = { rendersOwnRequest: true, rendersOwnOrigin: true }
    const regeneration = async (arrivedOn: string, target: string) =>
      s.isr.handle(
        new Request(`${arrivedOn}/a`, {
          headers: { 'x-isr-regenerate': await tokens.issue(target, s.clock.now), 'x-isr-url': target },
        }),
        site.render,
        ctx,
      )
    const elsewhere = await regeneration('http://127.0.0.1:9', 'http://public.test/a')
    expect(state(elsewhere)).toBe('BYPASS')
    expect(elsewhere.headers.get('cache-status')).toContain('detail=unkeyed-origin')
    expect(await s.isr.lookup(new Request('http://public.test/a'))).toBeUndefined()
    const own = await regeneration('http://public.test', 'http://public.test/a')
    expect(state(own)).toBe('REVALIDATED')
    expect(await s.isr.lookup(new Request('http://public.test/a'))).toBeDefined()
  })

  it('ignores a regeneration header without the right token', async () => {
    const s = await setup()
    await (await s.get('/a')).text()
    await s.settle()
    const forged = await s.get('/a', { headers: { 'x-isr-regenerate': 'guess', 'x-isr-url': 'http://evil.test/a' } })
    expect(state(forged)).toBe('HIT')
    expect(s.site.count('/a')).toBe(1)
  })
})

describe('background regeneration', () => {
  it('hands its work to waitUntil and replaces the entry after the stale response', async () => {
    const s = await setup()
    await (await s.get('/a')).text()
    await s.settle()
    s.clock.advance(601)
    const stale = await s.get('/a')
    expect(state(stale)).toBe('STALE')
    expect(await stale.text()).toBe('/a render 1')
    await s.settle()
    expect(await (await s.get('/a')).text()).toBe('/a render 2')
  })

  it('starts one regeneration for many concurrent stale hits', async () => {
    const s = await setup()
    await (await s.get('/a')).text()
    await s.settle()
    s.clock.advance(601)
    const responses = await Promise.all(Array.from({ length: 20 }, () => s.get('/a')))
    // None renders in the foreground: each is served the stale entry, or the new one once it is stored.
    expect(responses.every((r) => state(r) === 'STALE' || state(r) === 'HIT')).toBe(true)
    await Promise.all(responses.map((r) => r.text()))
    await s.settle()
    expect(s.site.count('/a')).toBe(2)
  })
})
