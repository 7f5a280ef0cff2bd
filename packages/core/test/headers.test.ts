import { describe, expect, it } from 'vitest'
import type { Entry } from '../src/entry.ts'
import { cacheStatus, entryAnswer, matchesIfNoneMatch, passThrough, storedHeaders } from '../src/headers.ts'

describe('storedHeaders', () => {
  it('keeps what describes the page, drops hop-by-hop, per-response and isrkit headers', () => {
    const headers = new Headers([
      ['content-type', 'text/html'],
      ['content-language', 'de'],
      ['vary', 'Accept-Encoding'],
      ['link', '</app.css>; rel=preload'],
      ['x-powered-by', 'astro'],
      ['age', '5'],
      ['cache-control', 's-maxage=60'],
      ['cdn-cache-control', 'max-age=60'],
      ['cache-tag', 'blog'],
      ['cache-status', 'upstream; hit'],
      ['connection', 'keep-alive'],
      ['keep-alive', 'timeout=5'],
      ['content-length', '13'],
      ['transfer-encoding', 'chunked'],
      ['upgrade', 'h2c'],
      ['proxy-connection', 'close'],
      ['date', 'Thu, 01 Jan 2026 00:00:00 GMT'],
      ['etag', '"abc"'],
      ['set-cookie', 'session=1'],
      ['x-isr-cache', 'HIT'],
      ['x-isr-uncacheable', 'cookie'],
    ])
    expect(storedHeaders(headers)).toEqual([
      ['content-language', 'de'],
      ['content-type', 'text/html'],
      ['link', '</app.css>; rel=preload'],
      ['vary', 'Accept-Encoding'],
      ['x-powered-by', 'astro'],
    ])
  })
})

describe('cacheStatus', () => {
  it('formats one RFC 9211 member named isrkit', () => {
    expect(cacheStatus({})).toBe('isrkit')
    expect(cacheStatus({ hit: true, ttl: 12.9 })).toBe('isrkit; hit; ttl=12')
    expect(cacheStatus({ hit: true, ttl: -1.5, detail: 'stale-while-revalidate' })).toBe(
      'isrkit; hit; ttl=-1; detail=stale-while-revalidate',
    )
    expect(cacheStatus({ fwd: 'uri-miss', fwdStatus: 503, collapsed: true })).toBe(
      'isrkit; fwd=uri-miss; fwd-status=503; collapsed',
    )
    expect(cacheStatus({ fwd: 'uri-miss', stored: true })).toBe('isrkit; fwd=uri-miss; stored')
    expect(cacheStatus({ fwd: 'bypass', detail: 'set-cookie' })).toBe('isrkit; fwd=bypass; detail=set-cookie')
  })

  it('quotes a detail that is not a token, as a valid sf-string', () => {
    expect(cacheStatus({ fwd: 'bypass', detail: 'cookies.get(session)' })).toBe(
      'isrkit; fwd=bypass; detail="cookies.get(session)"',
    )
    expect(cacheStatus({ detail: '404' })).toBe('isrkit; detail="404"')
    expect(cacheStatus({ detail: 'said "hi" \\o/' })).toBe('isrkit; detail="said \\"hi\\" \\\\o/"')
    // sf-strings hold printable ASCII only: no JSON escapes such as \t, no raw non-ASCII.
    expect(cacheStatus({ detail: 'tab\there café' })).toBe('isrkit; detail="tab?here caf?"')
  })
})

describe('matchesIfNoneMatch', () => {
  it('compares weakly, over a list, with * matching anything', () => {
    expect(matchesIfNoneMatch('"a"', '"a"')).toBe(true)
    expect(matchesIfNoneMatch('W/"a"', '"a"')).toBe(true)
    expect(matchesIfNoneMatch('"a"', 'W/"a"')).toBe(true)
    expect(matchesIfNoneMatch('"x", W/"a" ,"y"', '"a"')).toBe(true)
    expect(matchesIfNoneMatch(' * ', '"a"')).toBe(true)
    expect(matchesIfNoneMatch('"b"', '"a"')).toBe(false)
    expect(matchesIfNoneMatch('"ab"', '"a"')).toBe(false)
    expect(matchesIfNoneMatch('a', '"a"')).toBe(false)
    expect(matchesIfNoneMatch(null, '"a"')).toBe(false)
    expect(matchesIfNoneMatch('', '"a"')).toBe(false)
  })
})

