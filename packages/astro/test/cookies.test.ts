// Seeing, from outside Astro's pipeline, whether a render read the visitor's cookies or set some.
import { describe, expect, it } from 'vitest'
import { carryAstroCookies, observeCookieReads, setsAstroCookies } from '../src/cookies.ts'

const ASTRO_COOKIES = Symbol.for('astro.cookies')

function visitor(cookie?: string): Request {
  const headers: Record<string, string> = { accept: 'text/html', 'user-agent': 'test' }
  if (cookie) headers.cookie = cookie
  return new Request('http://example.com/page', { headers })
}

/** What Astro leaves on a response under Symbol.for('astro.cookies'): its AstroCookies, read via `headers()`. */
function withAstroCookies(response: Response, setCookies: string[]): Response {
  Reflect.set(response, ASTRO_COOKIES, {
    *headers() {
      yield* setCookies
    },
  })
  return response
}

describe('observeCookieReads', () => {
  it('starts at zero and counts reads of the Cookie header by name, whatever the case', () => {
    const request = visitor('session=abc')
    const reads = observeCookieReads(request)
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
    const reads = observeCookieReads(request)
    expect(request.headers.get('cookie')).toBeNull()
    expect(request.headers.has('cookie')).toBe(false)
    expect(reads.count).toBe(2)
  })

  it('does not count reads of other headers', () => {
    const request = visitor('session=abc')
    const reads = observeCookieReads(request)
    expect(request.headers.get('accept')).toBe('text/html')
    expect(request.headers.has('user-agent')).toBe(true)
    expect(request.headers.get('x-missing')).toBeNull()
    expect(request.headers.has('cookies')).toBe(false)
    expect(reads.count).toBe(0)
  })

  it('counts walking every header, and the walk still sees every header', () => {
    const request = visitor('session=abc')
    const reads = observeCookieReads(request)
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
    const reads = observeCookieReads(request)
    const copy = new Headers(request.headers)
    expect(copy.get('cookie')).toBe('session=abc')
    expect(reads.count).toBeGreaterThan(0)
  })
})

describe('setsAstroCookies', () => {
  it('is true when Astro.cookies.set() left a Set-Cookie to send', () => {
    expect(setsAstroCookies(withAstroCookies(new Response('ok'), ['session=1; Path=/']))).toBe(true)
  })

  it('is false when Astro.cookies holds nothing to send', () => {
    expect(setsAstroCookies(withAstroCookies(new Response('ok'), []))).toBe(false)
  })

  it('is false without Astro cookies, or with something else under the symbol', () => {
    expect(setsAstroCookies(new Response('ok'))).toBe(false)
    const odd = new Response('ok')
    Reflect.set(odd, ASTRO_COOKIES, { headers: ['a=1'] })
    expect(setsAstroCookies(odd)).toBe(false)
  })

  it('reads the record without consuming what Astro sends later', () => {
    const response = withAstroCookies(new Response('ok'), ['a=1', 'b=2'])
    setsAstroCookies(response)
    const cookies = Reflect.get(response, ASTRO_COOKIES) as { headers(): Iterable<string> }
    expect([...cookies.headers()]).toEqual(['a=1', 'b=2'])
  })
})

describe('carryAstroCookies', () => {
  it('gives a new Response the render’s Astro cookies', () => {
    const rendered = withAstroCookies(new Response('ok'), ['session=1'])
    const answer = new Response('ok', { headers: { 'x-isr-cache': 'BYPASS' } })
    carryAstroCookies(rendered, answer)
    expect(Reflect.get(answer, ASTRO_COOKIES)).toBe(Reflect.get(rendered, ASTRO_COOKIES))
    expect(setsAstroCookies(answer)).toBe(true)
  })

  it('carries nothing when the render had no Astro cookies', () => {
    const answer = new Response('ok')
    carryAstroCookies(new Response('ok'), answer)
    expect(Reflect.has(answer, ASTRO_COOKIES)).toBe(false)
  })

  it('writes nothing when the answer is the render itself', () => {
    const rendered = withAstroCookies(new Response('ok'), ['session=1'])
    const writes: PropertyKey[] = []
    const watched = new Proxy(rendered, {
      set(target, key, value) {
        writes.push(key)
        return Reflect.set(target, key, value)
      },
    })
    carryAstroCookies(watched, watched)
    expect(writes).toEqual([])
    expect(setsAstroCookies(watched)).toBe(true)
  })
})
