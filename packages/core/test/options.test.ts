import { createStorage } from 'unstorage'
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_BROWSER_CACHE_CONTROL,
  DEFAULT_EXPIRE,
  DEFAULT_MAX_ENTRY_BYTES,
  DEFAULT_MEMORY_BYTES,
  DEFAULT_STALE_IF_ERROR,
} from '../src/defaults.ts'
import { resolveOptions } from '../src/options.ts'
import type { ISROptions } from '../src/types.ts'

/** What resolveOptions threw for `options` (untyped: these are the values TypeScript users cannot write). */
function failure(options: unknown): Error {
  try {
    resolveOptions(options as ISROptions)
  } catch (error) {
    return error as Error
  }
  // Keys only: these options may hold secrets, and a test's output is a log too.
  throw new Error(`accepted options with keys ${Object.keys(options as object).join(', ')}`)
}

describe('resolveOptions', () => {
  it('resolves nothing given to the documented defaults', () => {
    const o = resolveOptions()
    expect(o).toMatchObject({
      storage: 'memory',
      endpoint: '/__isr',
      memoryMaxBytes: DEFAULT_MEMORY_BYTES,
      maxEntryBytes: DEFAULT_MAX_ENTRY_BYTES,
      buildId: '',
      namespace: 'isr',
      notFoundRevalidate: 60,
      browserCacheControl: DEFAULT_BROWSER_CACHE_CONTROL,
      dev: false,
      secret: undefined,
      hosts: undefined,
      origin: undefined,
      bypassToken: undefined,
      onEvent: undefined,
    })
    expect(o.bypassCookies).toBeUndefined()
    expect(o.now).toBe(Date.now)
    expect(o.logger).toBe(console)
    expect(o.routes.size).toBe(0)
    const route = o.routes.match('/any/page')
    expect(route).toMatchObject({
      pattern: undefined,
      bypass: false,
      revalidate: false,
      expire: DEFAULT_EXPIRE,
      staleIfError: DEFAULT_STALE_IF_ERROR,
      tags: [],
    })
    expect(route.query.maxVariants).toBe(64)
    expect(route.ignoreCookies('_ga')).toBe(true)
    expect(route.ignoreCookies('session')).toBe(false)
  })

  it('normalizes what it accepts', () => {
    const o = resolveOptions({
      origin: 'http://127.0.0.1:3000/',
      hosts: ['Example.COM', '[::1]'],
      buildId: false,
      logger: false,
      memory: {},
    })
    expect(o.origin).toBe('http://127.0.0.1:3000')
    expect([...(o.hosts ?? [])]).toEqual(['example.com', '[::1]'])
    expect(o.buildId).toBe('')
    expect(o.logger).toBeUndefined()
    expect(o.memoryMaxBytes).toBe(DEFAULT_MEMORY_BYTES)
  })

  it('accepts a storage driver by name, an unstorage Storage, and no memory tier in front of shared storage', () => {
    const storage = createStorage()
    expect(resolveOptions({ storage }).storage).toBe(storage)
    expect(resolveOptions({ storage: { driver: 'redis', url: 'redis://localhost' } }).storage).toEqual({
      driver: 'redis',
      url: 'redis://localhost',
    })
    expect(resolveOptions({ storage: 'fs', memory: false }).memoryMaxBytes).toBe(false)
  })

  it.each<[string, unknown, string, string]>([
    ['an unknown top-level key', { revalidte: 60 }, 'revalidte', 'one of the known keys'],
    ['an unknown memory key', { memory: { maxByts: 1024 } }, 'memory.maxByts', 'known keys (maxBytes)'],
    ['a null query', { query: null }, 'query', 'an object'],
    ['a null vary', { vary: null }, 'vary', 'an object'],
    ['a route with a null query', { routes: { '/a': { query: null } } }, "routes['/a'].query", 'an object'],
    ['a zero global maxVariants', { query: { maxVariants: 0 } }, 'query.maxVariants', 'a positive integer'],
    ['options that are not an object', 'memory', 'options', 'an object'],
    ['negative expire', { expire: -1 }, 'expire', 'a number of seconds >= 0'],
    ['NaN staleIfError', { staleIfError: Number.NaN }, 'staleIfError', 'a number of seconds >= 0'],
    ['infinite notFoundRevalidate', { notFoundRevalidate: Infinity }, 'notFoundRevalidate', 'a number of seconds'],
    ['revalidate true', { revalidate: true }, 'revalidate', 'a number of seconds >= 0, or false'],
    ['revalidate as text', { revalidate: '60' }, 'revalidate', 'a number of seconds >= 0, or false'],
    ['global expire below revalidate', { revalidate: 100, expire: 50 }, 'expire', 'seconds >= revalidate (100)'],
    ['a short secret', { secret: 'hunter2' }, 'secret', 'at least 16 characters'],
    ['an endpoint with a trailing slash', { endpoint: '/__isr/' }, 'endpoint', "a path starting with '/'"],
    ['an endpoint without a leading slash', { endpoint: '__isr' }, 'endpoint', "a path starting with '/'"],
    ['an endpoint with a query character', { endpoint: '/__isr?' }, 'endpoint', "a path starting with '/'"],
    ['a buildId with a slash', { buildId: 'v1/2' }, 'buildId', 'letters, digits, dots, dashes or underscores'],
    ['an empty buildId', { buildId: '' }, 'buildId', 'up to 64'],
    ['a namespace with a colon', { namespace: 'my:site' }, 'namespace', 'up to 32 letters'],
    ['a non-http origin', { origin: 'ftp://example.com' }, 'origin', 'an http(s) origin'],
    ['an origin with a path', { origin: 'https://example.com/app' }, 'origin', 'an http(s) origin'],
    ['an origin that is no URL', { origin: 'localhost:3000' }, 'origin', 'an http(s) origin'],
    ['a logger without error()', { logger: { warn() {} } }, 'logger', 'an object with warn() and error(), or false'],
    ['a logger by name', { logger: 'console' }, 'logger', 'an object with warn() and error(), or false'],
    ['no memory tier with memory storage', { memory: false }, 'memory', "when `storage` is 'memory'"],
    ['a zero memory.maxBytes', { memory: { maxBytes: 0 } }, 'memory.maxBytes', 'a positive integer'],
    ['a fractional maxEntryBytes', { maxEntryBytes: 1.5 }, 'maxEntryBytes', 'a positive integer'],
    ['compress by one name', { compress: 'br' }, 'compress', "true, false or a list of 'br', 'zstd' or 'gzip'"],
    ['an unknown coding', { compress: ['br', 'lzma'] }, 'compress[1]', "one of 'br', 'zstd', 'gzip'"],
    ['an unknown bypass key', { bypass: { cookie: ['draft'] } }, 'bypass.cookie', 'known keys (cookies, token)'],
    ['a bypass cookie that is no token', { bypass: { cookies: ['a b'] } }, 'bypass.cookies[0]', 'a cookie name'],
    ['an empty bypass token', { bypass: { token: ' ' } }, 'bypass.token', 'a non-empty string'],
    ['vary on the cookie header', { vary: { headers: ['Cookie'] } }, 'vary.headers[0]', 'a header other than cookie'],
    ['a vary header that is no field name', { vary: { headers: ['x y'] } }, 'vary.headers[0]', 'a header name'],
    ['vary cookies as a string', { vary: { cookies: 'lang' } }, 'vary.cookies', 'an array of strings'],
    ['query.include as a string', { query: { include: 'page' } }, 'query.include', 'an array of strings'],
    ['an empty query.exclude name', { query: { exclude: [''] } }, 'query.exclude[0]', 'a non-empty string'],
    ['a zero query.maxVariants', { query: { maxVariants: 0 } }, 'query.maxVariants', 'a positive integer'],
    ['an unknown query key', { query: { exlude: ['ref'] } }, 'query.exlude', 'known keys (include, exclude'],
    ['hosts as a string', { hosts: 'example.com' }, 'hosts', 'an array of strings'],
    ['an empty host', { hosts: [''] }, 'hosts[0]', 'a non-empty string'],
    [
      'a host with a port',
      { hosts: ['example.com', 'example.com:8080'] },
      'hosts[1]',
      "a hostname such as 'example.com'",
    ],
    ['a host with a scheme', { hosts: ['https://example.com'] }, 'hosts[0]', "a hostname such as 'example.com'"],
    ['an ignored cookie that is no token', { ignoreCookies: ['a;b'] }, 'ignoreCookies[0]', 'a cookie name or glob'],
    ['dev as text', { dev: 'yes' }, 'dev', 'true or false'],
    ['a clock that is no function', { now: 1 }, 'now', 'a function'],
    ['an empty browserCacheControl', { browserCacheControl: '' }, 'browserCacheControl', 'a non-empty string'],
    ['routes as null', { routes: null }, 'routes', 'an object'],
    ['a storage of the wrong type', { storage: 42 }, 'storage', "'memory', 'fs', { driver:"],
    ['a storage object without a driver', { storage: { url: 'redis://x' } }, 'storage.driver', 'unstorage driver'],
    ['a driver that needs options, by name', { storage: 'redis' }, 'storage', "{ driver: 'redis', ...options }"],
  ])('rejects %s, naming the option and what was expected', (_, options, path, expected) => {
    const error = failure(options)
    expect(error.name).toBe('ISROptionError')
    expect(error.message).toContain(`\`${path}\``)
    expect(error.message).toContain(expected)
  })

  it('names the route and the rule key for a bad route rule', () => {
    expect(failure({ routes: { '/blog/[slug]': { revalidate: 60, expire: 30 } } }).message).toContain(
      "`routes['/blog/[slug]'].expire`: expected seconds >= revalidate (60), received 30",
    )
    expect(failure({ routes: { '/x': { revalidate: -5 } } }).message).toContain("`routes['/x'].revalidate`")
    expect(failure({ routes: { '/x': { revalidat: 5 } } }).message).toContain("`routes['/x'].revalidat`")
    expect(failure({ routes: { '/x': { vary: { headers: ['cookie'] } } } }).message).toContain(
      "`routes['/x'].vary.headers[0]`",
    )
  })

  it('names an unknown key as unknown, whatever its name', () => {
    const error = failure({ secrets: 'S3cret-of-a-typo-0042' })
    expect(error.message).toMatch(
      /^\[isrkit\] Invalid option `secrets`: expected one of the known keys \(storage, .+\), received an unknown key\.$/,
    )
    expect(error.message).not.toContain('S3cret-of-a-typo-0042')
  })

  it('reports an unknown storage driver by its own error name, with the driver and a near miss', () => {
    for (const storage of ['mongo', { driver: 'mongo' }]) {
      const error = failure({ storage })
      expect(error.name).toBe('ISRUnknownDriverError')
      expect(error.message).toContain("Unknown storage driver 'mongo'")
      expect(error.message).toContain("Did you mean 'mongodb'")
    }
    expect(failure({ storage: { driver: 'constructor' } }).name).toBe('ISRUnknownDriverError')
  })
})

