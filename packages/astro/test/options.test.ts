// What astro.config may say to isr(): serializable options only, checked when the config loads.
import { createStorage } from 'unstorage'
import { describe, expect, it } from 'vitest'
import { assertSerializable, checkOptions, type ISRAstroOptions, providerConfig } from '../src/options.ts'

/** The error an option raises, so a test can look at its name and message. */
function errorOf(run: () => void): Error {
  try {
    run()
  } catch (error) {
    return error as Error
  }
  throw new Error('expected an error')
}

describe('assertSerializable', () => {
  it('accepts plain JSON data: objects, arrays, strings, finite numbers, booleans, null', () => {
    expect(() =>
      assertSerializable(
        {
          storage: { driver: 'redis', url: 'redis://localhost:6379', ttl: 0 },
          routes: { '/blog/[slug]': { revalidate: 60, tags: ['blog'] }, '/account/**': false },
          hosts: ['example.com'],
          memory: { maxBytes: 1024 },
          origin: null,
          nothing: undefined,
          bare: Object.create(null),
        },
        'isr()',
      ),
    ).not.toThrow()
  })

  it('refuses a function, naming the option and pointing to runtimeOptions', () => {
    const error = errorOf(() => assertSerializable({ onEvent: () => {} }, 'isr()'))
    expect(error.name).toBe('ISRAstroConfigError')
    expect(error.message).toMatch(/^\[isrkit\] Option `onEvent` is a function/)
    expect(error.message).toContain('runtimeOptions')
  })

  it('refuses an unstorage Storage given as `storage`', () => {
    const error = errorOf(() => assertSerializable({ storage: createStorage() }, 'isr()'))
    expect(error.name).toBe('ISRAstroConfigError')
    expect(error.message).toContain('Option `storage` is an unstorage Storage')
    expect(error.message).toContain('runtimeOptions')
  })

  it('refuses a class instance, naming its class', () => {
    const error = errorOf(() => assertSerializable({ origin: new URL('http://127.0.0.1:4321') }, 'isr()'))
    expect(error.message).toContain('Option `origin` is an instance of URL')
    expect(error.message).toContain('runtimeOptions')
    expect(() => assertSerializable({ hosts: new Set(['a']) }, 'isr()')).toThrow('`hosts` is an instance of Set')
  })

  it.each([
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [Number.NEGATIVE_INFINITY, '-Infinity'],
  ])('refuses the non-finite number %s (JSON would turn it into null)', (value, shown) => {
    expect(() => assertSerializable({ maxEntryBytes: value }, 'isr()')).toThrow(`Option \`maxEntryBytes\` is ${shown}`)
  })

  it('refuses symbols and bigints', () => {
    expect(() => assertSerializable({ namespace: Symbol('x') }, 'isr()')).toThrow('`namespace` is a symbol')
    expect(() => assertSerializable({ maxEntryBytes: 10n }, 'isr()')).toThrow('`maxEntryBytes` is a bigint')
  })

  it('names the path of a nested value as core does, through objects and arrays', () => {
    const routes = { routes: { '/blog/[slug]': { revalidate: 60, tags: ['a', () => 'b'] } } }
    const error = errorOf(() => assertSerializable(routes, 'isr()'))
    expect(error.message).toContain("Option `routes['/blog/[slug]'].tags[1]` is a function")
    expect(error.message).toContain('runtimeOptions')
    expect(() => assertSerializable({ routes: { '/x': { revalidate: Number.NaN } } }, 'isr()')).toThrow(
      "`routes['/x'].revalidate` is NaN",
    )
    expect(() => assertSerializable({ storage: { driver: 'redis', 'tls-options': new Map() } }, 'isr()')).toThrow(
      "`storage['tls-options']` is an instance of Map",
    )
  })
})

