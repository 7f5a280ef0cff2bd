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
const OWN_KEYS = new Set(['driver', 'url', 'base', 'client', 'cluster', 'clusterOptions'])

export async function openRedis(options: Record<string, unknown>, o: BackendOptions, timed: Timed): Promise<Backend> {
  const given = options.client as RedisClient | undefined
  const client = given ?? (await createClient(options))
  // Without a listener ioredis prints every connection error itself; isrkit reports outages (outage.ts).
  client.on('error', () => {})
  await ready(client)
  const base = typeof options.base === 'string' ? options.base.replace(/:$/, '') : ''
  const full = (key: string) => (base ? `${base}:${key}` : key)
  // A cluster speaks sharded pub/sub (Redis >= 7): bench/README.md "Bus" measured it at a quarter to a third
  // of the cluster's CPU per message of a cluster-wide PUBLISH. Decided by the setup, never by a probe, so
  // that every instance of a site speaks the same.
  const pubSub = client.nodes ? 'sharded' : 'plain'
  const bus = redisBus(client, `${full(o.namespace)}:bus`, o.instance, timed, pubSub, o.warn)
  void checkEvictionPolicy(client, o.warn)
  const sweep = recordSweep(client, [full(`${o.namespace}:t:*`), full(`${o.namespace}:p:*`)])
  return {
    getBytes: (key) => timed('read', key, () => client.getBuffer(full(key))),
    setEntry: async (key, bytes, ttl, createdAt) =>
      (await timed('write', key, () =>
        client.eval(SET_NEWEST, 1, full(key), toBuffer(bytes) as never, createdAt, seconds(ttl), FORMAT_VERSION),
      )) === 1,
    mergeRecord: (key, record, ttl) =>
      timed('write', key, () =>
        client.eval(MERGE_RECORD, 1, full(key), record.stale, record.purge, record.settle, Date.now() + ttl * 1000),
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
      clearInterval(sweep)
      await bus.close()
      // A client the app passed in is the app's to close.
      if (!given) client.disconnect()
    },
  }
}

async function createClient(options: Record<string, unknown>): Promise<RedisClient> {
  type Constructor = new (...args: unknown[]) => RedisClient
  let Redis: Constructor & { Cluster: Constructor }
  try {
    const module = (await import('ioredis')) as unknown as { Redis?: typeof Redis; default?: typeof Redis }
    Redis = (module.Redis ?? module.default) as typeof Redis
  } catch (cause) {
    throw driverLoadError('redis', cause)
  }
  const settings: Record<string, unknown> = { ...REDIS_DEFAULTS }
  for (const [name, value] of Object.entries(options)) if (!OWN_KEYS.has(name)) settings[name] = value
  if (Array.isArray(options.cluster)) {
    // A cluster: the same fail-fast settings for it and for each node's connection, and the slots read again
    // every 2 s (ioredis reads them only on a MOVED otherwise, which a dead primary never sends): after a
    // failover, the promoted replica is found within that. The user's options win.
    const { enableOfflineQueue, ...node } = settings
    const clusterOptions = {
      enableOfflineQueue,
      slotsRefreshInterval: 2000,
      redisOptions: node,
      ...(options.clusterOptions as object),
    }
    return new Redis.Cluster(options.cluster, clusterOptions)
  }
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

/**
 * docs/architecture.md "Across instances": an LRU or LFU over all keys (`allkeys-*`) may evict an invalidation
 * record while the entries it invalidated stay, and an old page then reads as fresh. Said once at start; a
 * managed Redis that refuses CONFIG is left alone.
 */
async function checkEvictionPolicy(client: RedisClient, warn: ((message: string) => void) | undefined): Promise<void> {
  let policy: unknown
  try {
    policy = ((await client.config('GET', 'maxmemory-policy')) as unknown[])[1]
  } catch {
    return
  }
  if (typeof policy === 'string' && policy.startsWith('allkeys-')) {
    warn?.(
      `[isrkit] Redis maxmemory-policy is ${policy}: under memory pressure it may evict invalidation records while the entries they invalidated stay, and those pages would then be served as fresh. Set maxmemory-policy volatile-lru (isrkit's entries carry TTLs, its records do not) or noeviction.`,
    )
  }
}

/** How often, and how many keys per pass, the records past their lifetime are deleted. */
const SWEEP_MS = 10 * 60_000
const SWEEP_BATCH = 500

/**
 * Records carry no TTL (MERGE_RECORD says why) but their `expires`: past it no entry they could invalidate is
 * left, and this sweep deletes them, a batch at a time so it never holds Redis for long.
 */
function recordSweep(client: RedisClient, patterns: string[]): ReturnType<typeof setInterval> {
  const timer = setInterval(() => void sweepRecords(client, patterns).catch(() => {}), SWEEP_MS)
  if (typeof timer === 'object' && 'unref' in timer) timer.unref()
  return timer
}

/** One pass of the sweep over the keys matching `patterns` (on each primary of a cluster). */
export async function sweepRecords(client: RedisClient, patterns: string[], now = Date.now()): Promise<void> {
  if (client.nodes) {
    // SCAN runs per node, and MGET/DEL may not span slots: each primary, a key at a time.
    for (const node of client.nodes('master')) await sweepNode(node, patterns, now, true)
    return
  }
  await sweepNode(client, patterns, now, false)
}

async function sweepNode(client: RedisClient, patterns: string[], now: number, keyByKey: boolean): Promise<void> {
  for (const pattern of patterns) {
    let cursor = '0'
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', SWEEP_BATCH)
      cursor = next
      if (keys.length === 0) continue
      const values = keyByKey ? await Promise.all(keys.map((key) => client.get(key))) : await client.mget(...keys)
      const old = keys.filter((_, i) => expiresOf(values[i] ?? null) < now)
      if (keyByKey) for (const key of old) await client.del(key)
      else if (old.length > 0) await client.del(...old)
    } while (cursor !== '0')
  }
}

/** A record's `expires`; Infinity for one without (written with a TTL before, which Redis expires itself). */
function expiresOf(value: string | null): number {
  const parsed = parseJSON(value) as { expires?: unknown } | null
  return typeof parsed?.expires === 'number' ? parsed.expires : Number.POSITIVE_INFINITY
}
