// Resolving the `storage` option (storage.ts) into an unstorage Storage.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createStorage } from 'unstorage'
import { afterAll, describe, expect, it } from 'vitest'
import { createISR } from '../src/index.ts'
import { driverName, openStorage, validateStorageOption } from '../src/storage.ts'
import { harness, html } from './support/harness.ts'

/** The error `run` threw. */
function failureOf(run: () => unknown): Error {
  try {
    run()
  } catch (error) {
    return error as Error
  }
  throw new Error('expected an error')
}

const root = mkdtempSync(join(tmpdir(), 'isrkit-storage-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('storage option', () => {
  it("accepts 'memory', 'fs', a driver by any of unstorage's names, and a Storage", () => {
    expect(validateStorageOption('memory')).toBe('memory')
    expect(validateStorageOption('fs')).toBe('fs')
    expect(validateStorageOption({ driver: 'lru-cache', max: 10 })).toEqual({ driver: 'lru-cache', max: 10 })
    expect(validateStorageOption({ driver: 'cloudflareKVBinding' })).toEqual({ driver: 'cloudflareKVBinding' })
    const storage = createStorage()
    expect(validateStorageOption(storage)).toBe(storage)
    expect(driverName(storage)).toBe('custom')
  })

  it('names an unknown driver at creation, with a suggestion', () => {
    expect(() => createISR({ storage: { driver: 'rediss' } })).toThrow(/Unknown storage driver 'rediss'.*'redis'/)
    expect(() => createISR({ storage: 'mongo' as 'fs' })).toThrow(/Unknown storage driver 'mongo'.*'mongodb'/)
    // A known driver by bare name needs its options in an object; it is not "unknown".
    expect(() => createISR({ storage: 'redis' as 'fs' })).toThrow("expected { driver: 'redis', ...options }")
    try {
      createISR({ storage: { driver: 'nope' } })
    } catch (error) {
      expect((error as Error).name).toBe('ISRUnknownDriverError')
    }
  })

  it('never prints the password of a storage URL or option it refuses', () => {
    const cases: [unknown, string, string][] = [
      [
        { driver: 'redis', url: 'http://user:S3cretRedisPass@127.0.0.1:6379' },
        '`storage.url`',
        "received 'http://user:***@127.0.0.1:6379'",
      ],
      // A typo leaves no scheme to find the userinfo by; everything before the last `@` is masked.
      [
        { driver: 'redis', url: 'redis//user:S3cretRedisPass@127.0.0.1' },
        '`storage.url`',
        "'redis//user:***@127.0.0.1'",
      ],
      [{ driver: 'redis', password: 90210902109021 }, '`storage.password`', 'expected a string, received a number.'],
      [{ driver: 'redis', password: ['S3cretRedisPass'] }, '`storage.password`', 'received an array.'],
      ['redis://user:S3cretRedisPass@127.0.0.1:6379', "'redis://user:***@127.0.0.1:6379'", "Did you mean 'redis'"],
    ]
    for (const [storage, named, shown] of cases) {
      const error = failureOf(() => validateStorageOption(storage))
      expect(error.message).toContain(named)
      expect(error.message).toContain(shown)
      expect(error.message).not.toMatch(/S3cretRedisPass|90210/)
    }
  })

  it('checks a Sentinel setup: sentinels as { host, port }, and the name they monitor', () => {
    const sentinels = [{ host: '10.0.0.1', port: 26379 }]
    expect(validateStorageOption({ driver: 'redis', sentinels, name: 'mymaster' })).toMatchObject({ sentinels })
    expect(() => validateStorageOption({ driver: 'redis', sentinels, name: '' })).toThrow('`storage.name`')
    expect(() => validateStorageOption({ driver: 'redis', sentinels: [], name: 'm' })).toThrow('`storage.sentinels`')
    expect(() => validateStorageOption({ driver: 'redis', sentinels: ['10.0.0.1:26379'], name: 'm' })).toThrow(
      'a non-empty list of { host, port }',
    )
  })

  it('checks a cluster: nodes as { host, port }, options an object', () => {
    const cluster = [{ host: '10.0.0.1', port: 7000 }]
    expect(validateStorageOption({ driver: 'redis', cluster })).toMatchObject({ cluster })
    expect(() => validateStorageOption({ driver: 'redis', cluster: 'x' })).toThrow('`storage.cluster`')
    expect(() => validateStorageOption({ driver: 'redis', cluster, clusterOptions: 3 })).toThrow(
      '`storage.clusterOptions`',
    )
  })

  it('refuses a storage object without a driver name', () => {
    expect(() => createISR({ storage: { driver: '' } })).toThrow('`storage.driver`')
    expect(() => createISR({ storage: 42 as unknown as 'fs' })).toThrow('`storage`')
  })

  it('loads the driver on first use and passes it its options', async () => {
    const base = join(root, 'fs-driver')
    const storage = await openStorage({ driver: 'fs', base })
    await storage.setItemRaw('isr:x', new Uint8Array([1, 2, 3]))
    expect(readdirSync(join(base, 'isr'))).toEqual(['x'])
    expect(new Uint8Array((await storage.getItemRaw('isr:x')) as Uint8Array)).toEqual(new Uint8Array([1, 2, 3]))
    await storage.dispose()
  })

  it('fails every request, loudly, when a named driver cannot be loaded: never a silent memory cache', async () => {
    // The mongodb driver imports the `mongodb` package, which is not installed here.
    const h = harness(
      {
        storage: { driver: 'mongodb', connectionString: 'mongodb://127.0.0.1:1' },
        routes: { '/': { revalidate: 60 } },
      },
      { '/': () => html('ok') },
    )
    for (let i = 0; i < 2; i++) {
      const failure = await h.get('/').catch((error: Error) => error)
      expect(failure).toBeInstanceOf(Error)
      expect((failure as Error).name).toBe('ISRDriverLoadError')
      expect((failure as Error).message).toMatch(
        /^\[isrkit\] Storage driver 'mongodb' could not be created: .*Install it in your app \(e\.g\. `pnpm add mongodb`\)/,
      )
    }
    expect(h.site.count('/')).toBe(0)
    expect(await h.isr.lookup(new Request('http://site.test/'))).toBeUndefined()
    await h.isr.close()
  })
})

describe('close()', () => {
  it('disposes the storage isrkit opened, and leaves a Storage passed in to its owner', async () => {
    const mine = createStorage()
    let disposed = 0
    const counted = { ...mine, dispose: async () => void disposed++ }
    const isr = createISR({ storage: counted as typeof mine, routes: { '/': { revalidate: 60 } }, logger: false })
    await isr.handle(new Request('http://site.test/'), () => new Response('x'))
    await isr.close()
    expect(disposed).toBe(0)
    await expect(isr.handle(new Request('http://site.test/'), () => new Response('x'))).rejects.toThrow('closed')
  })
})