describe('checkOptions', () => {
  it('accepts the options of a typical site', () => {
    expect(() =>
      checkOptions({
        storage: { driver: 'memory' },
        routes: { '/': { revalidate: 60 }, '/blog/[slug]': { revalidate: 300, tags: ['blog'] }, '/account/**': false },
        bypass: { cookies: ['isr_draft'] },
        runtimeOptions: './src/isr.runtime.ts',
        invalidateMode: 'stale',
        buildId: 'v1',
      }),
    ).not.toThrow()
    expect(() => checkOptions({})).not.toThrow()
  })

  it('refuses what cannot be serialized before anything else', () => {
    const onEvent = { onEvent: () => {} } as unknown as ISRAstroOptions
    expect(() => checkOptions(onEvent)).toThrow(/`onEvent` is a function.*runtimeOptions/s)
    const storage = { storage: createStorage() } as unknown as ISRAstroOptions
    expect(() => checkOptions(storage)).toThrow(/`storage[.`].*runtimeOptions/s)
    const nested = { routes: { '/x': { revalidate: Number.POSITIVE_INFINITY } } }
    expect(() => checkOptions(nested)).toThrow("`routes['/x'].revalidate` is Infinity")
  })

  it("runs core's validation, naming the bad option", () => {
    const error = errorOf(() => checkOptions({ revalidate: -1 }))
    expect(error.name).toBe('ISROptionError')
    expect(error.message).toContain('`revalidate`')
    expect(() => checkOptions({ routes: { '/x': { revalidate: -5 } } })).toThrow("routes['/x'].revalidate")
    expect(() => checkOptions({ namespace: 'my:site' })).toThrow('`namespace`')
  })

  it('refuses an option core does not know', () => {
    expect(() => checkOptions({ revalidat: 60 } as ISRAstroOptions)).toThrow('revalidat')
  })

  it.each([42, '', true])('refuses runtimeOptions %j: it must be a module path', (value) => {
    const error = errorOf(() => checkOptions({ runtimeOptions: value } as unknown as ISRAstroOptions))
    expect(error.name).toBe('ISRAstroConfigError')
    expect(error.message).toContain('Invalid option `runtimeOptions`')
  })

  it('accepts each invalidation mode and refuses others', () => {
    for (const mode of ['stale', 'eager', 'purge'] as const)
      expect(() => checkOptions({ invalidateMode: mode })).not.toThrow()
    const error = errorOf(() => checkOptions({ invalidateMode: 'soon' } as unknown as ISRAstroOptions))
    expect(error.message).toContain('Invalid option `invalidateMode`')
    expect(error.message).toContain("'stale', 'eager' or 'purge'")
  })

  it('accepts fastPath true or false, and refuses anything else', () => {
    for (const fastPath of [true, false]) expect(() => checkOptions({ fastPath })).not.toThrow()
    const error = errorOf(() => checkOptions({ fastPath: 'yes' } as unknown as ISRAstroOptions))
    expect(error.name).toBe('ISRAstroConfigError')
    expect(error.message).toContain('Invalid option `fastPath`: expected true or false.')
  })
})

