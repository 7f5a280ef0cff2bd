// Resolves the `storage` option once (ResolvedStorage): memory, Redis — which core drives through an ioredis
// client of its own (redis.ts), whatever unstorage version the app has — or any other unstorage driver.
// Driver names are checked against unstorage's `builtinDrivers` at creation; the driver module itself is
// imported on first use, so a core bundled for an edge runtime never pulls in `node:fs` unless asked to.
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
  if (value.port !== undefined && !isPort(value.port)) {
    throw optionError('storage.port', 'a port number', value.port)
  }
  if (value.ttl !== undefined)
    throw optionError('storage.ttl', 'no storage TTL (entries carry their own times)', value.ttl)
  if (
    value.cluster !== undefined &&
    (!Array.isArray(value.cluster) || value.cluster.length === 0 || !value.cluster.every(isHostPort))
  ) {
    throw optionError(
      'storage.cluster',
      'a non-empty list of { host, port } (nodes of the cluster to start from)',
      value.cluster,
    )
  }
  if (
    value.clusterOptions !== undefined &&
    (typeof value.clusterOptions !== 'object' || value.clusterOptions === null)
  ) {
    throw optionError('storage.clusterOptions', 'an object of ioredis Cluster options', value.clusterOptions)
  }
  if (value.sentinels !== undefined) {
    const sentinels = value.sentinels
    if (!Array.isArray(sentinels) || sentinels.length === 0 || !sentinels.every(isHostPort)) {
      throw optionError('storage.sentinels', 'a non-empty list of { host, port } (the Sentinels to ask)', sentinels)
    }
    if (typeof value.name !== 'string' || value.name === '') {
      throw optionError('storage.name', "the name the Sentinels monitor the primary under, e.g. 'mymaster'", value.name)
    }
  }
  const client = value.client as { getBuffer?: unknown; duplicate?: unknown } | undefined
  if (client !== undefined && (typeof client?.getBuffer !== 'function' || typeof client.duplicate !== 'function')) {
    throw optionError('storage.client', 'an ioredis client (new Redis(...))', client)
  }
}

function isHostPort(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false
  const { host, port } = value as { host?: unknown; port?: unknown }
  return typeof host === 'string' && host !== '' && isPort(port)
}

function isPort(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) > 0 && (value as number) < 65536
}

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

export interface ResolvedStorage {
  kind: 'memory' | 'redis' | 'unstorage'
  /** What status and the outage lines call it: 'memory', 'fs', 'redis', 'custom', a driver's name. */
  name: string
  /** Entries live beyond this process: everything but 'memory'. */
  shared: boolean
  /** The storage expires entries and leases itself (Redis, which sweeps its own records), so no janitor runs. */
  expires: boolean
  option: StorageOption
}

export function resolveStorage(option: StorageOption): ResolvedStorage {
  const name = driverName(option)
  const kind = option === 'memory' ? 'memory' : name === 'redis' && !isStorage(option) ? 'redis' : 'unstorage'
  return { kind, name, shared: kind !== 'memory', expires: kind === 'redis', option }
}

/** `'memory'` keeps entries in the memory tier only; its storage holds just the small invalidation records. */
export async function openStorage(option: StorageOption): Promise<Storage> {
  if (option === 'memory') return createStorage()
  if (isStorage(option)) return option
  const { driver, ...given } = option === 'fs' ? { driver: 'fs', base: DEFAULT_FS_BASE } : option
  const specifier = builtinDrivers[driver as keyof typeof builtinDrivers]
  try {
    const module = (await import(/* @vite-ignore */ specifier)) as { default: (opts: unknown) => Driver }
    return createStorage({ driver: module.default(given) })
  } catch (cause) {
    throw driverLoadError(driver, cause)
  }
}
