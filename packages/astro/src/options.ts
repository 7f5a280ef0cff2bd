// User options of the integration (what astro.config says) and the config the provider receives.
// Astro stores provider config in the build manifest as JSON, so it must be serializable and hold no secret;
// the rest (functions, a Storage instance, credentials) comes from the `runtimeOptions` module instead.
import {
  type BypassOptions,
  type ISROptions,
  type RevalidateMode,
  type RouteRules,
  type StorageDriverConfig,
  validateOptions,
} from '@isrkit/core'
import { REVALIDATE_MODES } from '@isrkit/core/adapter'
import { notSerializableError, runtimeOptionsError, secretInConfigError } from './errors.ts'

export interface ISRAstroOptions
  extends Omit<
    ISROptions,
    'storage' | 'routes' | 'now' | 'onEvent' | 'logger' | 'dev' | 'buildId' | 'secret' | 'bypass'
  > {
  /** Not here: astro.config is stored in the build manifest. Set `secret` in the `runtimeOptions` module. */
  secret?: never
  /** Draft-mode cookies. The `token` is a secret: set it in the `runtimeOptions` module. */
  bypass?: Omit<BypassOptions, 'token'> & { token?: never }
  /** `'memory'`, `'fs'` or `{ driver: '<unstorage driver>', ...options }`; a Storage instance goes in `runtimeOptions`. */
  storage?: 'memory' | 'fs' | StorageDriverConfig
  /** Route rules; those Astro's `routeRules` can express are handed to Astro, so `Astro.cache.set()` can override them. */
  routes?: RouteRules
  /**
   * Build id; `'auto'` (the default) is a new one per `astro build`, so a deploy never serves pages that link
   * deleted assets.
   */
  buildId?: string | 'auto' | false
  /** A module (path from the project root) whose default export adds secrets and what cannot be serialized. */
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

/** Validates eagerly, at `astro.config` load, so a bad option fails the build with a message naming it. */
export function checkOptions(options: ISRAstroOptions): void {
  assertSerializable(options, 'isr()')
  assertNoCredentials(options)
  const { runtimeOptions, invalidateMode, ...core } = options
  if (runtimeOptions !== undefined && (typeof runtimeOptions !== 'string' || runtimeOptions === '')) {
    throw runtimeOptionsError('runtimeOptions', "a module path such as './src/isr.runtime.ts'")
  }
  if (invalidateMode !== undefined && !REVALIDATE_MODES.includes(invalidateMode)) {
    throw runtimeOptionsError('invalidateMode', "'stale', 'eager' or 'purge'")
  }
  validateOptions(core as ISROptions)
}

export function providerConfig(
  options: ISRAstroOptions,
  extra: { buildId: string | false; dev: boolean; routes: RouteRules; site?: string | undefined },
) {
  const core: Record<string, unknown> = { ...options, routes: extra.routes }
  for (const key of INTEGRATION_ONLY) delete core[key]
  delete core.buildId
  // Astro's `site` is the site's public origin: what shared pages are rendered for (core's `origin`).
  const site = canonicalOrigin(extra.site)
  if (core.origin === undefined && core.hosts === undefined && site) core.origin = site
  const config: ProviderConfig = {
    core: core as ISROptions,
    buildId: extra.buildId,
    dev: extra.dev,
    invalidateMode: options.invalidateMode ?? 'purge',
  }
  return config
}

/** The origin of Astro's `site` (which may carry a base path), when it is an http(s) URL. */
function canonicalOrigin(site: string | undefined): string | undefined {
  const url = site && URL.canParse(site) ? new URL(site) : undefined
  return url && (url.protocol === 'http:' || url.protocol === 'https:') ? url.origin : undefined
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

/**
 * Option names that hold credentials, as @isrkit/core's option errors know them (core/src/errors.ts; this
 * package reaches core through its public API only). `key` counts alone or after a word that makes it one,
 * so a driver's `keyPrefix` or `partitionKey` may stay in astro.config.
 */
const CREDENTIAL_NAME =
  /password|passwd|passphrase|secret|token|credential|auth|(?:^|api|access|account|private|sas|service|signing|master|client)key(?:id)?$/i
/** `scheme://user:password@` or `scheme://<token>@`: a userinfo of any kind. */
const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/?#]*@/i
/** Deep enough for driver options such as `{ tls: { key } }` or `{ redisOptions: { password } }`. */
const MAX_DEPTH = 4

interface Credential {
  path: string
  holds: 'a credential' | 'a URL with credentials'
}

/** A credential in astro.config would be frozen into the build manifest: it belongs in `runtimeOptions`. */
function assertNoCredentials(options: ISRAstroOptions): void {
  // Route patterns are paths, not option names: `/auth/**` holds nothing.
  const { routes: _routes, ...rest } = options
  const found = findCredential(rest, 'isr()', 0)
  if (found) throw secretInConfigError(found.path, found.holds)
}

/** The first credential-named option that is set, or a string holding a URL with credentials (bounded depth). */
function findCredential(value: unknown, path: string, depth: number): Credential | undefined {
  if (typeof value === 'string') {
    return URL_CREDENTIALS.test(value) ? { path, holds: 'a URL with credentials' } : undefined
  }
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return undefined
  const entries = Array.isArray(value)
    ? value.map((item, index) => [`${path}[${index}]`, item, false] as const)
    : Object.entries(value).map(([key, item]) => [childPath(path, key), item, CREDENTIAL_NAME.test(key)] as const)
  for (const [where, item, named] of entries) {
    if (named && isSet(item)) return { path: where, holds: 'a credential' }
    const found = findCredential(item, where, depth + 1)
    if (found) return found
  }
  return undefined
}

/** `token: process.env.X` with X unset is undefined: nothing is stored, nothing to refuse. */
function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '' && value !== false
}

/** `routes['/blog/[slug]'].tags`, as core names options: a route pattern read as `.a/[b]` would mislead. */
function childPath(path: string, key: string): string {
  const top = path === 'isr()'
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return top ? key : `${path}.${key}`
  return `${top ? '' : path}['${key}']`
}
