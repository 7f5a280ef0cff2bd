// User options of the integration (what astro.config says) and the config the provider receives.
// Astro stores provider config in the build manifest as JSON, so it must be serializable; what cannot be
// (functions, a Storage instance) comes from the `runtimeOptions` module instead.
import {
  type ISROptions,
  type RevalidateMode,
  type RouteRules,
  type StorageDriverConfig,
  validateOptions,
} from '@isrkit/core'
import { notSerializableError, runtimeOptionsError } from './errors.ts'

export interface ISRAstroOptions
  extends Omit<ISROptions, 'storage' | 'routes' | 'now' | 'onEvent' | 'logger' | 'dev' | 'buildId'> {
  /** `'memory'`, `'fs'` or `{ driver: '<unstorage driver>', ...options }`; a Storage instance goes in `runtimeOptions`. */
  storage?: 'memory' | 'fs' | StorageDriverConfig
  /** Route rules; those Astro's `routeRules` can express are handed to Astro, so `Astro.cache.set()` can override them. */
  routes?: RouteRules
  /**
   * Build id; `'auto'` (the default) is a new one per `astro build`, so a deploy never serves pages that link
   * deleted assets.
   */
  buildId?: string | 'auto' | false
  /** A module (path from the project root) whose default export adds options that cannot be serialized. */
  runtimeOptions?: string
  /** How `Astro.cache.invalidate()` invalidates. Default `'purge'`: the next visitor gets a fresh render, as with Astro's memory cache. */
  invalidateMode?: RevalidateMode
}

/** What reaches the provider through the manifest. */
export interface ProviderConfig {
  core: ISROptions
  buildId: string | false
  dev: boolean
  invalidateMode: RevalidateMode
}

/**
 * Options merged in at runtime from the `runtimeOptions` module, over those of astro.config: what cannot be
 * serialized (functions, a Storage), and what must not be frozen into the build (secrets, URLs read from env).
 */
export type RuntimeOptions = Omit<ISROptions, 'routes'>

const INTEGRATION_ONLY = ['runtimeOptions', 'invalidateMode'] as const
const MODES: RevalidateMode[] = ['stale', 'eager', 'purge']

/** Validates eagerly, at `astro.config` load, so a bad option fails the build with a message naming it. */
export function checkOptions(options: ISRAstroOptions): void {
  assertSerializable(options, 'isr()')
  const { runtimeOptions, invalidateMode, ...core } = options
  if (runtimeOptions !== undefined && (typeof runtimeOptions !== 'string' || runtimeOptions === '')) {
    throw runtimeOptionsError('runtimeOptions', "a module path such as './src/isr.runtime.ts'")
  }
  if (invalidateMode !== undefined && !MODES.includes(invalidateMode)) {
    throw runtimeOptionsError('invalidateMode', "'stale', 'eager' or 'purge'")
  }
  validateOptions(core as ISROptions)
}

export function providerConfig(
  options: ISRAstroOptions,
  extra: { buildId: string | false; dev: boolean; routes: RouteRules },
) {
  const core: Record<string, unknown> = { ...options, routes: extra.routes }
  for (const key of INTEGRATION_ONLY) delete core[key]
  delete core.buildId
  const config: ProviderConfig = {
    core: core as ISROptions,
    buildId: extra.buildId,
    dev: extra.dev,
    invalidateMode: options.invalidateMode ?? 'purge',
  }
  return config
}

/** unstorage's createStorage() returns a plain object of methods, not a class instance. */
function isStorageLike(value: object): boolean {
  const s = value as Record<string, unknown>
  return typeof s.getItem === 'function' && typeof s.setItem === 'function'
}

/** JSON-serializable plain data only, with the dotted path of the first thing that is not. */
export function assertSerializable(value: unknown, path: string): void {
  if (value === null || value === undefined) return
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return
    case 'number':
      if (!Number.isFinite(value)) throw notSerializableError(path, String(value))
      return
    case 'function':
      throw notSerializableError(path, 'a function')
    case 'object':
      break
    default:
      throw notSerializableError(path, `a ${typeof value}`)
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) assertSerializable(item, `${path}[${index}]`)
    return
  }
  if (isStorageLike(value)) throw notSerializableError(path, 'an unstorage Storage')
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) {
    throw notSerializableError(path, `an instance of ${(value as object).constructor?.name ?? 'a class'}`)
  }
  for (const [key, item] of Object.entries(value)) assertSerializable(item, childPath(path, key))
}

/** `routes['/blog/[slug]'].tags`, as core names options: a route pattern read as `.a/[b]` would mislead. */
function childPath(path: string, key: string): string {
  const top = path === 'isr()'
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return top ? key : `${path}.${key}`
  return `${top ? '' : path}['${key}']`
}