describe('entryAnswer', () => {
  it('answers 304 without a body to a matching If-None-Match, keeping the validators and caching headers', () => {
    const body = new TextEncoder().encode('<h1>post</h1>')
    const entry = {
      meta: {
        status: 200,
        headers: [
          ['content-type', 'text/html'],
          ['vary', 'Accept-Language'],
          ['x-powered-by', 'astro'],
        ],
        createdAt: 0,
        etag: '"abc"',
      },
    } as unknown as Entry
    const answer = entryAnswer({
      entry,
      body: { coding: 'identity', bytes: body, etag: '"abc"' },
      state: 'HIT',
      status: { hit: true, ttl: 50 },
      now: 10_500,
      head: false,
      browserCacheControl: 'public, max-age=0, must-revalidate',
      ifNoneMatch: 'W/"abc", "other"',
    })
    expect(answer.status).toBe(304)
    expect(answer.body).toBeNull()
    expect(Object.fromEntries(answer.headers)).toEqual({
      etag: '"abc"',
      'cache-control': 'public, max-age=0, must-revalidate',
      age: '10',
      vary: 'Accept-Language',
      'x-isr-cache': 'HIT',
      'cache-status': 'isrkit; hit; ttl=50',
    })
  })

  it('answers the stored page with its length and the computed headers, and no body for HEAD', () => {
    const body = new TextEncoder().encode('<h1>post</h1>')
    const entry = {
      meta: {
        status: 200,
        headers: [['content-type', 'text/html']],
        createdAt: 0,
        etag: '"abc"',
      },
    } as unknown as Entry
    const input = {
      entry,
      body: { coding: 'identity', bytes: body, etag: '"abc"' },
      state: 'STALE' as const,
      status: { hit: true, ttl: -3 },
      now: 2_000,
      browserCacheControl: 'no-cache',
    }
    const full = entryAnswer({ ...input, head: false, ifNoneMatch: '"other"' })
    expect(full.status).toBe(200)
    expect(full.body).toBe(body)
    expect(full.headers).toEqual([
      ['content-type', 'text/html'],
      ['content-length', String(body.byteLength)],
      ['etag', '"abc"'],
      ['age', '2'],
      ['cache-control', 'no-cache'],
      ['x-isr-cache', 'STALE'],
      ['cache-status', 'isrkit; hit; ttl=-3'],
    ])
    expect(entryAnswer({ ...input, head: true }).body).toBeNull()
  })

  it('answers a compressed representation with its coding, length and own ETag; 304 only for that ETag', () => {
    const br = new Uint8Array([1, 2, 3])
    const entry = {
      meta: {
        status: 200,
        headers: [
          ['content-type', 'text/html'],
          ['vary', 'Accept-Encoding'],
        ],
        createdAt: 0,
      },
    } as unknown as Entry
    const input = {
      entry,
      body: { coding: 'br', bytes: br, etag: '"abc-br"' },
      state: 'HIT' as const,
      status: { hit: true, ttl: 5 },
      now: 0,
      browserCacheControl: 'no-cache',
      head: false,
    }
    const full = entryAnswer({ ...input, ifNoneMatch: '"abc"' })
    expect(full.status).toBe(200)
    expect(full.body).toBe(br)
    expect(Object.fromEntries(full.headers)).toMatchObject({
      'content-encoding': 'br',
      'content-length': '3',
      etag: '"abc-br"',
      vary: 'Accept-Encoding',
    })
    const notModified = entryAnswer({ ...input, ifNoneMatch: '"abc-br"' })
    expect(notModified.status).toBe(304)
    expect(Object.fromEntries(notModified.headers)).toMatchObject({ etag: '"abc-br"', vary: 'Accept-Encoding' })
    expect(Object.fromEntries(notModified.headers)).not.toHaveProperty('content-encoding')
  })
})

