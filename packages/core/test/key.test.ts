import { normalizeKey } from 'unstorage'
import { describe, expect, it } from 'vitest'
import { buildKey, type KeyInput, normalizeQuery, pathKey, storageKey } from '../src/key.ts'
import { resolveOptions } from '../src/options.ts'
import type { ISROptions } from '../src/types.ts'

function route(options: ISROptions = {}, pathname = '/') {
  return resolveOptions(options).routes.match(pathname)
}

function key(url: string, extra: Partial<KeyInput> = {}) {
  const u = new URL(url)
  return buildKey({
    url: u,
    headers: new Headers(),
    cookies: new Map(),
    route: route({}, u.pathname),
    namespace: 'isr',
    buildId: '',
    origin: u.origin,
    ...extra,
  })
}

const query = (search: string, options: ISROptions = {}) => normalizeQuery(new URLSearchParams(search), route(options))

describe('buildKey', () => {
  it('reads <namespace>:<buildId>:<origin><pathname>?<query>#<vary>', () => {
    expect(key('http://site.test/blog/post?b=2&a=1').id).toBe('isr::http://site.test/blog/post?a=1&b=2#')
    expect(key('http://site.test/blog/post', { namespace: 'shop', buildId: 'v7' }).id).toBe(
      'shop:v7:http://site.test/blog/post#',
    )
  })

  it('gives the render the normalized URL', () => {
    expect(key('http://site.test/p?utm_source=news&b=2&a=1').url).toBe('http://site.test/p?a=1&b=2')
    expect(key('http://site.test/p?fbclid=x').url).toBe('http://site.test/p')
  })

  it('never keys the draft-mode parameter, even where a route includes every parameter', () => {
    const all = route({ query: { include: ['*'] } }, '/p')
    expect(key('http://site.test/p?__isr_bypass=guess&a=1', { route: all }).id).toBe('isr::http://site.test/p?a=1#')
  })

  it('says whether the route varies, so a CDN keying by URL is told nothing it could mix up', () => {
    expect(key('http://site.test/p').varies).toBe(false)
    expect(key('http://site.test/p', { route: route({ vary: { cookies: ['lang'] } }, '/p') }).varies).toBe(true)
  })

  it('says whether the request had parameters the key leaves out (reordering is not leaving out)', () => {
    expect(key('http://site.test/p?b=2&a=1').dropsParams).toBe(false)
    expect(key('http://site.test/p?a=1&utm_medium=x').dropsParams).toBe(true)
    const onlyPage = route({ query: { include: ['page'] } }, '/p')
    expect(key('http://site.test/p?page=2', { route: onlyPage }).dropsParams).toBe(false)
    expect(key('http://site.test/p?page=2&sort=asc', { route: onlyPage }).dropsParams).toBe(true)
  })

  it('keys the origin it is given, scheme and port included, and renders for that origin', () => {
    const a = key('http://A.test:8080/x/')
    expect(a.id).toBe('isr::http://a.test:8080/x/#')
    expect(a.url).toBe('http://a.test:8080/x/')
    expect(key('https://a.test:8080/x/').id).not.toBe(a.id)
    expect(key('http://a.test/x/').id).not.toBe(a.id)
    const canonical = key('http://evil.test/x/?a=1', { origin: 'https://site.test' })
    expect(canonical.id).toBe('isr::https://site.test/x/?a=1#')
    expect(canonical.url).toBe('https://site.test/x/?a=1')
  })

  it('counts every origin of a path as one path, for invalidations and the variant cap', () => {
    expect(key('http://a.test/x/').path).toBe('/x')
    expect(key('https://b.test:9/x').path).toBe('/x')
  })

  it('keys vary headers and cookies, and replays exactly those to the render', () => {
    const shop = route({ vary: { headers: ['Accept-Language'], cookies: ['lang', 'currency'] } })
    const k = key('http://site.test/', {
      route: shop,
      headers: new Headers({ 'accept-language': 'de', 'user-agent': 'bot' }),
      cookies: new Map([
        ['lang', 'de'],
        ['currency', 'eur'],
        ['_ga', 'GA1.2.3'],
      ]),
    })
    expect(k.id).toBe('isr::http://site.test/#h.accept-language=de&c.currency=eur&c.lang=de')
    expect(k.headers).toEqual([
      ['accept-language', 'de'],
      ['cookie', 'currency=eur; lang=de'],
    ])
    const other = key('http://site.test/', { route: shop, headers: new Headers({ 'accept-language': 'fr' }) })
    expect(other.id).toBe('isr::http://site.test/#h.accept-language=fr&c.currency&c.lang')
    expect(other.headers).toEqual([['accept-language', 'fr']])
    // An empty value is a different request from an absent one.
    const empty = key('http://site.test/', {
      route: shop,
      headers: new Headers({ 'accept-language': '' }),
      cookies: new Map([['lang', '']]),
    })
    expect(empty.id).toBe('isr::http://site.test/#h.accept-language=&c.currency&c.lang=')
  })

  it('escapes vary values, so one value cannot pose as another', () => {
    const r = route({ vary: { headers: ['x-a', 'x-b'] } })
    const forged = key('http://site.test/', { route: r, headers: new Headers({ 'x-a': '1&h.x-b=2' }) })
    const honest = key('http://site.test/', { route: r, headers: new Headers({ 'x-a': '1', 'x-b': '2' }) })
    expect(forged.id).not.toBe(honest.id)
  })
})

