import { describe, expect, it } from 'vitest'
import { resolveOptions } from '../src/options.ts'
import { type CachePlan, type Plan, type PlanFlags, planRequest } from '../src/request.ts'
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

function plan(path: string, init: RequestInit = {}, options: ISROptions = {}, flags: PlanFlags = {}): Plan {
  const request = new Request(new URL(path, 'http://site.test'), init)
  return planRequest(request, new URL(request.url), resolveOptions({ ...BASE, ...options }), flags)
}

function cached(path: string, init: RequestInit = {}, options: ISROptions = {}, flags: PlanFlags = {}): CachePlan {
  const p = plan(path, init, options, flags)
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

  it('keys the request’s own origin, so a forged Host reaches only entries of that Host', () => {
    expect(cached('/page').key.id).toBe('isr::http://site.test/page#c.lang')
    expect(cached('http://evil.test/page').key.id).toBe('isr::http://evil.test/page#c.lang')
    expect(cached('https://site.test/page').key.id).toBe('isr::https://site.test/page#c.lang')
    expect(cached('http://evil.test/page').key.path).toBe('/page')
  })

  it('keys each listed host with its scheme and port, and bypasses the others', () => {
    const hosts = { hosts: ['example.com'] }
    expect(cached('http://EXAMPLE.com/page', {}, hosts).key.id).toBe('isr::http://example.com/page#c.lang')
    expect(cached('https://example.com:8443/page', {}, hosts).key.id).toBe('isr::https://example.com:8443/page#c.lang')
    expect(plan('http://other.test/page', {}, hosts)).toEqual({ bypass: 'host' })
  })

  it('keys and renders every request for the canonical origin when one is configured', () => {
    const canonical = { origin: 'https://www.site.test' }
    const forged = cached('http://evil.test/page?a=1', {}, canonical)
    expect(forged.key.id).toBe('isr::https://www.site.test/page?a=1#c.lang')
    expect(forged.renderRequest().url).toBe('https://www.site.test/page?a=1')
    expect(forged.renderRequest().headers.get('host')).toBe('www.site.test')
    expect(forged.unkeyed).toBeUndefined()
  })

  it('does not store what a framework renders for another origin than the canonical one', () => {
    const canonical = { origin: 'https://www.site.test' }
    const flags = { rendersOwnRequest: true, rendersOwnOrigin: true }
    expect(cached('https://www.site.test/page', {}, canonical, flags).unkeyed).toBeUndefined()
    expect(cached('http://evil.test/page', {}, canonical, flags).unkeyed).toBe('unkeyed-origin')
    expect(cached('http://www.site.test/page', {}, canonical, flags).unkeyed).toBe('unkeyed-origin')
    expect(cached('https://www.site.test/page?utm_source=x', {}, canonical, flags).unkeyed).toBe('unkeyed-query')
  })

  it('bypasses a request whose raw path is not the one it resolves to', () => {
    expect(plan('/posts/hello', {}, {}, { target: '/posts/x/../hello' })).toEqual({ bypass: 'raw-url' })
    expect(plan('/posts/world', {}, {}, { target: '/docs/%2e%2e/posts/world' })).toEqual({ bypass: 'raw-url' })
    expect(plan('/a/b', {}, {}, { target: '/a\\b' })).toEqual({ bypass: 'raw-url' })
    expect('bypass' in plan('/posts/hello?x=1', {}, {}, { target: '/posts/hello?x=1' })).toBe(false)
    expect('bypass' in plan('/p', {}, {}, { target: 'http://site.test/p?q' })).toBe(false)
  })

  it('answers HEAD from the GET entry', () => {
    const head = cached('/page?b=1', { method: 'HEAD' })
    expect(head.head).toBe(true)
    expect(head.key.id).toBe(cached('/page?b=1').key.id)
    expect(head.renderRequest().method).toBe('GET')
  })
})

describe('the render request', () => {
  it('is a GET of the normalized URL with only what the key holds and the keyed origin', () => {
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
    expect(request.headers.has('accept-language')).toBe(false)
    expect(request.headers.has('if-none-match')).toBe(false)
    expect(request.headers.has('if-modified-since')).toBe(false)
    expect(request.headers.has('accept-encoding')).toBe(false)
  })

  it('carries no header of the visitor’s beyond the key: the origin comes from the key', () => {
    const request = cached('/page', {
      headers: {
        'accept-language': 'de',
        'user-agent': 'curl',
        'x-forwarded-host': 'evil.test',
        'x-forwarded-proto': 'http',
        accept: 'application/json',
      },
    }).renderRequest()
    expect(Object.fromEntries(request.headers)).toEqual({
      host: 'site.test',
      'x-forwarded-host': 'site.test',
      'x-forwarded-proto': 'http',
    })
  })

  it('passes the vary headers the route keys', () => {
    const request = cached(
      '/page',
      { headers: { 'accept-language': 'de' } },
      { vary: { headers: ['accept-language'] } },
    )
    expect(request.renderRequest().headers.get('accept-language')).toBe('de')
  })

  it('carries no Cookie header when no keyed cookie was sent', () => {
    const request = cached('/page', { headers: { cookie: '_ga=GA1.2.3' } }).renderRequest()
    expect(request.headers.has('cookie')).toBe(false)
  })
})