describe('passThrough', () => {
  const render = (init: ResponseInit = {}, body: BodyInit | null = 'hello') =>
    new Response(body, {
      status: 200,
      statusText: 'Fine',
      ...init,
      headers: {
        'content-type': 'text/plain',
        'cdn-cache-control': 'max-age=60',
        'cache-tag': 'blog',
        'x-isr-uncacheable': 'cookie',
        'x-isr-anything': '1',
        'set-cookie': 'session=1',
        ...(init.headers as Record<string, string>),
      },
    })

  it('sends the render on without isrkit’s input headers, marked with what happened', async () => {
    const response = passThrough(render({ headers: { 'cache-control': 'max-age=60' } }), 'MISS', {
      fwd: 'uri-miss',
      fwdStatus: 200,
    })
    expect(response.status).toBe(200)
    expect(response.statusText).toBe('Fine')
    expect(await response.text()).toBe('hello')
    expect(Object.fromEntries(response.headers)).toEqual({
      'content-type': 'text/plain',
      'cache-control': 'max-age=60',
      'set-cookie': 'session=1',
      'x-isr-cache': 'MISS',
      'cache-status': 'isrkit; fwd=uri-miss; fwd-status=200',
    })
  })

  it('keeps a CDN from storing what isrkit bypassed, when the page asked shared caches to', () => {
    const bypass = { fwd: 'bypass' as const, detail: 'cookie' }
    expect(passThrough(render(), 'BYPASS', bypass).headers.get('cache-control')).toBe('private, no-cache')
    const sMaxAge = render({ headers: { 'cache-control': 'public, S-MAXAGE=600' } })
    expect(passThrough(sMaxAge, 'BYPASS', bypass).headers.get('cache-control')).toBe('private, no-cache')
    const browserOnly = new Response('x', { headers: { 'cache-control': 'max-age=60' } })
    expect(passThrough(browserOnly, 'BYPASS', bypass).headers.get('cache-control')).toBe('max-age=60')
  })

  it('keeps a CDN from storing a render made for one visitor, whatever the page said', () => {
    const bypass = { fwd: 'bypass' as const, detail: 'cookie' }
    const publicPage = () => new Response('x', { headers: { 'cache-control': 'public, max-age=60' } })
    expect(passThrough(publicPage(), 'BYPASS', bypass, { personal: true }).headers.get('cache-control')).toBe(
      'private, no-cache',
    )
    const unmarked = passThrough(new Response('x'), 'BYPASS', bypass, { personal: true })
    expect(unmarked.headers.get('cache-control')).toBe('private, no-cache')
    const noStore = new Response('x', { headers: { 'cache-control': 'no-store' } })
    expect(passThrough(noStore, 'BYPASS', bypass, { personal: true }).headers.get('cache-control')).toBe('no-store')
    expect(passThrough(publicPage(), 'BYPASS', { fwd: 'method' }).headers.get('cache-control')).toBe(
      'public, max-age=60',
    )
  })

  it('sends no body for HEAD, and releases the render’s body', async () => {
    let cancelled = false
    const stream = new ReadableStream<Uint8Array>({
      cancel() {
        cancelled = true
      },
    })
    const response = passThrough(render({}, stream), 'BYPASS', { fwd: 'method' }, { head: true })
    expect(response.body).toBeNull()
    expect(response.headers.get('content-type')).toBe('text/plain')
    await Promise.resolve()
    expect(cancelled).toBe(true)
  })

  it('sends no body for 204 and 304', () => {
    for (const status of [204, 304]) {
      const response = passThrough(render({ status }, null), 'BYPASS', { fwd: 'bypass' })
      expect(response.status).toBe(status)
      expect(response.body).toBeNull()
      expect(response.headers.get('cache-tag')).toBeNull()
    }
  })
})
