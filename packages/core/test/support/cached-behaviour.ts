// One behaviour suite for cached functions (cached.ts), run against every storage setup as the request
// flow's is: what a caller gets must not depend on where results live.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { CachedFunction, ISREvent, ISROptions } from '../../src/types.ts'
import type { StorageSetup } from './behaviour.ts'
import { harness, html, type PageHandler, state } from './harness.ts'

/** A data source that counts its reads and can be told to fail or change. */
export class Source {
  reads = 0
  version = 1
  failing: Error | undefined
  read = async (slug: string) => {
    this.reads++
    if (this.failing) throw this.failing
    return { slug, title: `Post ${slug} v${this.version}`, at: new Date(Date.UTC(2026, 0, this.version)) }
  }
}

const cachedEvents = (events: ISREvent[], type: ISREvent['type']) => events.filter((e) => e.type === type).length

export function describeCachedBehaviour(name: string, setup: StorageSetup) {
  let scope = ''
  let tests = 0
  const make = (options: ISROptions = {}, pages: Record<string, PageHandler> = {}) =>
    harness({ ...setup.options(scope), ...options }, pages)

  describe(`cached functions on ${name}`, () => {
    beforeEach(() => {
      scope = `cached-${++tests}`
    })

    it('calls once, answers from the cache while fresh, then stale while one call refreshes it', async () => {
      const h = make()
      const source = new Source()
      const getPost = h.isr.cached(source.read, { name: 'getPost', revalidate: 10 })
      expect(await getPost('a')).toEqual({ slug: 'a', title: 'Post a v1', at: new Date(Date.UTC(2026, 0, 1)) })
      expect((await getPost('a')).title).toBe('Post a v1')
      expect(source.reads).toBe(1)
      source.version = 2
      h.clock.advance(11)
      expect((await getPost('a')).title).toBe('Post a v1')
      expect((await getPost('a')).title).toBe('Post a v1')
      await vi.waitFor(async () => expect((await getPost('a')).title).toBe('Post a v2'))
      expect(source.reads).toBe(2)
      expect(cachedEvents(h.events, 'cached-miss')).toBe(1)
      expect(cachedEvents(h.events, 'cached-stale')).toBeGreaterThanOrEqual(2)
      await h.isr.close()
    })

    it('calls once for 50 concurrent callers, and gives each its own copy', async () => {
      const h = make()
      const source = new Source()
      let release!: () => void
      const gate = new Promise<void>((resolve) => {
        release = resolve
      })
      const slow = h.isr.cached(
        async (slug: string) => {
          await gate
          return source.read(slug)
        },
        { name: 'slow', revalidate: 60 },
      )
      const calls = Array.from({ length: 50 }, () => slow('x'))
      // Held until every caller has missed: one whose storage read came back after the store would count a hit.
      await vi.waitFor(() => expect(cachedEvents(h.events, 'cached-miss')).toBe(50), { timeout: 10_000 })
      release()
      const results = await Promise.all(calls)
      expect(source.reads).toBe(1)
      expect(new Set(results.map((r) => r.title))).toEqual(new Set(['Post x v1']))
      const [first, second] = results as [(typeof results)[0], (typeof results)[0]]
      first.title = 'changed by one caller'
      expect(second.title).toBe('Post x v1')
      expect((await slow('x')).title).toBe('Post x v1')
      expect(cachedEvents(h.events, 'cached-miss')).toBe(50)
      expect(h.events.filter((e) => e.type === 'cached-miss' && e.collapsed).length).toBe(49)
      await h.isr.close()
    })

    it('keys by the arguments: object keys in any order are one key, 1 and "1" are two', async () => {
      const h = make()
      let calls = 0
      const echo = h.isr.cached(
        (q: unknown) => {
          calls++
          return { q, n: calls }
        },
        { name: 'echo', revalidate: 60 },
      )
      const first = await echo({ a: 1, b: [2, { c: 3, d: 4 }] })
      expect(await echo({ b: [2, { d: 4, c: 3 }], a: 1 })).toEqual(first)
      expect(calls).toBe(1)
      await echo(1)
      await echo('1')
      await echo(new Set([1, 2]))
      await echo(new Set([2, 1]))
      expect(calls).toBe(4)
      await h.isr.close()
    })

    it('stores Date, Map, Set, BigInt, undefined and bytes as they were', async () => {
      const h = make()
      const value = {
        date: new Date(Date.UTC(2026, 3, 1)),
        map: new Map([['k', 1]]),
        set: new Set(['s']),
        big: 12345678901234567890n,
        missing: undefined,
        bytes: new Uint8Array([1, 2, 3]),
        body: 'x'.repeat(4000),
      }
      const rich = h.isr.cached(() => value, { name: 'rich', revalidate: 60 })
      await rich()
      const again = await rich()
      expect(again).toEqual(value)
      expect(again.date).toBeInstanceOf(Date)
      expect('missing' in again).toBe(true)
      await h.isr.close()
    })

    it('refuses arguments and results it cannot store, naming the function, and caches nothing', async () => {
      const h = make()
      let calls = 0
      const bad = h.isr.cached(
        (_x: unknown) => {
          calls++
          return { run: () => 1 }
        },
        { name: 'bad' },
      )
      await expect(bad(() => 1)).rejects.toThrow(/Cached function 'bad': argument 0 cannot be part of its cache key/)
      await expect(bad(1)).rejects.toMatchObject({ name: 'ISRCachedResultError', message: /'bad'.*\.run/ })
      await expect(bad(1)).rejects.toThrow(/cannot be stored/)
      expect(calls).toBe(2)
      // Reported too: a stale value may stand in for such a result, and the operator must still hear of it.
      expect(h.events.filter((e) => e.type === 'error' && e.error.name === 'ISRCachedResultError')).toHaveLength(2)
      await h.isr.close()
    })

    it('stands in with a stale result within staleIfError while the function fails, then recovers', async () => {
      const h = make()
      const source = new Source()
      const getPost = h.isr.cached(source.read, { name: 'getPost', revalidate: 10, expire: 20, staleIfError: 60 })
      await getPost('a')
      source.failing = new Error('CMS down')
      h.clock.advance(25)
      expect((await getPost('a')).title).toBe('Post a v1')
      const errors = h.events.filter((e) => e.type === 'error')
      expect(errors.map((e) => e.type === 'error' && e.error.name)).toEqual(['ISRCachedCallError'])
      // Backing off: the stale result answers without calling again.
      expect((await getPost('a')).title).toBe('Post a v1')
      expect(source.reads).toBe(2)
      source.failing = undefined
      source.version = 2
      h.clock.advance(6)
      expect((await getPost('a')).title).toBe('Post a v2')
      source.failing = new Error('CMS down again')
      h.clock.advance(200)
      await expect(getPost('a')).rejects.toThrow('CMS down again')
      await h.isr.close()
    })

    it('passes a failure through when nothing can stand in, and caches no error', async () => {
      const h = make()
      const source = new Source()
      source.failing = new Error('CMS down')
      const getPost = h.isr.cached(source.read, { name: 'getPost', revalidate: 10 })
      await expect(getPost('a')).rejects.toThrow('CMS down')
      source.failing = undefined
      expect((await getPost('a')).title).toBe('Post a v1')
      expect(source.reads).toBe(2)
      await h.isr.close()
    })

    it('is invalidated by its tags, by name, and by one argument list', async () => {
      const h = make()
      const source = new Source()
      const getPost = h.isr.cached(source.read, {
        name: 'getPost',
        tags: (slug) => ['posts', `post:${slug}`],
      })
      const titles = async () => [(await getPost('a')).title, (await getPost('b')).title]
      const settled = async (expected: string[]) => vi.waitFor(async () => expect(await titles()).toEqual(expected))
      await titles()
      source.version = 2
      await h.isr.revalidateTag('post:a')
      await settled(['Post a v2', 'Post b v1'])
      source.version = 3
      await h.isr.revalidateCached('getPost', 'b')
      await settled(['Post a v2', 'Post b v3'])
      source.version = 4
      await h.isr.revalidateCached('getPost')
      await settled(['Post a v4', 'Post b v4'])
      source.version = 5
      await h.isr.revalidateTag('posts')
      await settled(['Post a v5', 'Post b v5'])
      expect(source.reads).toBe(8)
      await h.isr.close()
    })

    it('gives a page that calls it its tags and shorter revalidate, so invalidating the data refreshes the page', async () => {
      const source = new Source()
      let getPost!: (slug: string) => Promise<{ title: string }>
      const h = make(
        { routes: { '/posts/*': { revalidate: 3600 } } },
        {
          '*': async (request) => {
            const post = await getPost(new URL(request.url).pathname.split('/').pop() as string)
            return html(`<h1>${post.title}</h1>`)
          },
        },
      )
      getPost = h.isr.cached(source.read, { name: 'getPost', revalidate: 30, tags: (slug) => [`post:${slug}`] })
      expect(await (await h.get('/posts/x')).text()).toBe('<h1>Post x v1</h1>')
      await h.settle()
      const hit = await h.get('/posts/x')
      expect(state(hit)).toBe('HIT')
      expect(hit.headers.get('cache-status')).toContain('ttl=30')
      // The page declared no tag: it inherited post:x.
      source.version = 2
      await h.isr.revalidateTag('post:x')
      const stale = await h.get('/posts/x')
      expect(state(stale)).toBe('STALE')
      await h.settle()
      await vi.waitFor(async () => expect(await (await h.get('/posts/x')).text()).toBe('<h1>Post x v2</h1>'))
      // And the data's 30 s, not the route's hour.
      source.version = 3
      h.clock.advance(31)
      expect(state(await h.get('/posts/x'))).toBe('STALE')
      await h.settle()
      await vi.waitFor(async () => expect(await (await h.get('/posts/x')).text()).toBe('<h1>Post x v3</h1>'))
      await h.isr.close()
    })

    it('calls through for draft requests, and caches as usual for requests with credentials', async () => {
      const source = new Source()
      let getPost!: (slug: string) => Promise<{ title: string }>
      const page: PageHandler = async () => html(`<h1>${(await getPost('d')).title}</h1>`)
      const h = make({ routes: { '/**': { revalidate: 60 } }, bypass: { token: 'preview-token-123' } }, { '*': page })
      getPost = h.isr.cached(source.read, { name: 'getPost', revalidate: 60 })
      await h.get('/')
      expect(source.reads).toBe(1)
      source.version = 2
      const draft = await h.get('/?__isr_bypass=preview-token-123')
      expect(await draft.text()).toBe('<h1>Post d v2</h1>')
      const again = await h.get('/', { headers: { 'x-isr-bypass': 'preview-token-123' } })
      expect(await again.text()).toBe('<h1>Post d v2</h1>')
      expect(source.reads).toBe(3)
      const signedIn = await h.get('/', { headers: { authorization: 'Bearer someone' } })
      expect(state(signedIn)).toBe('BYPASS')
      expect(await signedIn.text()).toBe('<h1>Post d v1</h1>')
      expect(source.reads).toBe(3)
      await h.isr.close()
    })

    it('finds the page through cached.with(request) where the async context does not reach', async () => {
      const source = new Source()
      // Callbacks run by a timer started outside any render, as a batching client library runs them.
      const queue: (() => void)[] = []
      const drain = setInterval(() => {
        for (const run of queue.splice(0)) run()
      }, 1)
      let getPost!: CachedFunction<[string], ReturnType<Source['read']>>
      const later = <T>(work: () => Promise<T>) =>
        new Promise<T>((resolve) => queue.push(() => void work().then(resolve)))
      const h = make(
        { routes: { '/**': { revalidate: 600 } } },
        {
          '/with': async (request) => html((await later(() => getPost.with(request)('w'))).title),
          '/without': async () => html((await later(() => getPost('w'))).title),
        },
      )
      getPost = h.isr.cached(source.read, { name: 'getPost', revalidate: 60, tags: ['post:w'] })
      try {
        await (await h.get('/with')).text()
        await (await h.get('/without')).text()
        await h.settle()
        const tagsOf = (path: string) => h.events.find((e) => e.type === 'store' && e.url.endsWith(path))
        expect(tagsOf('/with')).toMatchObject({ tags: expect.arrayContaining(['post:w']) })
        expect(tagsOf('/without')).toMatchObject({ tags: [] })
      } finally {
        clearInterval(drain)
        await h.isr.close()
      }
    })
  })
}