describe('credentials in astro.config', () => {
  /** Options TypeScript refuses too (`secret?: never`): what a JavaScript astro.config may still say. */
  const refused = (options: Record<string, unknown>) => errorOf(() => checkOptions(options as ISRAstroOptions))

  it.each<[string, Record<string, unknown>, string]>([
    ['the secret', { secret: 'S3cret-Endpoint-Key-0042' }, '`secret` holds a credential'],
    ['a secret too short for core', { secret: 'S3cret' }, '`secret` holds a credential'],
    ['the draft token', { bypass: { cookies: ['isr_draft'], token: 'S3cret-Dr4ft' } }, '`bypass.token` holds'],
    [
      'a Redis URL with a password',
      { storage: { driver: 'redis', url: 'redis://user:S3cretRedisPass@10.0.0.1:6379' } },
      '`storage.url` holds a URL with credentials',
    ],
    [
      'a URL with a token for a user',
      { storage: { driver: 'http', base: 'https://S3cretT0ken@cache.test/' } },
      '`storage.base` holds a URL with credentials',
    ],
    ['a storage password', { storage: { driver: 'redis', password: 'S3cretRedisPass' } }, '`storage.password`'],
    ['a storage token', { storage: { driver: 'upstash', token: 'S3cret-upstash' } }, '`storage.token`'],
    ['an API key', { storage: { driver: 'cloudflare-kv-http', apiKey: 'S3cret-key' } }, '`storage.apiKey`'],
    [
      'S3 credentials',
      { storage: { driver: 's3', accessKeyId: 'AKIAS3cret', secretAccessKey: 'S3cret-access' } },
      '`storage.accessKeyId`',
    ],
    [
      'a nested password',
      { storage: { driver: 'redis', redisOptions: { password: 'S3cretRedisPass' } } },
      '`storage.redisOptions.password`',
    ],
    [
      'a credential in a list',
      { storage: { driver: 'redis', cluster: [{ password: 'S3cret' }] } },
      'cluster[0].password',
    ],
    ['an origin with a password', { origin: 'http://isr:S3cret@127.0.0.1:4321' }, '`origin` holds a URL'],
    ['a CMS webhook secret', { webhooks: { sanity: { secret: 'S3cret-sanity-hook' } } }, '`webhooks.sanity.secret`'],
  ])('refuses %s, naming the option, pointing to runtimeOptions, never printing it', (_, options, named) => {
    const error = refused(options)
    expect(error.name).toBe('ISRAstroConfigError')
    expect(error.message).toContain(named)
    expect(error.message).toContain('build manifest')
    expect(error.message).toContain('runtimeOptions')
    expect(error.message).not.toMatch(/S3cret|AKIA/)
  })

  it('accepts what holds no credential: URLs without one, keys that are names, route patterns, unset secrets', () => {
    expect(() =>
      checkOptions({
        storage: { driver: 'redis', url: 'redis://10.0.0.1:6379', keyPrefix: 'isr:', partitionKey: 'site' },
        routes: { '/auth/**': false, '/token/[id]': { revalidate: 60 } },
        bypass: { cookies: ['auth_token'], token: undefined },
        origin: 'http://127.0.0.1:4321',
        // `secret: process.env.ISR_SECRET` with the variable unset at build time.
        secret: undefined,
      }),
    ).not.toThrow()
  })
})

describe('providerConfig', () => {
  const extra = { buildId: 'b1' as const, dev: false, routes: { '/x': { expire: 600 } } }

  it('gives core the options without the integration-only keys, with the routes it is handed', () => {
    const config = providerConfig(
      {
        hosts: ['example.com'],
        namespace: 'site',
        routes: { '/x': { revalidate: 60, expire: 600 } },
        runtimeOptions: './src/isr.runtime.ts',
        invalidateMode: 'stale',
        buildId: 'from-options',
      },
      extra,
    )
    expect(config.core).toEqual({
      hosts: ['example.com'],
      namespace: 'site',
      routes: { '/x': { expire: 600 } },
    })
    expect(config.buildId).toBe('b1')
    expect(config.dev).toBe(false)
    expect(config.invalidateMode).toBe('stale')
    // It goes into the manifest as JSON.
    expect(JSON.parse(JSON.stringify(config))).toEqual(config)
  })

  it('keeps fastPath, which only the build reads, out of the provider config', () => {
    const config = providerConfig({ fastPath: false, namespace: 'site' }, extra)
    expect(config.core).toEqual({ namespace: 'site', routes: extra.routes })
    expect(config).not.toHaveProperty('fastPath')
  })

  it("defaults the invalidation mode to 'purge' and passes dev and a false build id through", () => {
    const config = providerConfig({}, { buildId: false, dev: true, routes: {} })
    expect(config).toEqual({ core: { routes: {} }, buildId: false, dev: true, invalidateMode: 'purge' })
  })

  it('leaves the options it was given untouched', () => {
    const options: ISRAstroOptions = { runtimeOptions: './x.ts', invalidateMode: 'eager', buildId: 'v' }
    providerConfig(options, extra)
    expect(options).toEqual({ runtimeOptions: './x.ts', invalidateMode: 'eager', buildId: 'v' })
  })
})
