import { describe, expect, it } from 'vitest'
import { resolveOptions } from '../src/options.ts'
import { type Decision, decide, inherit, pagePolicy } from '../src/policy.ts'
import type { ISROptions } from '../src/types.ts'

interface Setup {
  status?: number
  options?: ISROptions
  notFoundRevalidate?: number
  maxEntryBytes?: number
}

/** The decision for a response on route `/`; by default the options store everything storable for 60 s. */
function decision(headers: Record<string, string> = {}, setup: Setup = {}): Decision {
  const { status = 200, options = { revalidate: 60 }, notFoundRevalidate = 30, maxEntryBytes = 1000 } = setup
  const response = new Response(null, { status, headers })
  const route = resolveOptions(options).routes.match('/')
  return decide({ response, route, notFoundRevalidate, maxEntryBytes })
}

const reason = (d: Decision) => (d.store ? 'stored' : d.reason)
const policy = (d: Decision) => {
  if (!d.store) throw new Error(`not stored: ${d.reason}`)
  return d.policy
}

describe('decide', () => {
  it('stores no render that saw query parameters outside the key, nor one that read a visitor’s cookies', () => {
    const response = () => new Response(null, { headers: { 'x-isr-read': 'cookie' } })
    const route = resolveOptions({ revalidate: 60 }).routes.match('/')
    const limits = { notFoundRevalidate: 30, maxEntryBytes: 1000 }
    expect(reason(decide({ response: new Response(null), route, ...limits, unkeyed: 'unkeyed-query' }))).toBe(
      'unkeyed-query',
    )
    expect(reason(decide({ response: response(), route, ...limits, personal: true }))).toBe('cookie-read')
    const anonymous = decide({ response: response(), route, ...limits, personal: false })
    expect(policy(anonymous).readsCookies).toBe(true)
  })

  it('stores only the cacheable statuses', () => {
    const stored = [200, 203, 300, 301, 308, 404, 410]
    for (const status of stored) expect(reason(decision({}, { status }))).toBe('stored')
    for (const status of [201, 202, 206, 302, 303, 307, 400, 401, 403, 418, 429]) {
      expect(reason(decision({}, { status }))).toBe(`status-${status}`)
    }
  })

  it.each([
    ['set-cookie', { 'set-cookie': 'session=1' }, 'set-cookie'],
    ['Cache-Control: private', { 'cache-control': 'private, max-age=60' }, 'cache-control'],
    ['Cache-Control: no-store', { 'cache-control': 'no-store' }, 'cache-control'],
    ['Cache-Control: no-cache', { 'cache-control': 'no-cache' }, 'cache-control'],
    [
      'CDN-Cache-Control: no-store',
      { 'cdn-cache-control': 'no-store', 'cache-control': 's-maxage=60' },
      'cache-control',
    ],
    ['an adapter marking the render', { 'x-isr-uncacheable': 'cookies.get(session)' }, 'cookies.get(session)'],
    ['Vary: *', { vary: '*' }, 'vary-star'],
    ['Vary on an unkeyed header', { vary: 'Accept-Encoding, Accept-Language' }, 'vary-accept-language'],
    ['Vary: Cookie without vary cookies', { vary: 'Cookie' }, 'vary-cookie'],
    ['a body over maxEntryBytes', { 'content-length': '1001' }, 'too-large'],
  ])('refuses a response with %s', (_, headers, why) => {
    expect(reason(decision(headers))).toBe(why)
  })

  it('stores what varies only on what the key holds', () => {
    expect(reason(decision({ vary: 'Accept-Encoding' }))).toBe('stored')
    const keyed = { revalidate: 60, vary: { headers: ['Accept-Language'], cookies: ['lang'] } }
    expect(reason(decision({ vary: 'accept-language, Cookie, accept-encoding' }, { options: keyed }))).toBe('stored')
    expect(reason(decision({ 'content-length': '1000' }))).toBe('stored')
  })

  it('stores nothing without a policy from the page, a route or the global default', () => {
    expect(reason(decision({}, { options: {} }))).toBe('no-policy')
    expect(reason(decision({ 'cache-control': 'public' }, { options: {} }))).toBe('no-policy')
  })

  it('takes the page policy over the route rule over the global default', () => {
    const options = { revalidate: 5, routes: { '/': { revalidate: 10 } } }
    expect(policy(decision({}, { options: { revalidate: 5 } })).revalidate).toBe(5)
    expect(policy(decision({}, { options })).revalidate).toBe(10)
    expect(policy(decision({ 'cache-control': 's-maxage=60' }, { options })).revalidate).toBe(60)
  })

  it('reads Cache-Control as a shared cache: s-maxage over max-age', () => {
    expect(policy(decision({ 'cache-control': 'max-age=10, s-maxage=120' })).revalidate).toBe(120)
    expect(policy(decision({ 'cache-control': 'max-age=10' })).revalidate).toBe(10)
  })

  it('lets CDN-Cache-Control decide alone, its max-age first', () => {
    const both = { 'cdn-cache-control': 'max-age=30', 'cache-control': 'private, s-maxage=5' }
    expect(policy(decision(both)).revalidate).toBe(30)
    expect(policy(decision({ 'cdn-cache-control': 's-maxage=45' })).revalidate).toBe(45)
  })

  it('expires at revalidate + stale-while-revalidate, never before revalidate', () => {
    const swr = policy(decision({ 'cache-control': 's-maxage=60, stale-while-revalidate=300' }))
    expect([swr.revalidate, swr.expire]).toEqual([60, 360])
    const route = { routes: { '/': { revalidate: 10, expire: 100 } } }
    expect(policy(decision({}, { options: route })).expire).toBe(100)
    expect(policy(decision({ 'cache-control': 's-maxage=500' }, { options: route })).expire).toBe(500)
  })

  it('takes stale-if-error from the page, else from the route', () => {
    expect(policy(decision({ 'cache-control': 's-maxage=60, stale-if-error=120' })).staleIfError).toBe(120)
    expect(policy(decision({}, { options: { revalidate: 60, staleIfError: 7 } })).staleIfError).toBe(7)
  })

  it('does not store a zero freshness', () => {
    expect(reason(decision({ 'cache-control': 's-maxage=0' }))).toBe('max-age-0')
    expect(reason(decision({}, { options: { routes: { '/': { revalidate: 0 } } } }))).toBe('max-age-0')
    expect(reason(decision({}, { status: 404, notFoundRevalidate: 0 }))).toBe('max-age-0')
  })

  it('keeps 404 and 410 briefly, never stale, never standing in for errors', () => {
    for (const status of [404, 410]) {
      const long = policy(decision({}, { status, options: { revalidate: 3600, staleIfError: 600 } }))
      expect(long).toMatchObject({ revalidate: 30, expire: 30, staleIfError: 0, negative: true })
      expect(policy(decision({ 'cache-control': 's-maxage=10' }, { status })).revalidate).toBe(10)
    }
    expect(policy(decision()).negative).toBe(false)
  })

  it('merges Cache-Tag with the route tags, dropping invalid tags, at most 64', () => {
    const options = { routes: { '/': { revalidate: 60, tags: ['blog'] } } }
    const tags = policy(decision({ 'cache-tag': 'post:42, blog ,bad tag,, post:43' }, { options })).tags
    expect(tags).toEqual(['blog', 'post:42', 'post:43'])
    const many = Array.from({ length: 100 }, (_, i) => `t${i}`).join(',')
    const capped = policy(decision({ 'cache-tag': many }, { options })).tags
    expect(capped).toHaveLength(64)
    expect(capped.slice(0, 2)).toEqual(['blog', 't0'])
  })
})

