import { describe, expect, it } from 'vitest'
import { watchCookieReads } from '../src/cookies.ts'
import { type FakeEvent, fakeEvent } from './support/event.ts'

const withCookies = () => fakeEvent({ headers: { cookie: 'name=alice; theme=dark' } })

describe('watchCookieReads', () => {
  it('counts reads through event.cookies, and still returns the values', () => {
    const event = withCookies()
    const reads = watchCookieReads(event)
    expect(reads()).toBe(0)
    expect(event.cookies.get('name')).toBe('alice')
    expect(reads()).toBe(1)
    expect(event.cookies.get('missing')).toBeUndefined()
    expect(reads()).toBe(2)
    expect(event.cookies.getAll()).toEqual([
      { name: 'name', value: 'alice' },
      { name: 'theme', value: 'dark' },
    ])
    expect(reads()).toBe(3)
  })

  it("counts reads of the request's Cookie header", () => {
    const event = withCookies()
    const reads = watchCookieReads(event)
    expect(event.request.headers.get('accept')).toBeNull()
    expect(reads()).toBe(0)
    expect(event.request.headers.get('Cookie')).toBe('name=alice; theme=dark')
    expect(reads()).toBe(1)
    expect(event.request.headers.has('cookie')).toBe(true)
    expect(reads()).toBe(2)
    // Walking every header sees the cookies too.
    expect([...event.request.headers].length).toBe(1)
    expect(reads()).toBe(3)
  })

  it('counts only from when it is called', () => {
    const event = withCookies()
    event.cookies.get('name')
    event.request.headers.get('cookie')
    expect(watchCookieReads(event)()).toBe(0)
  })

  it('is idempotent per event: the same count, and reads counted once', () => {
    const event = withCookies()
    const first = watchCookieReads(event)
    const second = watchCookieReads(event)
    expect(event.cookies.get('name')).toBe('alice')
    event.cookies.getAll()
    event.request.headers.get('cookie')
    // Stacked wrappers would count each read twice.
    expect(first()).toBe(3)
    expect(second()).toBe(3)
  })

  it('answers for the same event with the count so far', () => {
    const event = withCookies()
    const first = watchCookieReads(event)
    event.cookies.get('name')
    const later = watchCookieReads(event)
    expect(later()).toBe(1)
    event.cookies.getAll()
    expect(first()).toBe(2)
    expect(later()).toBe(2)
  })

  it('keeps events apart', () => {
    const one = withCookies()
    const other = withCookies()
    const readsOne = watchCookieReads(one)
    const readsOther = watchCookieReads(other)
    one.cookies.get('name')
    expect(readsOne()).toBe(1)
    expect(readsOther()).toBe(0)
  })
})

describe('watchCookieReads and event.fetch', () => {
  /** An event on example.com whose fetch records what it was given. */
  function fetching() {
    const calls: [RequestInfo | URL, RequestInit | undefined][] = []
    const event = fakeEvent({
      request: 'http://example.com/page',
      headers: { cookie: 'session=abc' },
      fetch: async (input, init) => {
        calls.push([input, init])
        return new Response('answer')
      },
    })
    return { event, calls, reads: watchCookieReads(event) }
  }

  const fetched = async (event: FakeEvent, input: RequestInfo | URL, init?: RequestInit) =>
    (await event.fetch(input, init)).text()

  it("counts a fetch that Kit sends the visitor's cookies with: its own host and subdomains", async () => {
    const { event, reads } = fetching()
    await fetched(event, '/api/me')
    expect(reads()).toBe(1)
    await fetched(event, 'http://example.com/api/me', { credentials: 'include' })
    await fetched(event, new URL('https://api.example.com/me'))
    await fetched(event, new Request('http://example.com/api/me'))
    expect(reads()).toBe(4)
  })

  it('does not count a fetch without credentials, or to another site', async () => {
    const { event, reads } = fetching()
    await fetched(event, '/api/posts', { credentials: 'omit' })
    await fetched(event, new Request('http://example.com/api/posts', { credentials: 'omit' }))
    await fetched(event, 'https://cms.example.net/posts')
    await fetched(event, 'https://notexample.com/posts')
    expect(reads()).toBe(0)
  })

  it("still fetches what it was asked, once, and returns Kit's answer", async () => {
    const { event, calls } = fetching()
    watchCookieReads(event)
    const init = { headers: { accept: 'application/json' } }
    expect(await fetched(event, '/api/me', init)).toBe('answer')
    expect(calls).toEqual([['/api/me', init]])
  })
})
