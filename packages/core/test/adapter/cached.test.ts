// An adapter's cached(fn, options) (adapter/cached.ts): bound to the adapter's instance at the first call.
import { describe, expect, it } from 'vitest'
import { cachedFor } from '../../src/adapter/index.ts'
import { createISR } from '../../src/index.ts'
import type { ISR } from '../../src/types.ts'

describe('cachedFor', () => {
  it('calls through while there is no instance, then caches in the one there is', async () => {
    let current: ISR | undefined
    const cached = cachedFor(() => current)
    let calls = 0
    const double = cached(
      async (x: number) => {
        calls++
        return x * 2
      },
      { name: 'double' },
    )
    expect(await double(2)).toBe(4)
    expect(await double(2)).toBe(4)
    expect(calls).toBe(2)
    current = createISR({ logger: false })
    expect(await double(2)).toBe(4)
    expect(await double(2)).toBe(4)
    expect(calls).toBe(3)
    await current.close()
  })

  it('binds again to a new instance (a restarted dev server), and refuses nothing it was given before', async () => {
    const first = createISR({ logger: false })
    const second = createISR({ logger: false })
    let current: ISR = first
    const cached = cachedFor(async () => current)
    let calls = 0
    const count = cached(async () => ++calls, { name: 'count' })
    expect(await count()).toBe(1)
    current = second
    expect(await count()).toBe(2)
    expect(await count()).toBe(2)
    current = first
    expect(await count()).toBe(1)
    await Promise.all([first.close(), second.close()])
  })

  it('passes the request of .with(request) on, so a render finds its page', async () => {
    const isr = createISR({ logger: false, routes: { '/**': { revalidate: 60 } } })
    const cached = cachedFor(() => isr)
    const getPost = cached(async (slug: string) => ({ slug }), { name: 'post', tags: (slug) => [`post:${slug}`] })
    const stored: string[][] = []
    const observed = createISR({
      logger: false,
      routes: { '/**': { revalidate: 60 } },
      onEvent: (event) => event.type === 'store' && stored.push(event.tags),
    })
    const response = await observed.handle(new Request('http://site.test/p'), async (request) => {
      // The adapter's instance is another one here: the page's scope is found from its request all the same.
      const post = await getPost.with(request)('x')
      return new Response(post.slug, { headers: { 'content-type': 'text/plain' } })
    })
    expect(await response.text()).toBe('x')
    await observed.close()
    expect(stored.flat()).toContain('post:x')
    await isr.close()
  })
})
