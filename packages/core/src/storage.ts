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
  return value as StorageDriverConfig
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

/** `'memory'` keeps entries in the memory tier only; its storage holds just the small invalidation records. */
export async function openStorage(option: StorageOption): Promise<Storage> {
  if (option === 'memory') return createStorage()
  if (isStorage(option)) return option
  const { driver, ...driverOptions } = option === 'fs' ? { driver: 'fs', base: DEFAULT_FS_BASE } : option
  const specifier = builtinDrivers[driver as keyof typeof builtinDrivers]
  try {
    const module = (await import(/* @vite-ignore */ specifier)) as { default: (opts: unknown) => Driver }
    return createStorage({ driver: module.default(driverOptions) })
  } catch (cause) {
    throw driverLoadError(driver, cause)
  }
}
