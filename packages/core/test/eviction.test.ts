// @module-tag redis
// Invalidation records on a Redis under memory pressure (redis.ts, MERGE_RECORD): records carry no TTL, so a
// volatile-* policy evicts entries, never a record an entry still depends on; an allkeys-* policy is warned of;
// the sweep deletes records past their lifetime.
import { randomBytes } from 'node:crypto'
import Redis from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { type RedisServer, startRedis } from '../../../test/support/redis.ts'
import { createISR } from '../src/index.ts'
import { sweepRecords } from '../src/redis.ts'
import type { ISR } from '../src/types.ts'
import { html, Site, state } from './support/harness.ts'

const servers: RedisServer[] = []
const instances: ISR[] = []
afterAll(async () => {
  await Promise.all(instances.map((isr) => isr.close()))
  await Promise.all(servers.map((server) => server.stop()))
})

async function limitedRedis(policy: string): Promise<RedisServer> {
  const server = await startRedis({ args: ['--maxmemory', '2mb', '--maxmemory-policy', policy] })
  servers.push(server)
  return server
}

function instance(url: string, warnings: string[] = []) {
  const isr = createISR({
    storage: { driver: 'redis', url },
    routes: { '/**': { revalidate: 3600 } },
    memory: false,
    compress: false,
    logger: { warn: (m: string) => warnings.push(m), error: () => {}, info: () => {} } as never,
  })
  instances.push(isr)
  return isr
}

/** Incompressible pages of 20 KB: a few hundred of them are past 2 MB. */
const site = (version: { n: number }) =>
  new Site({
    '/t/ev': () => html(`version ${version.n}`, { 'cache-tag': 'ev' }),
    '*': () => html(randomBytes(10_000).toString('hex')),
  })
const get = (isr: ISR, s: Site, path: string) => isr.handle(new Request(`http://site.test${path}`), s.render)

describe('records under memory pressure', () => {
  it('never let an invalidated page come back as fresh under volatile-lru, however much is stored after', async () => {
    const redis = await limitedRedis('volatile-lru')
    const version = { n: 1 }
    const a = instance(redis.url)
    const pages = site(version)
    await (await get(a, pages, '/t/ev')).text()
    await expect.poll(async () => state(await get(a, pages, '/t/ev'))).toBe('HIT')
    version.n = 2
    await a.revalidateTag('ev')
    for (let i = 0; i < 300; i++) await (await get(a, pages, `/fill/${i}`)).text()
    const client = new Redis(redis.url)
    const evicted = Number(/evicted_keys:(\d+)/.exec(await client.info('stats'))?.[1])
    const [record] = await client.keys('isr:t:*')
    const ttl = await client.ttl(record as string)
    client.disconnect()
    expect(evicted).toBeGreaterThan(0)
    expect(ttl).toBe(-1)
    // A new instance knows nothing but what Redis kept: the record, so the old page is stale or gone, never fresh.
    const fresh = await get(instance(redis.url), site(version), '/t/ev')
    const body = await fresh.text()
    expect(state(fresh) === 'HIT' && body === 'version 1').toBe(false)
  }, 60_000)

  it('warns once of an allkeys policy, naming it and what to set', async () => {
    const redis = await limitedRedis('allkeys-lru')
    const warnings: string[] = []
    const isr = instance(redis.url, warnings)
    await (await get(isr, site({ n: 1 }), '/a')).text()
    await expect.poll(() => warnings.filter((w) => w.includes('maxmemory-policy is allkeys-lru')).length).toBe(1)
    expect(warnings.join('\n')).toContain('volatile-lru')
  })

  it('sweeps the records past their lifetime, and leaves the others and the entries', async () => {
    const redis = await limitedRedis('noeviction')
    const client = new Redis(redis.url)
    try {
      await client.set('isr:t:old', JSON.stringify({ stale: 1, purge: 0, settle: 0, expires: 1000 }))
      await client.set('isr:t:new', JSON.stringify({ stale: 1, purge: 0, settle: 0, expires: Date.now() + 60_000 }))
      await client.set('isr:p:legacy', JSON.stringify({ stale: 1, purge: 0 }), 'EX', 60)
      await client.set('isr:_:e:entry', 'bytes')
      await sweepRecords(client as never, ['isr:t:*', 'isr:p:*'])
      expect((await client.keys('isr:*')).sort()).toEqual(['isr:_:e:entry', 'isr:p:legacy', 'isr:t:new'])
    } finally {
      client.disconnect()
    }
  })
})
