// Seeing, from outside Astro's pipeline, whether a render set cookies, and keeping them on new responses.
import { describe, expect, it } from 'vitest'
import { carryAstroCookies, setsAstroCookies } from '../src/cookies.ts'

const ASTRO_COOKIES = Symbol.for('astro.cookies')

/** What Astro leaves on a response under Symbol.for('astro.cookies'): its AstroCookies, read via `headers()`. */
function withAstroCookies(response: Response, setCookies: string[]): Response {
  Reflect.set(response, ASTRO_COOKIES, {
    *headers() {
      yield* setCookies
    },
  })
  return response
}

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
