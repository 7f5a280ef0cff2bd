// Counting reads of a request's headers during a render (reads.ts): its cookies, and every other header.
import { describe, expect, it } from 'vitest'
import { observeReads, readSince, readsFrom, snapshot } from '../src/reads.ts'

function visitor(cookie?: string): Request {
  const headers: Record<string, string> = { accept: 'text/html', 'user-agent': 'test' }
  if (cookie) headers.cookie = cookie
  return new Request('http://example.com/page', { headers })
}

describe('observeReads', () => {
  it('starts at zero and counts reads of the Cookie header by name, whatever the case', () => {
    const request = visitor('session=abc')
    const reads = observeReads(request)
    expect(reads.count).toBe(0)
    expect(request.headers.get('cookie')).toBe('session=abc')
    expect(reads.count).toBe(1)
    expect(request.headers.has('Cookie')).toBe(true)
    expect(reads.count).toBe(2)
    expect(request.headers.get('COOKIE')).toBe('session=abc')
    expect(reads.count).toBe(3)
  })

  it('counts a read that finds no cookies: the render still depended on there being none', () => {
    const request = visitor()
    const reads = observeReads(request)
    expect(request.headers.get('cookie')).toBeNull()
    expect(request.headers.has('cookie')).toBe(false)
    expect(reads.count).toBe(2)
  })

  it('does not count reads of other headers', () => {
    const request = visitor('session=abc')
    const reads = observeReads(request)
    expect(request.headers.get('accept')).toBe('text/html')
    expect(request.headers.has('user-agent')).toBe(true)
    expect(request.headers.get('x-missing')).toBeNull()
    expect(request.headers.has('cookies')).toBe(false)
    expect(reads.count).toBe(0)
  })

  it('counts walking every header, and the walk still sees every header', () => {
    const request = visitor('session=abc')
    const reads = observeReads(request)
    expect(Object.fromEntries(request.headers.entries())).toEqual({
      accept: 'text/html',
      cookie: 'session=abc',
      'user-agent': 'test',
    })
    expect(reads.count).toBe(1)

    const seen: string[] = []
    request.headers.forEach((value, name) => {
      seen.push(`${name}=${value}`)
    })
    expect(seen).toContain('cookie=session=abc')
    expect(reads.count).toBe(2)

    const names: string[] = []
    for (const [name] of request.headers) names.push(name)
    expect(names).toEqual(['accept', 'cookie', 'user-agent'])
    expect(reads.count).toBe(3)

    expect([...request.headers.values()]).toContain('session=abc')
    expect(reads.count).toBe(4)
  })

  it('counts a copy of the headers, which walks them', () => {
    const request = visitor('session=abc')
    const reads = observeReads(request)
    const copy = new Headers(request.headers)
    expect(copy.get('cookie')).toBe('session=abc')
    expect(reads.count).toBeGreaterThan(0)
  })

  it('watches a request once: a second observer shares the first one’s count', () => {
    const request = visitor('a=1')
    const first = observeReads(request)
    const second = observeReads(request)
    request.headers.get('cookie')
    expect(first.count).toBe(1)
    expect(second).toBe(first)
  })
})

describe('readSince', () => {
  it('names what was read between a snapshot and now: cookie, other headers, * for a walk', () => {
    const request = visitor('session=abc')
    const reads = observeReads(request)
    // Read before the render: not the render's.
    request.headers.get('accept-language')
    const before = snapshot(reads)
    expect(readSince(reads, before)).toBe('')
    request.headers.get('Accept-Language')
    request.headers.get('cookie')
    request.headers.has('x-country')
    expect(readSince(reads, before)).toBe('cookie, accept-language, x-country')
    const later = snapshot(reads)
    new Headers(request.headers)
    expect(readSince(reads, later)).toBe('cookie, *')
  })

  it('does not count listing the names of the headers, which reads no value', () => {
    const request = visitor('session=abc')
    const reads = observeReads(request)
    const before = snapshot(reads)
    expect([...request.headers.keys()]).toContain('cookie')
    expect(readSince(reads, before)).toBe('')
  })
})

describe('readsFrom', () => {
  it('names only what was read after it was called', () => {
    const request = new Request('http://localhost/', { headers: { cookie: 'a=1', 'accept-language': 'de' } })
    request.headers.get('accept-language')
    const read = readsFrom(request)
    expect(read()).toBe('')
    request.headers.get('cookie')
    expect(read()).toBe('cookie')
  })
})