describe('normalizeQuery', () => {
  it('sorts by name, then by value', () => {
    expect(query('b=2&a=z&a=y&c=')).toBe('a=y&a=z&b=2&c=')
    expect(query('q=a+b&q=%26')).toBe('q=%26&q=a+b')
    expect(query('a=1&b=2')).toBe(query('b=2&a=1'))
  })

  it('drops tracking parameters', () => {
    expect(query('utm_source=x&utm_medium=y&fbclid=1&gclid=2&msclkid=3&_ga=4&page=2')).toBe('page=2')
    expect(query('utm_source=x')).toBe('')
  })

  it('keeps only the included parameters when a route lists them', () => {
    const options = { routes: { '/': { query: { include: ['page', 'filter_*'] } } } }
    expect(query('sort=asc&page=2&filter_color=red&ref=x', options)).toBe('filter_color=red&page=2')
  })

  it('drops excluded parameters on top of the tracking ones', () => {
    expect(query('sort=asc&page=2&ref_id=x&utm_source=y', { query: { exclude: ['sort', 'ref_*'] } })).toBe('page=2')
  })
})

describe('pathKey', () => {
  it('treats /blog and /blog/ as one path', () => {
    expect(pathKey('/blog/')).toBe('/blog')
    expect(pathKey('/blog')).toBe('/blog')
    expect(pathKey('/')).toBe('/')
  })
})

describe('storageKey', () => {
  const ids = [
    'isr:::/blog/post?a=1#',
    'isr:::/blog/post?a=2#',
    'isr:::/../../etc/passwd#',
    'isr:::/a/./b?x=..#c.lang=..',
    'isr::example.com:443:/?q=%3F#',
  ]

  it('is a key unstorage keeps as it is: no `?`, no `.` or `..` segment', async () => {
    for (const label of [...ids, '../../?x=1/..', '.', '..']) {
      const k = await storageKey('isr', 'e', 'v1', label, label)
      expect(normalizeKey(k)).toBe(k)
      expect(k.split(':').filter((segment) => segment === '.' || segment === '..')).toEqual([])
    }
  })

  it('starts with a readable prefix of namespace, build, kind and label', async () => {
    const k = await storageKey('isr', 'e', 'v1', ids[0]!, '/blog/post?a=1')
    expect(k).toMatch(/^isr:v1:e:blog_post_a_1\.[0-9a-f]{32}$/)
    expect(await storageKey('isr', 'e', '', 'id', '/')).toMatch(/^isr:_:e:[0-9a-f]{32}$/)
    expect(await storageKey('isr', 't', 'v1', 't post:42', 'post:42')).toMatch(/^isr:t:post_42\.[0-9a-f]{32}$/)
  })

  it('is the same for the same id and distinct for distinct ids', async () => {
    const keys = await Promise.all(ids.map((id) => storageKey('isr', 'e', 'v1', id, 'same-label')))
    expect(new Set(keys).size).toBe(ids.length)
    expect(await storageKey('isr', 'e', 'v1', ids[0]!, 'same-label')).toBe(keys[0])
  })

  it('keeps the label short', async () => {
    const k = await storageKey('isr', 'p', '', 'id', 'x'.repeat(500))
    expect(k.length).toBeLessThan(100)
  })
})
