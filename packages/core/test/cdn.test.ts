// CDN dialect headers (cdn.ts), alone and on the answers isr.handle gives.
import { describe, expect, it } from 'vitest'
import { cdnHeaders } from '../src/cdn.ts'
import type { CdnDialect } from '../src/types.ts'
import { harness, html, state } from './support/harness.ts'

const T = Date.UTC(2026, 0, 1)
const meta = {
  createdAt: T,
  revalidateAt: T + 60_000,
  expireAt: T + 3_660_000,
  tags: ['post:42', 'posts'],
  readsCookies: false,
  varies: false,
}

describe('cdnHeaders', () => {
  it.each<[CdnDialect, string, string, string, string]>([
    ['standard', 'cdn-cache-control', 'max-age=60, stale-while-revalidate=3600', 'cache-tag', 'post:42,posts'],
    [
      'vercel',
      'vercel-cdn-cache-control',
      'max-age=60, stale-while-revalidate=3600',
      'vercel-cache-tag',
      'post:42,posts',
    ],
    [
      'netlify',
      'netlify-cdn-cache-control',
      'public, durable, s-maxage=60, stale-while-revalidate=3600',
      'netlify-cache-tag',
      'post:42,posts',
    ],
    [
      'cloudflare',
      'cloudflare-cdn-cache-control',
      'max-age=60, stale-while-revalidate=3600',
      'cache-tag',
      'post:42,posts',
    ],
    ['fastly', 'surrogate-control', 'max-age=60, stale-while-revalidate=3600', 'surrogate-key', 'post:42 posts'],
  ])('speaks %s', (dialect, control, value, tag, tags) => {
    expect(cdnHeaders(dialect, meta, false)).toEqual([
      [control, value],
      [tag, tags],
    ])
  })

  it('tells the CDN a stale answer is stale, so it revalidates too', () => {
    expect(cdnHeaders('standard', meta, true)[0]).toEqual([
      'cdn-cache-control',
      'max-age=0, stale-while-revalidate=3600',
    ])
  })

  it('leaves out stale-while-revalidate when the entry expires as it goes stale, and tags when there are none', () => {
    expect(cdnHeaders('standard', { ...meta, expireAt: meta.revalidateAt, tags: [] }, false)).toEqual([
      ['cdn-cache-control', 'max-age=60'],
    ])
  })

  it('says nothing of a page a CDN keying by URL would mix up', () => {
    expect(cdnHeaders('standard', { ...meta, readsCookies: true }, false)).toEqual([])
    expect(cdnHeaders('standard', { ...meta, varies: true }, false)).toEqual([])
  })
})

describe("isr.handle with cdn: 'fastly'", () => {
  const site = (options = {}) =>
    harness(
      { cdn: 'fastly', routes: { '/**': { revalidate: 60, expire: 600, tags: ['all'] } }, ...options },
      { '*': (r, n) => html(`${new URL(r.url).pathname} ${n}`, { 'cache-tag': 'post:1' }) },
    )

  it('emits the dialect on MISS, HIT and STALE; browsers get max-age=0, must-revalidate', async () => {
    const h = site()
    const miss = await h.get('/a')
    await miss.text()
    expect(state(miss)).toBe('MISS')
    expect(miss.headers.get('surrogate-control')).toBe('max-age=60, stale-while-revalidate=540')
    expect(miss.headers.get('surrogate-key')).toBe('all post:1')
    expect(miss.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate')
    await h.settle()
    h.clock.advance(10)
    const hit = await h.get('/a')
    expect(state(hit)).toBe('HIT')
    expect(hit.headers.get('surrogate-control')).toBe('max-age=60, stale-while-revalidate=540')
    expect(hit.headers.get('age')).toBe('10')
    h.clock.advance(60)
    const stale = await h.get('/a')
    expect(state(stale)).toBe('STALE')
    expect(stale.headers.get('surrogate-control')).toBe('max-age=0, stale-while-revalidate=540')
    await h.settle()
    await h.isr.close()
  })

  it('keeps the internal tag header of the page out, and gives BYPASS answers nothing for the CDN', async () => {
    const h = site()
    const post = await h.get('/a', { method: 'POST' })
    expect(state(post)).toBe('BYPASS')
    expect(post.headers.get('surrogate-control')).toBeNull()
    expect(post.headers.get('cache-tag')).toBeNull()
    await h.isr.close()
  })

  it('gives a route that varies on a cookie nothing for the CDN', async () => {
    const h = site({ vary: { cookies: ['lang'] } })
    const miss = await h.get('/a', { headers: { cookie: 'lang=fr' } })
    await miss.text()
    expect(state(miss)).toBe('MISS')
    expect(miss.headers.get('surrogate-control')).toBeNull()
    await h.isr.close()
  })
})

describe('without cdn', () => {
  it('emits no CDN header', async () => {
    const h = harness({ routes: { '/**': { revalidate: 60 } } }, { '*': () => html('x') })
    const miss = await h.get('/a')
    expect(miss.headers.get('cdn-cache-control')).toBeNull()
    await h.isr.close()
  })
})
