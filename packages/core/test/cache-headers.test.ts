// cacheHeaders (cache-headers.ts): a page's policy written as headers, and read back as isrkit reads them.
import { describe, expect, it } from 'vitest'
import { cacheHeaders, cacheHeadersProblem } from '../src/cache-headers.ts'
import { pagePolicy } from '../src/policy.ts'

describe('cacheHeaders', () => {
  it('writes s-maxage, stale-while-revalidate and Cache-Tag; an empty tag list sends no Cache-Tag', () => {
    expect(cacheHeaders({ revalidate: 60 })).toEqual({ 'cache-control': 's-maxage=60' })
    expect(cacheHeaders({ revalidate: 60, swr: 600, tags: ['post:42', 'blog'] })).toEqual({
      'cache-control': 's-maxage=60, stale-while-revalidate=600',
      'cache-tag': 'post:42, blog',
    })
    expect(cacheHeaders({ revalidate: 0, tags: [] })).toEqual({ 'cache-control': 's-maxage=0' })
  })

  it('is read back by the policy as the page stated it', () => {
    const headers = new Headers(cacheHeaders({ revalidate: 60, swr: 600 }))
    expect(pagePolicy(headers)).toEqual({ revalidate: 60, expire: 660, staleIfError: undefined })
  })

  it.each([
    [{ revalidate: -1 }, 'revalidate'],
    [{ revalidate: 1.5 }, 'revalidate'],
    [{ revalidate: '60' as unknown as number }, 'revalidate'],
    [{ revalidate: 60, swr: Number.NaN }, 'swr'],
    [{ revalidate: 60, tags: ['fine', 'a,b'] }, 'tags'],
    [{ revalidate: 60, tags: ['x'.repeat(257)] }, 'tags'],
  ])('refuses %j, naming %s', (options, option) => {
    expect(cacheHeadersProblem(options)?.option).toBe(option)
    let thrown: unknown
    try {
      cacheHeaders(options)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toMatchObject({ name: 'ISROptionError' })
    expect((thrown as Error).message).toMatch(new RegExp(`^\\[isrkit\\] cacheHeaders\\(\\{ ${option} \\}\\): expected`))
  })

  it('finds nothing wrong with good options', () => {
    expect(cacheHeadersProblem({ revalidate: 0, swr: 0, tags: ['a'] })).toBeUndefined()
  })
})
