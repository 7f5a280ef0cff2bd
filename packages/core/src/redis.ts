// Redis, the supported shared storage for several instances: entries as binary values (unstorage's redis
// driver would store base64 text), an atomic lease (SET NX PX, renewed and released by compare-and-set
// scripts), and pub/sub for invalidations. The client is the ioredis instance of unstorage's redis driver;
// core only talks to it through the few methods below, so it never imports ioredis itself.
import type { Storage } from 'unstorage'
import type { Backend, BackendOptions, Timed } from './backend.ts'
import type { Bus, BusMessage, Lease } from './lease.ts'

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
  const bus = redisBus(client, `${full(o.namespace)}:bus`, o.instance)
  return {
    ...generic,
    getBytes: (key) => timed('read', key, () => client.getBuffer(full(key))),
    setBytes: (key, bytes, ttl) =>
      timed('write', key, () => client.set(full(key), toBuffer(bytes), 'EX', Math.max(1, Math.ceil(ttl)))).then(
        () => {},
      ),
    lease,
    bus,
    dispose: async () => {
      await bus.close()
      await generic.dispose()
    },
  }
}

/** ioredis sends Buffers as bytes; a plain Uint8Array would be stringified. */
function toBuffer(bytes: Uint8Array): Uint8Array {
  const B = (globalThis as { Buffer?: { from(b: ArrayBufferLike, o: number, l: number): Uint8Array } }).Buffer
  return B ? B.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes
}

interface Envelope {
  from: string
  message: BusMessage
}

/** Pub/sub on a second connection (a subscribed Redis connection can do nothing else). */
function redisBus(client: RedisClient, channel: string, instance: string): Bus {
  let subscriber: RedisClient | undefined
  return {
    async publish(message) {
      await client.publish(channel, JSON.stringify({ from: instance, message } satisfies Envelope))
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