describe('pagePolicy', () => {
  it('says nothing when the page said nothing about time', () => {
    expect(pagePolicy(new Headers())).toBeUndefined()
    expect(pagePolicy(new Headers({ 'cache-control': 'public' }))).toBeUndefined()
  })

  it('reads stale-while-revalidate and stale-if-error alongside the freshness', () => {
    expect(
      pagePolicy(new Headers({ 'cache-control': 's-maxage=60, stale-while-revalidate=30, stale-if-error=90' })),
    ).toEqual({
      revalidate: 60,
      expire: 90,
      staleIfError: 90,
    })
    expect(pagePolicy(new Headers({ 'cache-control': 'stale-if-error=90' }))).toEqual({
      revalidate: undefined,
      expire: undefined,
      staleIfError: 90,
    })
  })
})

describe('inherit', () => {
  const policy = {
    revalidate: 3600,
    expire: 7200,
    staleIfError: 60,
    tags: ['page'],
    negative: false,
    readsCookies: false,
  }

  it('adds the tags of the cached calls a render made, and takes their shorter revalidate', () => {
    const inherited = inherit(policy, { tags: new Set(['post:1', 'page']), revalidate: 30 })
    expect(inherited).toEqual({ ...policy, tags: ['page', 'post:1'], revalidate: 30 })
  })

  it('keeps a page’s own shorter revalidate, and the policy itself when nothing was called', () => {
    expect(inherit(policy, { tags: new Set(['x']), revalidate: 86_400 }).revalidate).toBe(3600)
    expect(inherit(policy, { tags: new Set(), revalidate: Number.POSITIVE_INFINITY })).toBe(policy)
  })
})
