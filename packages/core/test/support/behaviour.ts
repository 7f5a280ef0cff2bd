// One behaviour suite for the whole request flow, run against every storage setup (unstorage's
// driver-suite pattern): what a visitor sees must not depend on where entries live.
import * as zlib from 'node:zlib'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ISROptions } from '../../src/types.ts'
import { gatedBody, harness, html, type PageHandler, state } from './harness.ts'

export interface StorageSetup {
  /** Options that place entries (storage, memory tier); instances given the same scope share storage. */
  options: (scope: string) => ISROptions
  /** Entries survive a new instance on the same options (shared storage). */
  persistent: boolean
  /**
   * The keys in the scope's shared storage and the seconds each has left where the storage keeps TTLs (Redis);
   * storage without TTLs is swept by the janitor instead.
   */
  stored?: (scope: string) => Promise<{ key: string; ttl?: number }[]>
}

/** Entry keys are `<namespace>:<build>:e:…` (key.ts storageKey). */
const entryKeys = (keys: { key: string; ttl?: number }[]) => keys.filter((k) => /(^|:)isr:[^:]+:e:/.test(k.key))
const recordKeys = (keys: { key: string; ttl?: number }[]) => keys.filter((k) => /(^|:)isr:[tp]:/.test(k.key))

const stamp: PageHandler = (request, count) => html(`<h1>${new URL(request.url).pathname} render ${count}</h1>`)

/** What browsers send (Chrome, Firefox). */
const BROWSER = 'gzip, deflate, br, zstd'

/** A compressible page of some 12 KB. */
function article(seed: number): string {
  const rows = Array.from({ length: 120 }, (_, i) => `<li class="row">Item ${seed}.${i}: ${(i * 7919) % 1000}</li>`)
  return `<!doctype html><html><body><h1>Article ${seed}</h1><ul>${rows.join('')}</ul></body></html>`
}

function decoded(bytes: Uint8Array, coding: string | null): string {
  if (coding === 'br') return zlib.brotliDecompressSync(bytes).toString()
  if (coding === 'gzip') return zlib.gunzipSync(bytes).toString()
  return new TextDecoder().decode(bytes)
}

