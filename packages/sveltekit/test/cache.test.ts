import { describe, expect, it } from 'vitest'
import { cache } from '../src/cache.ts'
import { fakeEvent } from './support/event.ts'

/** What one `cache()` call hands to `setHeaders`, call by call. */
function headersSet(options: Parameters<typeof cache>[1]) {
  const calls: Record<string, string>[] = []
  cache({ setHeaders: (headers) => calls.push(headers) }, options)
  return calls
}

describe('cache(event, options)', () => {
  it('sets s-maxage alone when there is no swr and no tag', () => {
    expect(headersSet({ revalidate: 60 })).toEqual([{ 'cache-control': 's-maxage=60' }])
  })

  it('adds stale-while-revalidate and the tags, in one setHeaders call', () => {
    expect(headersSet({ revalidate: 60, swr: 600, tags: ['post:42', 'blog'] })).toEqual([
      { 'cache-control': 's-maxage=60, stale-while-revalidate=600', 'cache-tag': 'post:42, blog' },
    ])
  })

  it('accepts zero for both, and sends no Cache-Tag for an empty list', () => {
    expect(headersSet({ revalidate: 0, swr: 0, tags: [] })).toEqual([
      { 'cache-control': 's-maxage=0, stale-while-revalidate=0' },
    ])
  })

  it("goes through Kit's setHeaders, so a second call for one request throws as Kit's does", () => {
    const event = fakeEvent()
    cache(event, { revalidate: 60, tags: ['blog'] })
    expect(event.headers).toEqual({ 'cache-control': 's-maxage=60', 'cache-tag': 'blog' })
    expect(() => cache(event, { revalidate: 120 })).toThrow('"cache-control" header is already set')
  })

  describe('refuses, naming the option', () => {
    it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '60' as unknown as number])(
      'revalidate %s',
      (revalidate) => {
        expectRefused(() => headersSet({ revalidate }), 'revalidate')
      },
    )

    it.each([-1, 0.5, Number.NaN, '600' as unknown as number])('swr %s', (swr) => {
      expectRefused(() => headersSet({ revalidate: 60, swr }), 'swr')
    })

    it.each([['a,b'], [''], [42 as unknown as string], ['has space'], ['x'.repeat(257)]])('tag %j', (tag) => {
      expectRefused(() => headersSet({ revalidate: 60, tags: ['fine', tag] }), 'tags')
    })
  })
})

function expectRefused(call: () => unknown, option: string) {
  let thrown: unknown
  try {
    call()
  } catch (error) {
    thrown = error
  }
  expect(thrown).toBeInstanceOf(Error)
  const error = thrown as Error
  expect(error.name).toBe('ISRSvelteKitError')
  expect(error.message).toMatch(/^\[isrkit\] /)
  expect(error.message).toContain(`cache(event, { ${option} })`)
}
