import { describe, expect, it } from 'vitest'
import { resolveOptions } from '../src/options.ts'
import { type CachePlan, type Plan, planRequest } from '../src/request.ts'
import type { ISROptions } from '../src/types.ts'

const TOKEN = 'preview-token-123'

const BASE: ISROptions = {
  revalidate: 60,
  bypass: { cookies: ['__prerender_bypass'], token: TOKEN },
  vary: { cookies: ['lang'] },
  routes: {
    '/account/**': false,
    '/static/**': { ignoreCookies: true },
  },
}

function plan(path: string, init: RequestInit = {}, options: ISROptions = {}): Plan {
  const request = new Request(new URL(path, 'http://site.test'), init)
  return planRequest(request, new URL(request.url), resolveOptions({ ...BASE, ...options }))
}

function cached(path: string, init: RequestInit = {}, options: ISROptions = {}): CachePlan {
  const p = plan(path, init, options)
  if ('bypass' in p) throw new Error(`bypassed: ${p.bypass}`)
  return p
}

const bypass = (p: Plan) => ('bypass' in p ? p.bypass : 'cached')

describe('planRequest', () => {
  it.each<[string, string, RequestInit, ISROptions?]>([
    ['POST', 'method', { method: 'POST', body: 'x' }],
    ['DELETE', 'method', { method: 'DELETE' }],
    ['OPTIONS', 'method', { method: 'OPTIONS' }],
    ['dev mode', 'dev', {}, { dev: true }],
    ['credentials', 'authorization', { headers: { authorization: 'Basic dTpw' } }],
    ['the bypass header', 'draft', { headers: { 'x-isr-bypass': TOKEN } }],
    ['a bypass cookie', 'draft', { headers: { cookie: `_ga=1; __prerender_bypass=x` } }],
    ['an unkeyed cookie', 'cookie', { headers: { cookie: 'lang=de; session=abc' } }],
    ['a host the site does not list', 'host', {}, { hosts: ['example.com'] }],
  ])('bypasses a request with %s', (_, reason, init, options) => {
    expect(bypass(plan('/page', init, options))).toBe(reason)
  })

  it('bypasses with the token in the query, only the right token', () => {
    expect(bypass(plan(`/page?__isr_bypass=${TOKEN}`))).toBe('draft')
    expect(bypass(plan('/page?__isr_bypass=guess'))).toBe('cached')
    expect(bypass(plan('/page', { headers: { 'x-isr-bypass': 'guess' } }))).toBe('cached')
    expect(bypass(plan('/page?__isr_bypass=', {}, { bypass: {} }))).toBe('cached')
  })

  it('bypasses routes ruled out, and draft cookies even where cookies are ignored', () => {
    expect(bypass(plan('/account/settings'))).toBe('route')
    expect(bypass(plan('/static/a', { headers: { cookie: 'session=abc' } }))).toBe('cached')
    expect(bypass(plan('/static/a', { headers: { cookie: '__prerender_bypass=1' } }))).toBe('draft')
  })

  it('matches draft cookies by glob', () => {
    const options = { bypass: { cookies: ['__prerender_*'] } }
    expect(bypass(plan('/page', { headers: { cookie: '__prerender_bypass=1' } }, options))).toBe('draft')
    expect(bypass(plan('/page', { headers: { cookie: 'lang=de' } }, options))).toBe('cached')
  })

  it('serves visitors with only analytics or keyed cookies from the cache', () => {
    expect(bypass(plan('/page', { headers: { cookie: '_ga=GA1.2.3; _gid=x; _fbp=y; _ga_ABC=z' } }))).toBe('cached')
    expect(bypass(plan('/page', { headers: { cookie: 'lang=de; _ga=GA1.2.3' } }))).toBe('cached')
  })

  it('keys the host only when the site lists its hosts', () => {
    expect(cached('/page').key.id).toBe('isr:::/page#c.lang')
    expect(cached('http://EXAMPLE.com/page', {}, { hosts: ['example.com'] }).key.id).toBe(
      'isr::example.com:/page#c.lang',
    )
  })

  it('answers HEAD from the GET entry', () => {
    const head = cached('/page?b=1', { method: 'HEAD' })
    expect(head.head).toBe(true)
    expect(head.key.id).toBe(cached('/page?b=1').key.id)
    expect(head.renderRequest().method).toBe('GET')
  })
})

describe('the render request', () => {
  it('is a GET of the normalized URL with only the keyed cookies, no conditional headers, no compression', () => {
    const p = cached('/page?utm_source=mail&b=2&a=1', {
      headers: {
        cookie: '_ga=GA1.2.3; lang=de%20AT; _gid=x',
        'accept-language': 'de',
        'if-none-match': '"abc"',
        'if-modified-since': 'Thu, 01 Jan 2026 00:00:00 GMT',
        'accept-encoding': 'gzip, br',
      },
    })
    const request = p.renderRequest()
    expect(request.method).toBe('GET')
    expect(request.url).toBe('http://site.test/page?a=1&b=2')
    // The raw value, exactly as the browser sent it.
    expect(request.headers.get('cookie')).toBe('lang=de%20AT')
    expect(request.headers.get('accept-language')).toBe('de')
    expect(request.headers.has('if-none-match')).toBe(false)
    expect(request.headers.has('if-modified-since')).toBe(false)
    expect(request.headers.has('accept-encoding')).toBe(false)
  })

  it('carries no Cookie header when no keyed cookie was sent', () => {
    const request = cached('/page', { headers: { cookie: '_ga=GA1.2.3' } }).renderRequest()
    expect(request.headers.has('cookie')).toBe(false)
  })
})
