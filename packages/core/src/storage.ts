// Resolves the `storage` option into an unstorage Storage. Driver names are checked against unstorage's
// `builtinDrivers` at creation; the driver module itself is imported on first use, so a core that is
// bundled for an edge runtime never pulls in `node:fs` unless the fs driver is asked for.
import { builtinDrivers, createStorage, type Driver, type Storage } from 'unstorage'
import { driverLoadError, optionError, unknownDriverError } from './errors.ts'
import type { StorageDriverConfig, StorageOption } from './types.ts'
import { isPlainObject } from './validate.ts'

/** Where `storage: 'fs'` keeps entries, relative to the working directory. */
export const DEFAULT_FS_BASE = '.isr-cache'

const driverNames = Object.keys(builtinDrivers)

export function validateStorageOption(value: unknown): StorageOption {
  if (value === 'memory' || value === 'fs') return value
  if (isStorage(value)) return value
  if (typeof value === 'string') {
    // A driver that needs options is named in an object; saying it is unknown would be false.
    if (isDriverName(value)) throw optionError('storage', `{ driver: '${value}', ...options }`, value)
    throw unknownDriverError(value, driverNames)
  }
  if (!isPlainObject(value)) {
    throw optionError(
      'storage',
      "'memory', 'fs', { driver: '<unstorage driver>', ...options } or an unstorage Storage",
      value,
    )
  }
  if (typeof value.driver !== 'string' || value.driver === '') {
    throw optionError('storage.driver', "the name of an unstorage driver such as 'fs' or 'redis'", value.driver)
  }
  if (!isDriverName(value.driver)) throw unknownDriverError(value.driver, driverNames)
  if (value.driver === 'redis') validateRedis(value)
  return value as StorageDriverConfig
}

/** docs/architecture.md "Across instances": a bad Redis URL or option is a clear error at start, not an outage later. */
function validateRedis(value: Record<string, unknown>): void {
  const { url } = value
  if (url !== undefined) {
    const parsed = typeof url === 'string' && URL.canParse(url) ? new URL(url) : undefined
    if (!parsed || !['redis:', 'rediss:'].includes(parsed.protocol)) {
      throw optionError('storage.url', "a Redis URL such as 'redis://127.0.0.1:6379' (redis: or rediss:)", url)
    }
  }
  for (const name of ['host', 'base', 'username', 'password'] as const) {
    if (value[name] !== undefined && typeof value[name] !== 'string')
      throw optionError(`storage.${name}`, 'a string', value[name])
  }
  if (
    value.port !== undefined &&
    !(Number.isInteger(value.port) && (value.port as number) > 0 && (value.port as number) < 65536)
  ) {
    throw optionError('storage.port', 'a port number', value.port)
  }
  if (value.ttl !== undefined)
    throw optionError('storage.ttl', 'no storage TTL (entries carry their own times)', value.ttl)
}

/**
 * ioredis waits for a connection forever by default, queueing commands: isrkit would rather fail a call at
 * once and render, so an outage costs no latency. The user's own settings win.
 */
const REDIS_DEFAULTS = { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 }

/** Own keys only: `'constructor' in builtinDrivers` is true too. */
function isDriverName(name: string): boolean {
  return Object.hasOwn(builtinDrivers, name)
}

export function isStorage(value: unknown): value is Storage {
  if (typeof value !== 'object' || value === null) return false
  const s = value as Partial<Storage>
  return typeof s.getItemRaw === 'function' && typeof s.setItemRaw === 'function' && typeof s.mount === 'function'
}

/** The name reported by `status()`. */
export function driverName(option: StorageOption): string {
  if (typeof option === 'string') return option
  if (isStorage(option)) return 'custom'
  return option.driver
}

/** `'memory'` keeps entries in the memory tier only; its storage holds just the small invalidation records. */
export async function openStorage(option: StorageOption): Promise<Storage> {
  if (option === 'memory') return createStorage()
  if (isStorage(option)) return option
  const { driver, ...given } = option === 'fs' ? { driver: 'fs', base: DEFAULT_FS_BASE } : option
  const driverOptions = driver === 'redis' ? { ...REDIS_DEFAULTS, ...given } : given
  const specifier = builtinDrivers[driver as keyof typeof builtinDrivers]
  let storage: Storage
  try {
    const module = (await import(/* @vite-ignore */ specifier)) as { default: (opts: unknown) => Driver }
    storage = createStorage({ driver: module.default(driverOptions) })
  } catch (cause) {
    throw driverLoadError(driver, cause)
  }
  if (driver === 'redis') await connected(storage)
  return storage
}

/** Gives a fresh Redis connection a moment: without an offline queue, calls before it is up would fail. */
async function connected(storage: Storage): Promise<void> {
  const client = (storage.getMount('').driver as { getInstance?: () => RedisEvents }).getInstance?.()
  if (!client) return
  // Without a listener ioredis prints every connection error itself; isrkit reports outages (outage.ts).
  client.on('error', () => {})
  if (client.status === 'ready') return
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 2000)
    client.once('ready', () => {
      clearTimeout(timer)
      resolve()
    })
  })
}

interface RedisEvents {
  status: string
  on(event: string, listener: () => void): unknown
  once(event: string, listener: () => void): unknown
}