export function describeBehaviour(name: string, setup: StorageSetup) {
  let scope = ''
  let tests = 0
  const make = (options: ISROptions, pages: Record<string, PageHandler>) =>
    harness({ ...setup.options(scope), ...options }, pages)

  describe(`request flow on ${name}`, () => {
    beforeEach(() => {
      scope = `test-${++tests}`
    })

    it('answers MISS, then HIT, then STALE past revalidate, then the fresh render', async () => {
      const h = make({ routes: { '/': { revalidate: 10 } } }, { '/': stamp })
      const first = await h.get('/')
      expect(state(first)).toBe('MISS')
      expect(await first.text()).toBe('<h1>/ render 1</h1>')
      await h.settle()
      const second = await h.get('/')
      expect(state(second)).toBe('HIT')
      expect(await second.text()).toBe('<h1>/ render 1</h1>')
      expect(second.headers.get('age')).toBe('0')
      h.clock.advance(11)
      const stale = await h.get('/')
      expect(state(stale)).toBe('STALE')
      expect(await stale.text()).toBe('<h1>/ render 1</h1>')
      expect(stale.headers.get('cache-status')).toBe('isrkit; hit; ttl=-1; detail=stale-while-revalidate')
      await h.settle()
      const fresh = await h.get('/')
      expect(state(fresh)).toBe('HIT')
      expect(await fresh.text()).toBe('<h1>/ render 2</h1>')
      expect(h.site.count('/')).toBe(2)
      await h.isr.close()
    })

    it('renders once for 100 concurrent requests on a cold key', async () => {
      let release!: () => void
      const gate = new Promise<void>((resolve) => {
        release = resolve
      })
      const h = make(
        { routes: { '/slow': { revalidate: 60 } } },
        {
          '/slow': async (_r, n) => {
            await gate
            return html(`slow ${n}`)
          },
        },
      )
      const requests = Promise.all(Array.from({ length: 100 }, () => h.get('/slow')))
      // Held until every request has missed: one whose storage read came back after the store would be a HIT.
      await vi.waitFor(() => expect(h.events.filter((e) => e.type === 'miss')).toHaveLength(100), { timeout: 10_000 })
      release()
      const responses = await requests
      const bodies = await Promise.all(responses.map((r) => r.text()))
      expect(h.site.count('/slow')).toBe(1)
      expect(new Set(bodies)).toEqual(new Set(['slow 1']))
      expect(responses.every((r) => r.status === 200)).toBe(true)
      expect(responses.filter((r) => r.headers.get('cache-status')?.includes('collapsed'))).toHaveLength(99)
      await h.isr.close()
    })

    it('streams the first chunk to the first client before the render completes, then stores the whole body', async () => {
      let release = () => {}
      const h = make(
        { routes: { '/stream': { revalidate: 60 } } },
        {
          '/stream': () => {
            const gated = gatedBody('<p>head</p>', '<p>tail</p>')
            release = gated.release
            return new Response(gated.stream, { headers: { 'content-type': 'text/html' } })
          },
        },
      )
      const response = await h.get('/stream')
      expect(state(response)).toBe('MISS')
      const reader = response.body!.getReader()
      const first = await reader.read()
      expect(new TextDecoder().decode(first.value)).toBe('<p>head</p>')
      release()
      const second = await reader.read()
      expect(new TextDecoder().decode(second.value)).toBe('<p>tail</p>')
      await h.settle()
      const hit = await h.get('/stream')
      expect(state(hit)).toBe('HIT')
      expect(await hit.text()).toBe('<p>head</p><p>tail</p>')
      await h.isr.close()
    })

    it('keeps storing when the first client disconnects mid-stream', async () => {
      let release = () => {}
      const h = make(
        { routes: { '/stream': { revalidate: 60 } } },
        {
          '/stream': () => {
            const gated = gatedBody('a', 'b')
            release = gated.release
            return new Response(gated.stream)
          },
        },
      )
      const response = await h.get('/stream')
      const reader = response.body!.getReader()
      await reader.read()
      // Not awaited: a tee branch's cancel settles only once the other branch is done.
      void reader.cancel()
      release()
      await h.settle()
      const hit = await h.get('/stream')
      expect(state(hit)).toBe('HIT')
      expect(await hit.text()).toBe('ab')
      expect(h.site.count('/stream')).toBe(1)
      await h.isr.close()
    })

    it('serves stale within staleIfError when the render fails, backs off, then recovers', async () => {
      let failing = false
      const h = make(
        { routes: { '/': { revalidate: 10, expire: 20, staleIfError: 300 } } },
        {
          '/': (r, n) => {
            if (failing) throw new Error('CMS down')
            return stamp(r, n)
          },
        },
      )
      await (await h.get('/')).text()
      await h.settle()
      failing = true
      h.clock.advance(25) // past expire: the entry may only stand in for a failed render
      const fallback = await h.get('/')
      expect(state(fallback)).toBe('STALE')
      expect(fallback.headers.get('cache-status')).toContain('detail=stale-if-error')
      expect(await fallback.text()).toBe('<h1>/ render 1</h1>')
      expect(h.site.count('/')).toBe(2)
      // Within the backoff, no new attempt hits the failing backend.
      h.clock.advance(1)
      expect(state(await h.get('/'))).toBe('STALE')
      expect(h.site.count('/')).toBe(2)
      h.clock.advance(5)
      failing = false
      const recovered = await h.get('/')
      expect(state(recovered)).toBe('MISS')
      expect(await recovered.text()).toBe('<h1>/ render 3</h1>')
      expect(h.events.some((e) => e.type === 'error' && e.error.message.includes('CMS down'))).toBe(true)
      await h.isr.close()
    })

    it('throws the render error when no entry can stand in', async () => {
      const h = make(
        { routes: { '/': { revalidate: 10, expire: 20, staleIfError: 5 } } },
        {
          '/': (r, n) => {
            if (n > 1) throw new Error('boom')
            return stamp(r, n)
          },
        },
      )
      await (await h.get('/')).text()
      await h.settle()
      h.clock.advance(26) // past expire + staleIfError
      await expect(h.get('/')).rejects.toThrow('boom')
      await h.isr.close()
    })

    it('never stores a 5xx and never lets one replace a good entry', async () => {
      let status = 200
      const h = make({ routes: { '/': { revalidate: 10 } } }, { '/': (_r, n) => html(`body ${n}`, {}, status) })
      await (await h.get('/')).text()
      await h.settle()
      status = 503
      h.clock.advance(11)
      expect(await (await h.get('/')).text()).toBe('body 1') // stale, regenerating in the background
      await h.settle()
      const after = await h.get('/')
      expect(state(after)).toBe('STALE')
      expect(await after.text()).toBe('body 1')
      expect(h.events.some((e) => e.type === 'error' && e.error.name === 'ISRRegenerateError')).toBe(true)
      await h.isr.close()
    })

    it('passes a 5xx through on a cold key without storing it', async () => {
      const h = make({ routes: { '/': { revalidate: 10 } } }, { '/': (_r, n) => html(`down ${n}`, {}, 500) })
      const first = await h.get('/')
      expect(first.status).toBe(500)
      expect(state(first)).toBe('MISS')
      expect(await first.text()).toBe('down 1')
      await h.settle()
      expect(await (await h.get('/')).text()).toBe('down 2')
      await h.isr.close()
    })

    it('fails a render that gives no response within renderTimeout: 504 for everyone waiting, nothing stored', async () => {
      let hang = true
      let late!: (response: Response) => void
      // Long enough that the waiter joins before it passes, on a slow storage too.
      const h = make(
        { routes: { '/': { revalidate: 60, renderTimeout: 0.5 } } },
        {
          '/': (r, n) => (hang ? new Promise<Response>((resolve) => (late = resolve)) : stamp(r, n)),
        },
      )
      const [first, waiter] = await Promise.all([h.get('/'), h.get('/')])
      for (const response of [first, waiter]) {
        expect(response.status).toBe(504)
        expect(state(response)).toBe('MISS')
        expect(response.headers.get('cache-status')).toContain('detail=render-timeout')
        expect(response.headers.get('cache-control')).toBe('no-store')
      }
      expect(h.site.count('/')).toBe(1)
      expect(h.events.filter((e) => e.type === 'error' && e.error.name === 'ISRRenderTimeoutError')).toHaveLength(1)
      // The hung render answers at last: too late, it is dropped, never stored.
      late(html('late'))
      hang = false
      const next = await h.get('/')
      expect(state(next)).toBe('MISS')
      expect(await next.text()).toBe('<h1>/ render 2</h1>')
      await h.settle()
      expect(state(await h.get('/'))).toBe('HIT')
      await h.isr.close()
    })

    it('serves the stale entry when its regeneration hangs, and regenerates once the backoff allows', async () => {
      let hang = false
      const h = make(
        { routes: { '/': { revalidate: 10, renderTimeout: 0.05 } } },
        { '/': (r, n) => (hang ? new Promise<Response>(() => {}) : stamp(r, n)) },
      )
      await (await h.get('/')).text()
      await h.settle()
      hang = true
      h.clock.advance(11)
      expect(state(await h.get('/'))).toBe('STALE')
      await h.settle() // the hung regeneration is failed at its deadline
      expect(h.events.some((e) => e.type === 'error' && e.error.name === 'ISRRegenerateError')).toBe(true)
      hang = false
      expect(state(await h.get('/'))).toBe('STALE') // backing off: no new attempt yet
      expect(h.site.count('/')).toBe(2)
      h.clock.advance(6)
      expect(state(await h.get('/'))).toBe('STALE')
      await h.settle()
      const fresh = await h.get('/')
      expect(state(fresh)).toBe('HIT')
      expect(await fresh.text()).toBe('<h1>/ render 3</h1>')
      await h.isr.close()
    })

    it('lets a stale entry stand in for a render that hangs past expire', async () => {
      let hang = false
      const h = make(
        { routes: { '/': { revalidate: 10, expire: 20, staleIfError: 300, renderTimeout: 0.05 } } },
        { '/': (r, n) => (hang ? new Promise<Response>(() => {}) : stamp(r, n)) },
      )
      await (await h.get('/')).text()
      await h.settle()
      hang = true
      h.clock.advance(25)
      const fallback = await h.get('/')
      expect(state(fallback)).toBe('STALE')
      expect(fallback.headers.get('cache-status')).toContain('detail=stale-if-error')
      expect(await fallback.text()).toBe('<h1>/ render 1</h1>')
      await h.isr.close()
    })

    it('stops storing a body that stalls past renderTimeout, and releases the requests waiting for it', async () => {
      const gated = gatedBody('<h1>part', ' two</h1>')
      let stall = true
      const h = make(
        { routes: { '/': { revalidate: 60, renderTimeout: 0.05 } } },
        {
          '/': (r, n) =>
            stall ? new Response(gated.stream, { headers: { 'content-type': 'text/html' } }) : stamp(r, n),
        },
      )
      const first = await h.get('/')
      expect(state(first)).toBe('MISS')
      const reader = first.body?.getReader()
      expect(new TextDecoder().decode((await reader?.read())?.value)).toBe('<h1>part')
      // A second visitor waits for the stalled render only until its deadline.
      const waiter = await h.get('/')
      expect(waiter.status).toBe(504)
      await h.settle()
      // The first client still gets the whole body once it comes; it is not stored.
      gated.release()
      expect(new TextDecoder().decode((await reader?.read())?.value)).toBe(' two</h1>')
      stall = false
      h.clock.advance(6) // past the backoff
      const next = await h.get('/')
      expect(state(next)).toBe('MISS')
      expect(await next.text()).toBe('<h1>/ render 2</h1>')
      await h.isr.close()
    })

    it('answers requests waiting on a failed render without the first visitor’s cookies or headers', async () => {
      let release!: () => void
      const gate = new Promise<void>((resolve) => (release = resolve))
      const h = make(
        { routes: { '/': { revalidate: 60 } } },
        {
          '/': async () => {
            await gate
            return html(
              '<h1>Oops</h1>',
              { 'set-cookie': 'session=first', 'x-request-user': 'alice', 'retry-after': '5' },
              503,
            )
          },
        },
      )
      const first = h.get('/')
      await expect.poll(() => h.site.count('/')).toBe(1)
      const waiters = Promise.all([h.get('/'), h.get('/')])
      const joined = () => h.events.filter((e) => e.type === 'miss' && e.collapsed).length
      await expect.poll(joined).toBe(2)
      release()
      const own = await first
      expect(own.status).toBe(503)
      expect(own.headers.get('set-cookie')).toBe('session=first')
      for (const waiter of await waiters) {
        expect(waiter.status).toBe(503)
        expect(await waiter.text()).toBe('<h1>Oops</h1>')
        expect(waiter.headers.get('content-type')).toContain('text/html')
        expect(waiter.headers.get('retry-after')).toBe('5')
        expect(waiter.headers.has('set-cookie')).toBe(false)
        expect(waiter.headers.has('x-request-user')).toBe(false)
      }
      expect(h.site.count('/')).toBe(1)
      await h.isr.close()
    })

    it('lets requests waiting on a failed render that saw a visitor’s cookies render for themselves', async () => {
      let release!: () => void
      const gate = new Promise<void>((resolve) => (release = resolve))
      const h = make(
        { routes: { '/': { revalidate: 60 } } },
        {
          '/': async (r, n) => {
            if (n === 1) await gate
            return html(`<h1>Oops ${r.headers.get('cookie') ?? 'nobody'} ${n}</h1>`, {}, 500)
          },
        },
      )
      const ctx = { observesCookies: true }
      const first = h.get('/', { headers: { cookie: 'session=alice' } }, ctx)
      await expect.poll(() => h.site.count('/')).toBe(1)
      const waiter = h.get('/', {}, ctx)
      await expect.poll(() => h.events.filter((e) => e.type === 'miss' && e.collapsed).length).toBe(1)
      release()
      expect(await (await first).text()).toBe('<h1>Oops session=alice 1</h1>')
      expect(await (await waiter).text()).toBe('<h1>Oops nobody 2</h1>')
      await h.isr.close()
    })

    it('reports background failures through onEvent and waitUntil, never as unhandled rejections', async () => {
      const h = make(
        { routes: { '/': { revalidate: 1 } } },
        {
          '/': (r, n) => {
            if (n > 1) return Promise.reject(new Error('late failure'))
            return stamp(r, n)
          },
        },
      )
      await (await h.get('/')).text()
      await h.settle()
      h.clock.advance(2)
      expect(state(await h.get('/'))).toBe('STALE')
      expect(h.background.length).toBeGreaterThan(0)
      await h.settle()
      expect(h.events.filter((e) => e.type === 'error')).toHaveLength(1)
      await h.isr.close()
    })

    it('closes once: a running regeneration finishes first, every close() waits for it, then handle refuses', async () => {
      let release!: () => void
      const gate = new Promise<void>((resolve) => {
        release = resolve
      })
      const h = make(
        { routes: { '/': { revalidate: 1 } } },
        {
          '/': async (r, n) => {
            if (n > 1) await gate
            return stamp(r, n)
          },
        },
      )
      await (await h.get('/')).text()
      await h.settle()
      h.clock.advance(2)
      expect(state(await h.get('/'))).toBe('STALE')
      let closed = 0
      const closing = [h.isr.close(), h.isr.close()].map((close) => close.then(() => closed++))
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(closed).toBe(0)
      release()
      await Promise.all(closing)
      expect(closed).toBe(2)
      expect(h.events.filter((e) => e.type === 'store')).toHaveLength(2)
      await expect(h.get('/')).rejects.toMatchObject({ name: 'ISRClosedError' })
    })

    it('stores only shareable responses', async () => {
      const h = make(
        { routes: { '/**': { revalidate: 60 } } },
        {
          '/cookie': (_r, n) => html(`c ${n}`, { 'set-cookie': 'session=1' }),
          '/private': (_r, n) => html(`p ${n}`, { 'cache-control': 'private, max-age=60' }),
          '/nostore': (_r, n) => html(`n ${n}`, { 'cache-control': 'no-store' }),
          '/vary': (_r, n) => html(`v ${n}`, { vary: 'User-Agent' }),
          '/redirect': () => new Response(null, { status: 302, headers: { location: '/' } }),
        },
      )
      for (const path of ['/cookie', '/private', '/nostore', '/vary', '/redirect']) {
        const first = await h.get(path)
        expect(state(first), path).toBe('BYPASS')
        await first.arrayBuffer()
        await h.settle()
        expect(state(await h.get(path)), path).toBe('BYPASS')
        expect(h.site.count(path), path).toBe(2)
      }
      const cookie = await h.get('/cookie')
      expect(cookie.headers.get('set-cookie')).toBe('session=1')
      await h.isr.close()
    })

    it('bypasses POST, credentials, draft mode, rule false and dev mode', async () => {
      const h = make(
        {
          routes: { '/**': { revalidate: 60 }, '/account/**': false },
          bypass: { cookies: ['draft'], token: 'preview-token' },
        },
        { '*': stamp },
      )
      const cases: [string, RequestInit | undefined, string][] = [
        ['/', { method: 'POST', body: 'x' }, 'method'],
        ['/', { headers: { authorization: 'Bearer x' } }, 'authorization'],
        ['/', { headers: { cookie: 'draft=1' } }, 'draft'],
        ['/?__isr_bypass=preview-token', undefined, 'draft'],
        ['/account/me', undefined, 'route'],
      ]
      for (const [path, init, reason] of cases) {
        const response = await h.get(path, init)
        expect(state(response), path).toBe('BYPASS')
        expect(response.headers.get('cache-status'), path).toBe(`isrkit; fwd=bypass; detail=${reason}`)
      }
      await h.settle()
      expect(state(await h.get('/'))).toBe('MISS') // nothing the bypasses rendered was stored
      const dev = make({ dev: true, routes: { '/': { revalidate: 60 } } }, { '/': stamp })
      expect(state(await dev.get('/'))).toBe('BYPASS')
      await Promise.all([h.isr.close(), dev.isr.close()])
    })

    it('renders for a visitor whose cookies the route does not key, and serves analytics-only visitors from the cache', async () => {
      const h = make({ routes: { '/': { revalidate: 60 } } }, { '/': stamp })
      await (await h.get('/')).text()
      await h.settle()
      expect(state(await h.get('/', { headers: { cookie: '_ga=GA1.2.3; _gid=x' } }))).toBe('HIT')
      const personal = await h.get('/', { headers: { cookie: 'session=abc' } })
      expect(state(personal)).toBe('BYPASS')
      expect(personal.headers.get('cache-status')).toContain('detail=cookie')
      await h.isr.close()
    })

    it('with an adapter that observes cookie reads, shares what read none and keeps what read some personal', async () => {
      const observed = { observesCookies: true }
      const session = { headers: { cookie: 'session=alice' } }
      const h = make(
        { routes: { '/**': { revalidate: 60 } } },
        {
          '/plain': (_r, n) => html(`plain ${n}`),
          // What an adapter does when the page read Astro.cookies / event.cookies.
          '/greet': (r, n) => html(`hello ${r.headers.get('cookie') ?? 'stranger'} ${n}`, { 'x-isr-read': 'cookie' }),
        },
      )
      expect(state(await h.get('/plain', session, observed))).toBe('MISS')
      await h.settle()
      const shared = await h.get('/plain', { headers: { cookie: 'session=bob' } }, observed)
      expect(state(shared)).toBe('HIT')
      expect(await shared.text()).toBe('plain 1')
      const alice = await h.get('/greet', session, observed)
      expect(state(alice)).toBe('BYPASS')
      expect(alice.headers.get('cache-control')).toBe('private, no-cache')
      expect(await alice.text()).toBe('hello session=alice 1')
      await h.settle()
      const stranger = await h.get('/greet', undefined, observed)
      expect(state(stranger)).toBe('MISS')
      expect(await stranger.text()).toBe('hello stranger 2')
      await h.settle()
      expect(await (await h.get('/greet', undefined, observed)).text()).toBe('hello stranger 2')
      const bob = await h.get('/greet', { headers: { cookie: 'session=bob' } }, observed)
      expect(state(bob)).toBe('BYPASS')
      expect(await bob.text()).toBe('hello session=bob 3')
      expect(h.events.filter((e) => e.type === 'store').map((e) => e.type === 'store' && e.url)).toEqual([
        'http://site.test/plain',
        'http://site.test/greet',
      ])
      await h.isr.close()
    })

    it('with an adapter that renders its own request, stores no render of a URL with unkeyed parameters', async () => {
      const own = { rendersOwnRequest: true }
      const h = make({ routes: { '/landing': { revalidate: 60 } } }, { '/landing': (_r, n) => html(`landing ${n}`) })
      const campaign = await h.get('/landing?utm_source=mail', undefined, own)
      expect(state(campaign)).toBe('BYPASS')
      expect(campaign.headers.get('cache-status')).toContain('detail=unkeyed-query')
      await campaign.text()
      await h.settle()
      expect(state(await h.get('/landing', undefined, own))).toBe('MISS')
      await h.settle()
      const later = await h.get('/landing?utm_source=ads&fbclid=1', undefined, own)
      expect(state(later)).toBe('HIT')
      expect(await later.text()).toBe('landing 2')
      h.clock.advance(61)
      expect(state(await h.get('/landing?utm_source=ads', undefined, own))).toBe('STALE')
      await h.settle()
      // The regeneration from that URL was not stored, and did not remove the entry either.
      expect(state(await h.get('/landing', undefined, own))).toBe('STALE')
      await h.isr.close()
    })

    it('counts a request under the page it belongs to, and matches rules by the framework’s route id', async () => {
      const h = make(
        { routes: { '/blog/[slug]': { revalidate: 600 } } },
        { '*': (r, n) => html(`${new URL(r.url).pathname} ${n}`) },
      )
      // A SvelteKit client-side navigation: the data of /blog/x, at its own URL.
      const data = { routeId: '/blog/[slug]', path: '/blog/x' }
      expect(state(await h.get('/blog/x/__data.json?x-sveltekit-invalidated=01', undefined, data))).toBe('MISS')
      await h.settle()
      expect(state(await h.get('/blog/x/__data.json?x-sveltekit-invalidated=01', undefined, data))).toBe('HIT')
      h.clock.advance(1)
      await h.isr.revalidatePath('/blog/x', { mode: 'purge' })
      expect(state(await h.get('/blog/x/__data.json?x-sveltekit-invalidated=01', undefined, data))).toBe('MISS')
      await h.settle()
      await h.isr.close()
    })

    it('tells a regeneration it runs in the background, and gives it only the keyed cookies', async () => {
      const h = make({ routes: { '/': { revalidate: 10 } }, vary: { cookies: ['lang'] } }, { '/': stamp })
      const visitor = { headers: { cookie: 'lang=fr; session=abc' } }
      await (await h.get('/', visitor, { observesCookies: true })).text()
      await h.settle()
      h.clock.advance(11)
      expect(state(await h.get('/', visitor, { observesCookies: true }))).toBe('STALE')
      await h.settle()
      expect(h.site.background).toEqual([false, true])
      // The visitor's own render saw all their cookies (the adapter watches reads); the shared one only the keyed.
      expect(h.site.seen.map((r) => r.headers.get('cookie'))).toEqual(['lang=fr; session=abc', 'lang=fr'])
      await h.isr.close()
    })

    it('answers lookup() from a fresh memory-tier entry only, as plain parts', async () => {
      const h = make({ memory: { maxBytes: 1_000_000 }, routes: { '/': { revalidate: 10 } } }, { '/': stamp })
      const request = (init?: RequestInit) => new Request('http://site.test/', init)
      expect(await h.isr.lookup(request())).toBeUndefined()
      await (await h.get('/')).text()
      await h.settle()
      const found = await h.isr.lookup(request())
      expect(found?.status).toBe(200)
      expect(new TextDecoder().decode(found?.body ?? undefined)).toBe('<h1>/ render 1</h1>')
      const headers = new Headers(found?.headers)
      expect(headers.get('x-isr-cache')).toBe('HIT')
      const revalidated = await h.isr.lookup(request({ headers: { 'if-none-match': headers.get('etag') ?? '' } }))
      expect(revalidated?.status).toBe(304)
      expect(await h.isr.lookup(request({ headers: { cookie: 'session=1' } }))).toBeUndefined()
      expect(await h.isr.lookup(request({ method: 'POST' }))).toBeUndefined()
      h.clock.advance(11)
      expect(await h.isr.lookup(request())).toBeUndefined()
      expect(h.site.count('/')).toBe(1)
      await h.isr.close()
    })

    it('matches route rules in lookup() by the route id it is given, as handle() does', async () => {
      // SvelteKit's data request for /posts/x belongs to the route /posts/[slug], which its path does not match.
      const h = make(
        {
          memory: { maxBytes: 1_000_000 },
          routes: { '/posts/[slug]': { revalidate: 60, query: { include: ['lang'] } } },
        },
        { '*': stamp },
      )
      const url = 'http://site.test/posts/x/__data.json?lang=de&x-sveltekit-invalidated=01'
      const ctx = { routeId: '/posts/[slug]', path: '/posts/x' }
      await (await h.get(url, undefined, ctx)).text()
      await h.settle()
      expect((await h.isr.lookup(new Request(url), { routeId: '/posts/[slug]' }))?.status).toBe(200)
      // Matched by its path, the request falls under no rule: its key keeps every parameter, and names no entry.
      expect(await h.isr.lookup(new Request(url))).toBeUndefined()
      await h.isr.close()
    })

    it('keys declared cookies and headers, and gives the render only what the key holds', async () => {
      const h = make(
        { routes: { '/': { revalidate: 60 } }, vary: { cookies: ['lang'], headers: ['x-country'] } },
        {
          '/': (r) => html(`lang=${r.headers.get('cookie')} country=${r.headers.get('x-country')}`),
        },
      )
      const fr = await h.get('/', { headers: { cookie: 'lang=fr; _ga=1', 'x-country': 'FR' } })
      expect(await fr.text()).toBe('lang=lang=fr country=FR')
      await h.settle()
      const en = await h.get('/', { headers: { cookie: 'lang=en', 'x-country': 'FR' } })
      expect(state(en)).toBe('MISS')
      await en.text()
      await h.settle()
      const frAgain = await h.get('/', { headers: { cookie: '_gid=2; lang=fr', 'x-country': 'FR' } })
      expect(state(frAgain)).toBe('HIT')
      expect(await frAgain.text()).toBe('lang=lang=fr country=FR')
      await h.isr.close()
    })

    it('normalizes the query: sorted, tracking parameters dropped, and the render sees the normalized URL', async () => {
      const h = make({ routes: { '/list': { revalidate: 60 } } }, { '/list': (r) => html(new URL(r.url).search) })
      const first = await h.get('/list?b=2&a=1&utm_source=news&fbclid=xyz')
      expect(await first.text()).toBe('?a=1&b=2')
      await h.settle()
      const same = await h.get('/list?a=1&b=2&gclid=1')
      expect(state(same)).toBe('HIT')
      expect(state(await h.get('/list?a=2'))).toBe('MISS')
      await h.isr.close()
    })

    it('caps the variants of one path', async () => {
      const h = make({ routes: { '/q': { revalidate: 60, query: { maxVariants: 3 } } } }, { '/q': stamp })
      for (let i = 0; i < 3; i++) {
        expect(state(await h.get(`/q?x=${i}`))).toBe('MISS')
        await h.settle()
      }
      const over = await h.get('/q?x=99')
      expect(state(over)).toBe('BYPASS')
      expect(over.headers.get('cache-status')).toContain('detail=variant-limit')
      expect(state(await h.get('/q?x=1'))).toBe('HIT')
      await h.isr.close()
    })

    it('reaches every host and port of a path when it is invalidated, with hosts listed', async () => {
      const h = make({ hosts: ['site.test'], routes: { '/t/**': { revalidate: 600 } } }, { '*': stamp })
      const origins = ['http://site.test', 'http://site.test:8080', 'https://site.test']
      for (const origin of origins) {
        await (await h.get(`${origin}/t/inv`)).text()
        await h.settle()
        expect(state(await h.get(`${origin}/t/inv`))).toBe('HIT')
      }
      h.clock.advance(1)
      await h.isr.revalidatePath('/t/inv')
      for (const origin of origins) expect(state(await h.get(`${origin}/t/inv`))).toBe('STALE')
      await h.settle()
      h.clock.advance(1)
      await h.isr.revalidatePath('/t/inv/', { mode: 'purge' })
      for (const origin of origins) expect(state(await h.get(`${origin}/t/inv`))).toBe('MISS')
      await h.isr.close()
    })

    it('counts every port of a host against the variant cap of a path', async () => {
      const h = make(
        { hosts: ['site.test'], routes: { '/p': { revalidate: 600, query: { maxVariants: 8 } } } },
        { '/p': stamp },
      )
      const states: (string | null)[] = []
      for (let port = 1; port <= 20; port++) {
        const response = await h.get(`http://site.test:${port}/p`)
        states.push(state(response))
        await response.text()
        await h.settle()
      }
      expect(states.filter((s) => s === 'MISS')).toHaveLength(8)
      expect(states.filter((s) => s === 'BYPASS')).toHaveLength(12)
      await h.isr.close()
    })

    it('caches 404 briefly, never serves it stale, and heals when the page appears', async () => {
      let exists = false
      const h = make(
        { routes: { '/posts/**': { revalidate: 3600 } } },
        {
          '/posts/new': (r, n) => (exists ? stamp(r, n) : html('no such post', {}, 404)),
        },
      )
      expect((await h.get('/posts/new')).status).toBe(404)
      await h.settle()
      const cached = await h.get('/posts/new')
      expect(cached.status).toBe(404)
      expect(state(cached)).toBe('HIT')
      expect(cached.headers.get('cache-status')).toBe('isrkit; hit; ttl=60')
      exists = true
      h.clock.advance(61)
      const healed = await h.get('/posts/new')
      expect(healed.status).toBe(200)
      expect(state(healed)).toBe('MISS')
      await h.isr.close()
    })

    it('answers HEAD from the GET entry, and a matching If-None-Match with 304', async () => {
      const h = make({ routes: { '/': { revalidate: 60 } } }, { '/': stamp })
      const head = await h.get('/', { method: 'HEAD' })
      expect(state(head)).toBe('MISS')
      expect(await head.text()).toBe('')
      await h.settle()
      const get = await h.get('/')
      expect(state(get)).toBe('HIT')
      const body = await get.text()
      expect(body).toBe('<h1>/ render 1</h1>')
      const headHit = await h.get('/', { method: 'HEAD' })
      expect(state(headHit)).toBe('HIT')
      expect(headHit.headers.get('content-length')).toBe(String(new TextEncoder().encode(body).byteLength))
      expect(await headHit.text()).toBe('')
      const etag = get.headers.get('etag')!
      const notModified = await h.get('/', { headers: { 'if-none-match': `W/${etag}` } })
      expect(notModified.status).toBe(304)
      expect(notModified.headers.get('etag')).toBe(etag)
      expect(await notModified.text()).toBe('')
      expect(h.site.count('/')).toBe(1)
      await h.isr.close()
    })

    it('answers each client in the coding it prefers, from bodies compressed once when stored', async () => {
      const page = article(1)
      const h = make({ routes: { '/': { revalidate: 60 } } }, { '/': () => html(page) })
      const miss = await h.get('/', { headers: { 'accept-encoding': BROWSER } })
      // The render streams to its first client as it comes: nothing waits for compression.
      expect(state(miss)).toBe('MISS')
      expect(miss.headers.has('content-encoding')).toBe(false)
      expect(await miss.text()).toBe(page)
      await h.settle()
      const cases: [string | undefined, string | null][] = [
        [BROWSER, 'br'],
        ['gzip', 'gzip'],
        ['gzip;q=1, br;q=0.5', 'gzip'],
        ['br;q=0, gzip', 'gzip'],
        ['identity;q=0, gzip;q=0.1', 'gzip'],
        ['*', 'br'],
        [undefined, null],
        ['identity', null],
        ['deflate', null],
      ]
      const etags = new Map<string | null, string>()
      for (const [accept, coding] of cases) {
        const hit = await h.get('/', accept === undefined ? {} : { headers: { 'accept-encoding': accept } })
        expect(state(hit), `${accept}`).toBe('HIT')
        expect(hit.headers.get('content-encoding'), `${accept}`).toBe(coding)
        expect(hit.headers.get('vary')).toBe('Accept-Encoding')
        const bytes = new Uint8Array(await hit.arrayBuffer())
        expect(hit.headers.get('content-length')).toBe(String(bytes.byteLength))
        expect(decoded(bytes, coding), `${accept}`).toBe(page)
        if (coding !== null) expect(bytes.byteLength).toBeLessThan(page.length / 3)
        etags.set(coding, hit.headers.get('etag') ?? '')
      }
      // RFC 9110 §8.8.3: one strong validator per representation.
      expect(new Set(etags.values()).size).toBe(3)
      expect(etags.get('br')).toBe(etags.get(null)?.replace(/"$/, '-br"'))
      expect(h.site.count('/')).toBe(1)
      await h.isr.close()
    })

    it('confirms with 304 only the representation the client holds, and answers HEAD for it', async () => {
      const page = article(2)
      const h = make({ routes: { '/': { revalidate: 60 } } }, { '/': () => html(page) })
      await (await h.get('/')).text()
      await h.settle()
      const br = await h.get('/', { headers: { 'accept-encoding': 'br' } })
      const brEtag = br.headers.get('etag') ?? ''
      const brLength = (await br.arrayBuffer()).byteLength
      const same = await h.get('/', { headers: { 'accept-encoding': 'br', 'if-none-match': brEtag } })
      expect(same.status).toBe(304)
      expect(same.headers.get('etag')).toBe(brEtag)
      expect(same.headers.get('vary')).toBe('Accept-Encoding')
      // The client now takes gzip only: its br validator does not confirm the gzip bytes.
      const other = await h.get('/', { headers: { 'accept-encoding': 'gzip', 'if-none-match': brEtag } })
      expect(other.status).toBe(200)
      expect(other.headers.get('content-encoding')).toBe('gzip')
      const head = await h.get('/', { method: 'HEAD', headers: { 'accept-encoding': 'br' } })
      expect(head.headers.get('content-encoding')).toBe('br')
      expect(head.headers.get('content-length')).toBe(String(brLength))
      expect(await head.text()).toBe('')
      const identityHead = await h.get('/', { method: 'HEAD' })
      expect(identityHead.headers.get('content-length')).toBe(String(new TextEncoder().encode(page).byteLength))
      await h.isr.close()
    })

    it('stores as rendered what it should not compress: a small page, an image, a body already compressed', async () => {
      const gzipped = zlib.gzipSync(article(3))
      const png = new Uint8Array(4096).fill(7)
      const h = make(
        { routes: { '/**': { revalidate: 60 } } },
        {
          '/small': () => html('<p>short</p>'),
          '/image': () => new Response(png, { headers: { 'content-type': 'image/png' } }),
          '/own': () => new Response(gzipped, { headers: { 'content-type': 'text/html', 'content-encoding': 'gzip' } }),
        },
      )
      for (const path of ['/small', '/image', '/own']) await (await h.get(path)).arrayBuffer()
      await h.settle()
      for (const path of ['/small', '/image']) {
        const hit = await h.get(path, { headers: { 'accept-encoding': BROWSER } })
        expect(state(hit)).toBe('HIT')
        expect(hit.headers.has('content-encoding')).toBe(false)
        expect(hit.headers.has('vary')).toBe(false)
        await hit.arrayBuffer()
      }
      const own = await h.get('/own', { headers: { 'accept-encoding': BROWSER } })
      expect(own.headers.get('content-encoding')).toBe('gzip')
      expect(new Uint8Array(await own.arrayBuffer())).toEqual(new Uint8Array(gzipped))
      // A client that takes no coding gets it decoded.
      const plain = await h.get('/own')
      expect(plain.headers.has('content-encoding')).toBe(false)
      expect(await plain.text()).toBe(article(3))
      await h.isr.close()
    })

    it('with compress: false, stores and sends every body as rendered', async () => {
      const h = make({ compress: false, routes: { '/': { revalidate: 60 } } }, { '/': () => html(article(4)) })
      await (await h.get('/')).text()
      await h.settle()
      const hit = await h.get('/', { headers: { 'accept-encoding': BROWSER } })
      expect(state(hit)).toBe('HIT')
      expect(hit.headers.has('content-encoding')).toBe(false)
      expect(await hit.text()).toBe(article(4))
      await h.isr.close()
    })

    it('takes revalidate, stale-while-revalidate and tags from the page, and strips them from what leaves', async () => {
      const h = make(
        {},
        {
          '/page': (_r, n) =>
            html(`page ${n}`, {
              'cache-control': 's-maxage=5, stale-while-revalidate=10',
              'cache-tag': 'post:1, blog',
            }),
          '/cdn': (_r, n) => html(`cdn ${n}`, { 'cdn-cache-control': 'max-age=30', 'cache-control': 'no-cache' }),
        },
      )
      const first = await h.get('/page')
      expect(state(first)).toBe('MISS')
      expect(first.headers.get('cache-tag')).toBeNull()
      expect(first.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate')
      await first.text()
      await h.settle()
      h.clock.advance(6)
      expect(state(await h.get('/page'))).toBe('STALE')
      await h.settle()
      h.clock.advance(16) // past revalidate + swr of the second render: rendered in the foreground
      expect(state(await h.get('/page'))).toBe('MISS')
      await h.settle()
      expect(state(await h.get('/cdn'))).toBe('MISS') // CDN-Cache-Control wins over Cache-Control (RFC 9213)
      await h.settle()
      const cdn = await h.get('/cdn')
      expect(state(cdn)).toBe('HIT')
      expect(cdn.headers.get('cdn-cache-control')).toBeNull()
      await h.isr.close()
    })

    it('revalidateTag marks tagged entries stale, purge makes them a miss', async () => {
      const tagged: PageHandler = (r, n) => html(`${new URL(r.url).pathname} ${n}`, { 'cache-tag': 'post:42' })
      const h = make({ routes: { '/**': { revalidate: 600 } } }, { '/a': tagged, '/b': tagged, '/c': stamp })
      for (const path of ['/a', '/b', '/c']) await (await h.get(path)).text()
      await h.settle()
      h.clock.advance(1)
      const result = await h.isr.revalidateTag('post:42')
      expect(result).toMatchObject({ mode: 'stale', tags: ['post:42'], paths: [] })
      expect(state(await h.get('/a'))).toBe('STALE')
      expect(state(await h.get('/b'))).toBe('STALE')
      expect(state(await h.get('/c'))).toBe('HIT')
      await h.settle()
      h.clock.advance(1)
      expect(await (await h.get('/a')).text()).toBe('/a 2')
      h.clock.advance(1)
      await h.isr.revalidateTag(['post:42'], { mode: 'purge' })
      expect(state(await h.get('/a'))).toBe('MISS')
      await h.isr.close()
    })

    it('renders once more at the end of a settle window what was rendered during it, then holds', async () => {
      const tagged: PageHandler = (r, n) => html(`${new URL(r.url).pathname} ${n}`, { 'cache-tag': 'post:7' })
      const h = make({ routes: { '/**': { revalidate: 600 } } }, { '/a': tagged, '/b': tagged })
      for (const path of ['/a', '/b']) await (await h.get(path)).text()
      await h.settle()
      h.clock.advance(1)
      await h.isr.revalidateTag('post:7', { settle: 30 })
      // Now, as without a window: stale, and rendered again (the CMS's CDN may still serve the old post).
      expect(state(await h.get('/a'))).toBe('STALE')
      await h.settle()
      h.clock.advance(10)
      expect(await (await h.get('/a')).text()).toBe('/a 2')
      expect(state(await h.get('/a'))).toBe('HIT')
      // /b is first asked for only after the window: its one render then is enough.
      h.clock.advance(21)
      expect(state(await h.get('/a'))).toBe('STALE')
      await h.settle()
      expect(await (await h.get('/a')).text()).toBe('/a 3')
      expect(state(await h.get('/b'))).toBe('STALE')
      await h.settle()
      h.clock.advance(60)
      expect(await (await h.get('/a')).text()).toBe('/a 3')
      expect(await (await h.get('/b')).text()).toBe('/b 2')
      expect(h.site.count('/a')).toBe(3)
      expect(() => h.isr.revalidateTag('post:7', { settle: -1 })).toThrow('Invalid settle')
      await h.isr.close()
    })

    it('lists stored pages newest first with their verdict, by path or tag, and forgets a purged one', async () => {
      const tagged: PageHandler = (r, n) => html(`${new URL(r.url).pathname} ${n}`, { 'cache-tag': 'post:9' })
      const secret = 'an-entries-secret-0123'
      const h = make({ secret, routes: { '/**': { revalidate: 600 } } }, { '/a': tagged, '/b': stamp, '/c': stamp })
      for (const path of ['/a', '/b', '/c']) {
        await (await h.get(path)).text()
        await h.settle()
        h.clock.advance(1)
      }
      const entries = async (query = '') => {
        const response = await h.get(`/__isr/entries${query}`, { headers: { authorization: `Bearer ${secret}` } })
        return response.json()
      }
      const all = await entries()
      expect(all.total).toBe(3)
      expect(all.entries.map((e: { path: string }) => e.path)).toEqual(['/c', '/b', '/a'])
      expect(all.entries[2]).toMatchObject({
        path: '/a',
        status: 200,
        tags: ['post:9'],
        verdict: 'fresh',
        age: 3,
        variants: 1,
      })
      expect((await entries('?tag=post:9')).entries.map((e: { path: string }) => e.path)).toEqual(['/a'])
      expect((await entries('?path=/b')).total).toBe(1)
      await h.isr.revalidateTag('post:9')
      expect((await entries('?tag=post:9')).entries[0].verdict).toBe('stale')
      await h.isr.revalidatePath('/c', { mode: 'purge' })
      expect((await entries()).entries.map((e: { path: string }) => e.path)).toEqual(['/b', '/a'])
      await h.isr.close()
    })

    it('revalidatePath reaches every query variant and both trailing-slash forms', async () => {
      const h = make({ routes: { '/blog/**': { revalidate: 600 } } }, { '*': stamp })
      for (const path of ['/blog/x', '/blog/x?page=2', '/blog/x/']) await (await h.get(path)).text()
      await h.settle()
      h.clock.advance(1)
      await h.isr.revalidatePath('/blog/x/')
      for (const path of ['/blog/x', '/blog/x?page=2', '/blog/x/']) expect(state(await h.get(path)), path).toBe('STALE')
      await h.settle()
      h.clock.advance(1)
      await h.isr.revalidatePath('/blog/x', { mode: 'purge' })
      expect(state(await h.get('/blog/x?page=2'))).toBe('MISS')
      await h.isr.close()
    })

    it('serves bodies over maxEntryBytes without storing them', async () => {
      const big = 'x'.repeat(2048)
      const h = make(
        { maxEntryBytes: 1024, routes: { '/big': { revalidate: 60 } } },
        { '/big': () => new Response(big) },
      )
      expect(await (await h.get('/big')).text()).toBe(big)
      await h.settle()
      expect(state(await h.get('/big'))).not.toBe('HIT')
      await h.isr.close()
    })

    it('reports what it did through status()', async () => {
      const h = make({ routes: { '/': { revalidate: 60 } } }, { '/': stamp })
      await (await h.get('/')).text()
      await h.settle()
      await (await h.get('/')).text()
      const status = await h.isr.status()
      expect(status).toMatchObject({ hits: 1, misses: 1, renders: 1, hitRatio: 0.5 })
      expect(status.storage.ok).toBe(true)
      await h.isr.close()
    })

    if (setup.stored) {
      const stored = setup.stored
      it('keeps nothing of 1,000 random 404s in storage past their own short life', async () => {
        const h = make({ routes: { '/**': { revalidate: 3600 } }, notFoundRevalidate: 30, janitor: 0.05 }, {})
        for (let i = 0; i < 1000; i += 50) {
          const batch = Array.from({ length: 50 }, (_, j) => h.get(`/no/such/${i + j}-${Math.random()}`))
          for (const response of await Promise.all(batch)) {
            expect(response.status).toBe(404)
            await response.text()
          }
        }
        await h.settle()
        const before = entryKeys(await stored(scope))
        expect(before).toHaveLength(1000)
        if (before.some((k) => k.ttl !== undefined)) {
          // Storage that keeps TTLs is given each entry's own life, and forgets it then.
          for (const k of before) expect(k.ttl).toBeLessThanOrEqual(31)
        } else {
          h.clock.advance(31)
          await expect.poll(async () => entryKeys(await stored(scope)).length, { timeout: 20_000 }).toBe(0)
        }
        await h.isr.close()
      }, 60_000)

      it('gives entries the life of their expire + staleIfError, and records no longer than any entry lives', async () => {
        const h = make(
          { expire: 100, staleIfError: 50, routes: { '/': { revalidate: 10, tags: ['t'] } }, janitor: 0.05 },
          { '/': stamp },
        )
        await (await h.get('/')).text()
        await h.settle()
        h.clock.advance(1)
        await h.isr.revalidateTag('t')
        const keys = await stored(scope)
        expect(entryKeys(keys)).toHaveLength(1)
        expect(recordKeys(keys)).toHaveLength(1)
        if (keys.some((k) => k.ttl !== undefined)) {
          expect(entryKeys(keys)[0]?.ttl).toBeGreaterThan(140)
          expect(entryKeys(keys)[0]?.ttl).toBeLessThanOrEqual(150)
          expect(recordKeys(keys)[0]?.ttl).toBeLessThanOrEqual(150)
        } else {
          h.clock.advance(120) // past expire, within staleIfError: kept, to stand in for a failing render
          await new Promise((resolve) => setTimeout(resolve, 200))
          expect(entryKeys(await stored(scope))).toHaveLength(1)
          h.clock.advance(40)
          await expect.poll(async () => (await stored(scope)).length, { timeout: 20_000 }).toBe(0)
        }
        await h.isr.close()
      }, 30_000)
    }

    if (setup.persistent) {
      it('never lets a render that began earlier replace a newer entry in shared storage', async () => {
        let release!: () => void
        const gate = new Promise<void>((resolve) => (release = resolve))
        const options = { routes: { '/': { revalidate: 60 } }, lease: { wait: 0.05 } }
        const slowPage = async () => {
          await gate
          return html('began first, finished last')
        }
        const a = make(options, { '/': slowPage })
        const b = make(options, { '/': () => html('began later, finished first') })
        const slow = a.get('/')
        await expect.poll(() => a.site.count('/')).toBe(1)
        b.clock.advance(1)
        expect(await (await b.get('/')).text()).toBe('began later, finished first')
        await b.settle()
        release()
        expect(await (await slow).text()).toBe('began first, finished last')
        await a.settle()
        const c = make(options, {})
        c.clock.advance(2)
        const kept = await c.get('/')
        expect(state(kept)).toBe('HIT')
        expect(await kept.text()).toBe('began later, finished first')
        expect(await (await a.get('/')).text()).toBe('began later, finished first')
        await Promise.all([a.isr.close(), b.isr.close(), c.isr.close()])
      })

      it('serves a new instance from shared storage, but never across build ids', async () => {
        const a = make({ buildId: 'one', routes: { '/': { revalidate: 60 } } }, { '/': stamp })
        await (await a.get('/')).text()
        await a.settle()
        await a.isr.close()
        const b = make({ buildId: 'one', routes: { '/': { revalidate: 60 } } }, { '/': stamp })
        const warm = await b.get('/')
        expect(state(warm)).toBe('HIT')
        expect(await warm.text()).toBe('<h1>/ render 1</h1>')
        await b.isr.close()
        const c = make({ buildId: 'two', routes: { '/': { revalidate: 60 } } }, { '/': stamp })
        expect(state(await c.get('/'))).toBe('MISS')
        await c.settle()
        await c.isr.close()
      })

      it('shares the compressed bodies: another instance sends them as stored, and keeps them compressed', async () => {
        const page = article(5)
        const routes = { '/': { revalidate: 60 } }
        const a = make({ routes }, { '/': () => html(page) })
        await (await a.get('/')).text()
        await a.settle()
        await a.isr.close()
        const b = make({ routes }, { '/': () => html(page) })
        const br = await b.get('/', { headers: { 'accept-encoding': BROWSER } })
        expect(state(br)).toBe('HIT')
        expect(br.headers.get('content-encoding')).toBe('br')
        expect(decoded(new Uint8Array(await br.arrayBuffer()), 'br')).toBe(page)
        const { memory } = await b.isr.status()
        // The memory tier holds what storage holds: the compressed bodies, not the page.
        if (memory !== false) expect(memory.bytes).toBeLessThan(page.length / 2)
        expect(await (await b.get('/')).text()).toBe(page)
        expect(b.site.count('/')).toBe(0)
        await b.isr.close()
      })

      it('keeps tag invalidations across instances sharing storage', async () => {
        const tagged: PageHandler = (_r, n) => html(`t ${n}`, { 'cache-tag': 'blog' })
        const a = make({ routes: { '/': { revalidate: 600 } } }, { '/': tagged })
        await (await a.get('/')).text()
        await a.settle()
        a.clock.advance(1)
        await a.isr.revalidateTag('blog')
        await a.isr.close()
        const b = make({ routes: { '/': { revalidate: 600 } } }, { '/': tagged })
        b.clock.advance(2)
        expect(state(await b.get('/'))).toBe('STALE')
        await b.settle()
        await b.isr.close()
      })
    }
  })
}