describe('compress', () => {
  it('is brotli and gzip by default, none when false, and the listed codings once each', () => {
    expect(resolveOptions().compress).toEqual(['br', 'gzip'])
    expect(resolveOptions({ compress: true }).compress).toEqual(['br', 'gzip'])
    expect(resolveOptions({ compress: false }).compress).toEqual([])
    expect(resolveOptions({ compress: ['gzip', 'zstd', 'gzip'] }).compress).toEqual(['gzip', 'zstd'])
  })
})

describe('the global cap on variants', () => {
  it('carries into routes whose own query leaves maxVariants out', () => {
    const o = resolveOptions({ query: { maxVariants: 5 }, routes: { '/a': { query: { include: ['page'] } } } })
    expect(o.routes.match('/a').query.maxVariants).toBe(5)
    expect(o.routes.match('/other').query.maxVariants).toBe(5)
  })
})

describe('options that hold secrets', () => {
  it('describes a secret by its length, never by its value', () => {
    expect(failure({ secret: 'Sh0rt-S3cret-15' }).message).toBe(
      '[isrkit] Invalid option `secret`: expected a string of at least 16 characters, received a string of 15 characters.',
    )
    const numeric = failure({ secret: 4242424242424242 })
    expect(numeric.message).toContain('received a number.')
    expect(numeric.message).not.toContain('4242')
  })

  it('describes a bypass token by its type or length, never by its value', () => {
    const numeric = failure({ bypass: { token: 13371337 } })
    expect(numeric.message).toBe(
      '[isrkit] Invalid option `bypass.token`: expected a non-empty string, received a number.',
    )
    expect(failure({ bypass: { token: '  ' } }).message).toContain('received a string of 2 characters.')
  })

  it.each([
    ['with a password', 'http://isr:Or1gin-Pa55@127.0.0.1:3000', "'http://isr:***@127.0.0.1:3000'"],
    ['of another scheme', 'ftp://isr:Or1gin-Pa55@example.com', "'ftp://isr:***@example.com'"],
    ['without a scheme', 'isr:Or1gin-Pa55@localhost:3000', "'isr:***@localhost:3000'"],
    ['with a token for a user', 'https://Or1gin-Pa55@example.com', "'https://***@example.com'"],
    ['with an @ in its password', 'https://isr:Or1gin@Pa55@example.com/x', "'https://isr:***@example.com/x'"],
  ])('refuses an origin %s, masking its credentials', (_, origin, shown) => {
    const error = failure({ origin })
    expect(error.message).toContain('`origin`')
    expect(error.message).toContain('without a path or credentials')
    expect(error.message).toContain(`received ${shown}.`)
    expect(error.message).not.toContain('Pa55')
  })
})
