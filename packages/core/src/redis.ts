// Redis, the supported shared storage for several instances, driven through an ioredis client of core's own
// (or one the app passes as `storage.client`): entries as binary values, newest-wins writes and merged
// invalidation records by script, an atomic lease (SET NX PX, renewed and released by compare-and-set
// scripts) and pub/sub for invalidations. Nothing here goes through unstorage, so the app's unstorage 1 or 2
// makes no difference. ioredis is an optional peer dependency: imported only when Redis is asked for.

import { type EntriesIndex, type IndexItem, MAX_INDEXED } from './entries-index.ts'
import { FORMAT_VERSION } from './entry.ts'
import { driverLoadError } from './errors.ts'
import { type RedisClient, redisBus } from './redis-bus.ts'
import { INDEX_ADD, INDEX_REMOVE, MERGE_RECORD, RELEASE, RENEW, SET_NEWEST } from './redis-scripts.ts'
import type { Backend, BackendOptions, Lease, Timed } from './storage-types.ts'

/**
 * ioredis waits for a connection forever by default, queueing commands: isrkit would rather fail a call at
 * once and render, so an outage costs no latency. The user's own settings win.
 */
const REDIS_DEFAULTS = { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 }
/** isrkit's own keys of `storage: { driver: 'redis', … }`; the rest are ioredis options. */
const OWN_KEYS = new Set(['driver', 'url', 'base', 'client'])

export async function openRedis(options: Record<string, unknown>, o: BackendOptions, timed: Timed): Promise<Backend> {
  const given = options.client as RedisClient | undefined
  const client = given ?? (await createClient(options))
  // Without a listener ioredis prints every connection error itself; isrkit reports outages (outage.ts).
  client.on('error', () => {})
  await ready(client)
  const base = typeof options.base === 'string' ? options.base.replace(/:$/, '') : ''
  const full = (key: string) => (base ? `${base}:${key}` : key)
  const bus = redisBus(client, `${full(o.namespace)}:bus`, o.instance, timed)
  return {
    getBytes: (key) => timed('read', key, () => client.getBuffer(full(key))),
    setEntry: async (key, bytes, ttl, createdAt) =>
      (await timed('write', key, () =>
        client.eval(SET_NEWEST, 1, full(key), toBuffer(bytes) as never, createdAt, seconds(ttl), FORMAT_VERSION),
      )) === 1,
    mergeRecord: (key, record, ttl) =>
      timed('write', key, () =>
        client.eval(MERGE_RECORD, 1, full(key), record.stale, record.purge, seconds(ttl), record.settle),
      ).then(() => {}),
    getJSON: (key) => timed('read', key, async () => parseJSON(await client.get(full(key)))),
    setJSON: (key, value) => timed('write', key, () => client.set(full(key), JSON.stringify(value))).then(() => {}),
    remove: (key) => timed('delete', key, () => client.del(full(key))).then(() => {}),
    claim: async (key, ttl) =>
      (await timed('claim', key, () => client.set(full(key), '1', 'EX', seconds(ttl), 'NX'))) === 'OK',
    ping: () =>
      timed('read', `${o.namespace}:health`, () => client.exists(full(`${o.namespace}:health`))).then(() => {}),
    // Redis expires keys itself: no janitor.
    keys: undefined,
    lease: redisLease(client, (key) => full(`${o.namespace}:l:${key}`), timed),
    bus,
    index: redisIndex(client, full(`{${o.namespace}}:idx`), timed),
    dispose: async () => {
      await bus.close()
      // A client the app passed in is the app's to close.
      if (!given) client.disconnect()
    },
  }
}

async function createClient(options: Record<string, unknown>): Promise<RedisClient> {
  let Redis: new (...args: unknown[]) => RedisClient
  try {
    const module = (await import('ioredis')) as unknown as { Redis?: typeof Redis; default?: typeof Redis }
    Redis = (module.Redis ?? module.default) as typeof Redis
  } catch (cause) {
    throw driverLoadError('redis', cause)
  }
  const settings: Record<string, unknown> = { ...REDIS_DEFAULTS }
  for (const [name, value] of Object.entries(options)) if (!OWN_KEYS.has(name)) settings[name] = value
  return typeof options.url === 'string' ? new Redis(options.url, settings) : new Redis(settings)
}

/** Gives a fresh connection a moment: without an offline queue, calls before it is up would fail. */
async function ready(client: RedisClient): Promise<void> {
  if (client.status === 'ready') return
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 2000)
    client.once('ready', () => {
      clearTimeout(timer)
      resolve()
    })
  })
}

function redisLease(client: RedisClient, leaseKey: (key: string) => string, timed: Timed): Lease {
  return {
    acquire: async (key, ttlMs) => {
      const token = crypto.randomUUID()
      const ok = await timed('lease', key, () => client.set(leaseKey(key), token, 'PX', ttlMs, 'NX'))
      return ok === 'OK' ? token : null
    },
    renew: async (key, token, ttlMs) =>
      (await timed('lease', key, () => client.eval(RENEW, 1, leaseKey(key), token, ttlMs))) === 1,
    release: async (key, token) => {
      await timed('lease', key, () => client.eval(RELEASE, 1, leaseKey(key), token))
    },
    held: async (key) => (await timed('lease', key, () => client.exists(leaseKey(key)))) === 1,
  }
}

/** Values written as JSON; anything else (another writer's text) is returned as it is, for the caller to refuse. */
function parseJSON(text: string | null): unknown {
  if (text === null) return null
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** Redis TTLs are whole seconds, at least one. */
const seconds = (ttl: number) => Math.max(1, Math.ceil(ttl))

/** ioredis sends Buffers as bytes; a plain Uint8Array would be stringified. */
function toBuffer(bytes: Uint8Array): Uint8Array {
  const B = (globalThis as { Buffer?: { from(b: ArrayBufferLike, o: number, l: number): Uint8Array } }).Buffer
  return B ? B.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes
}

/**
 * The entries index on Redis: a sorted set and a hash under one hash tag (`{<namespace>}`), so a cluster keeps
 * them on one node and a script can touch both.
 */
function redisIndex(client: RedisClient, base: string, timed: Timed): EntriesIndex {
  const [order, items] = [`${base}:order`, `${base}:items`]
  return {
    shared: true,
    add: (item) =>
      timed('write', order, () =>
        client.eval(INDEX_ADD, 2, order, items, item.createdAt, item.path, JSON.stringify(item), MAX_INDEXED),
      ).then(() => {}),
    remove: (path) => timed('write', order, () => client.eval(INDEX_REMOVE, 2, order, items, path)).then(() => {}),
    list: () =>
      timed('read', order, async () => {
        const paths = (await client.zrevrange(order, 0, MAX_INDEXED - 1)) as string[]
        if (paths.length === 0) return []
        const values = (await client.hmget(items, ...paths)) as (string | null)[]
        return values.flatMap((value) => {
          const item = parseJSON(value) as IndexItem | null
          return item && typeof item.path === 'string' ? [item] : []
        })
      }),
  }
}
