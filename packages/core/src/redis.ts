// Redis, the supported shared storage for several instances: entries as binary values (unstorage's redis
// driver would store base64 text), an atomic lease (SET NX PX, renewed and released by compare-and-set
// scripts), and pub/sub for invalidations. The client is the ioredis instance of unstorage's redis driver;
// core only talks to it through the few methods below, so it never imports ioredis itself.
import type { Storage } from 'unstorage'
import { FORMAT_VERSION } from './entry.ts'
import type { Backend, BackendOptions, Bus, BusMessage, Lease, Timed } from './storage-types.ts'

/** The part of an ioredis client this module uses. */
export interface RedisClient {
  status: string
  get(key: string): Promise<string | null>
  getBuffer(key: string): Promise<Uint8Array | null>
  set(key: string, value: unknown, ...args: (string | number)[]): Promise<string | null>
  exists(key: string): Promise<number>
  eval(script: string, keys: number, ...args: (string | number)[]): Promise<unknown>
  publish(channel: string, message: string): Promise<number>
  subscribe(channel: string): Promise<unknown>
  duplicate(): RedisClient
  on(event: string, listener: (...args: unknown[]) => void): unknown
  disconnect(): void
}

interface RedisDriver {
  name?: string
  options?: { base?: string }
  getInstance?: () => RedisClient
}

/**
 * Newest wins: the stored entry's creation time is read from its 16-byte header (entry.ts) and the write
 * happens only if it is not later than this one's; anything else stored under the key (another format) is
 * replaced. One key, so it runs on Redis Cluster too.
 */
const SET_NEWEST = `
local head = redis.call('getrange', KEYS[1], 0, 11)
if #head == 12 and string.sub(head, 1, 3) == 'ISR' and string.byte(head, 4) == tonumber(ARGV[4]) then
  if struct.unpack('>d', string.sub(head, 5, 12)) > tonumber(ARGV[2]) then return 0 end
end
redis.call('set', KEYS[1], ARGV[1], 'EX', ARGV[3])
return 1`

/** An invalidation record merged in place: neither time ever moves back, whichever instance wrote last. */
const MERGE_RECORD = `
local stale, purge = tonumber(ARGV[1]), tonumber(ARGV[2])
local old = redis.call('get', KEYS[1])
if old then
  local ok, r = pcall(cjson.decode, old)
  if ok and type(r) == 'table' then
    if type(r.stale) == 'number' and r.stale > stale then stale = r.stale end
    if type(r.purge) == 'number' and r.purge > purge then purge = r.purge end
  end
end
redis.call('set', KEYS[1], string.format('{"stale":%.0f,"purge":%.0f}', stale, purge), 'EX', ARGV[3])
return 1`

// Compare-and-set on the token: only the holder renews or releases its lease.
const RENEW =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end"
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"

/** The Redis backend when `storage`'s root driver is unstorage's redis driver; undefined otherwise. */
export function redisBackend(storage: Storage, generic: Backend, o: BackendOptions, timed: Timed): Backend | undefined {
  const driver = storage.getMount('').driver as RedisDriver
  if (driver.name !== 'redis' || typeof driver.getInstance !== 'function') return undefined
  const client = driver.getInstance()
  const base = driver.options?.base?.replace(/:$/, '')
  const full = (key: string) => (base ? `${base}:${key}` : key)
  const leaseKey = (key: string) => full(`${o.namespace}:l:${key}`)
  // Without a listener ioredis prints every connection error; outages are reported by the calls that fail.
  client.on('error', () => {})
  const lease: Lease = {
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
  const bus = redisBus(client, `${full(o.namespace)}:bus`, o.instance, timed)
  return {
    ...generic,
    getBytes: (key) => timed('read', key, () => client.getBuffer(full(key))),
    setEntry: async (key, bytes, ttl, createdAt) =>
      (await timed('write', key, () =>
        client.eval(SET_NEWEST, 1, full(key), toBuffer(bytes) as never, createdAt, seconds(ttl), FORMAT_VERSION),
      )) === 1,
    mergeRecord: (key, record, ttl) =>
      timed('write', key, () => client.eval(MERGE_RECORD, 1, full(key), record.stale, record.purge, seconds(ttl))).then(
        () => {},
      ),
    // Redis expires keys itself: no janitor.
    keys: undefined,
    claim: async (key, ttl) =>
      (await timed('claim', key, () => client.set(full(key), '1', 'EX', seconds(ttl), 'NX'))) === 'OK',
    lease,
    bus,
    dispose: async () => {
      await bus.close()
      await generic.dispose()
    },
  }
}

/** Redis TTLs are whole seconds, at least one. */
const seconds = (ttl: number) => Math.max(1, Math.ceil(ttl))

/** ioredis sends Buffers as bytes; a plain Uint8Array would be stringified. */
function toBuffer(bytes: Uint8Array): Uint8Array {
  const B = (globalThis as { Buffer?: { from(b: ArrayBufferLike, o: number, l: number): Uint8Array } }).Buffer
  return B ? B.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes
}

interface Envelope {
  from: string
  message: BusMessage
}

/**
 * Pub/sub on a second connection (a subscribed Redis connection can do nothing else). Publishing has the
 * deadline of every storage call: a paused Redis delays no invalidation by more than `storageTimeout`.
 */
function redisBus(client: RedisClient, channel: string, instance: string, timed: Timed): Bus {
  let subscriber: RedisClient | undefined
  return {
    async publish(message) {
      const envelope = JSON.stringify({ from: instance, message } satisfies Envelope)
      await timed('publish', channel, () => client.publish(channel, envelope))
    },
    subscribe(handler, state) {
      subscriber = client.duplicate()
      const connection = subscriber
      connection.on('error', () => {})
      // Without an offline queue, SUBSCRIBE waits for the connection, and is sent again after each reconnect.
      connection.on('ready', () => {
        connection.subscribe(channel).then(
          () => state.up(),
          () => {},
        )
      })
      connection.on('close', () => state.down())
      connection.on('message', (...args: unknown[]) => {
        if (args[0] !== channel) return
        try {
          const envelope = JSON.parse(String(args[1])) as Envelope
          if (envelope.from !== instance) handler(envelope.message)
        } catch {
          // Not ours: other software may share the channel name.
        }
      })
    },
    async close() {
      // The publishing client is the driver's: disposing the storage closes it.
      subscriber?.disconnect()
    },
  }
}
