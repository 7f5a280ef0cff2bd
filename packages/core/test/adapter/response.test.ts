// The marks a render carries to core and the state of core's answer (adapter/response.ts).
import { describe, expect, it } from 'vitest'
import { cacheState, markRender } from '../../src/adapter/response.ts'
import { READ_HEADER, UNCACHEABLE_HEADER } from '../../src/policy.ts'

describe('markRender', () => {
  it('sets what the render read and why it may not be stored, and drops what the framework set', () => {
    const response = new Response('page', { headers: { 'cache-control': 'private, no-store' } })
    const marked = markRender(response, {
      read: 'cookie, accept-language',
      uncacheable: 'set-cookie',
      drop: ['cache-control'],
    })
    expect(marked).toBe(response)
    expect(marked.headers.get(READ_HEADER)).toBe('cookie, accept-language')
    expect(marked.headers.get(UNCACHEABLE_HEADER)).toBe('set-cookie')
    expect(marked.headers.has('cache-control')).toBe(false)
  })

  it('leaves a render that read nothing as it is', () => {
    const response = new Response('page')
    expect(markRender(response, { read: '', uncacheable: undefined })).toBe(response)
    expect([...response.headers.keys()]).toEqual(['content-type'])
  })

  it("copies a response whose headers are immutable (a route's fetch() result), body and status intact", async () => {
    const immutable = Response.redirect('https://example.com/', 308)
    expect(() => immutable.headers.set('x', '1')).toThrow()
    const marked = markRender(immutable, { read: 'cookie' })
    expect(marked).not.toBe(immutable)
    expect(marked.status).toBe(308)
    expect(marked.headers.get('location')).toBe('https://example.com/')
    expect(marked.headers.get(READ_HEADER)).toBe('cookie')
  })
})

describe('cacheState', () => {
  it("reads isrkit's states only", () => {
    expect(cacheState(new Response(null, { headers: { 'x-isr-cache': 'HIT' } }))).toBe('HIT')
    expect(cacheState(new Response(null, { headers: { 'x-isr-cache': 'REVALIDATED' } }))).toBe('REVALIDATED')
    expect(cacheState(new Response(null, { headers: { 'x-isr-cache': 'hit' } }))).toBeNull()
    expect(cacheState(new Response(null))).toBeNull()
  })
})
