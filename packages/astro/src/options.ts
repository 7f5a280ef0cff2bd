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
import { alternatives, findCredential, findUnserializable, originFor, REVALIDATE_MODES } from '@isrkit/core/adapter'
import { notSerializableError, runtimeOptionsError, secretInConfigError } from './errors.ts'

export interface ISRAstroOptions
  extends Omit<
    ISROptions,
    'storage' | 'routes' | 'now' | 'onEvent' | 'logger' | 'dev' | 'buildId' | 'secret' | 'bypass' | 'webhooks'
  > {
  /** Not here: astro.config is stored in the build manifest. Set `secret` in the `runtimeOptions` module. */
  secret?: never
  /** Not here: each webhook has a secret (and maybe a `map` function). Set `webhooks` in the `runtimeOptions` module. */
  webhooks?: never
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
  /**
   * With @astrojs/node in standalone mode, build its server with the Node fast path in front, so that
   * `node dist/server/entry.mjs` answers fresh hits before Astro's pipeline runs. Default `true`.
   */
  fastPath?: boolean
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

const INTEGRATION_ONLY = ['runtimeOptions', 'invalidateMode', 'fastPath'] as const

/** Validates eagerly, at `astro.config` load, so a bad option fails the build with a message naming it. */
export function checkOptions(options: ISRAstroOptions): void {
  assertSerializable(options, 'isr()')
  assertNoCredentials(options)
  const { runtimeOptions, invalidateMode, fastPath, ...core } = options
  if (runtimeOptions !== undefined && (typeof runtimeOptions !== 'string' || runtimeOptions === '')) {
    throw runtimeOptionsError('runtimeOptions', "a module path such as './src/isr.runtime.ts'")
  }
  if (invalidateMode !== undefined && !REVALIDATE_MODES.includes(invalidateMode)) {
    throw runtimeOptionsError('invalidateMode', alternatives(REVALIDATE_MODES))
  }
  if (fastPath !== undefined && typeof fastPath !== 'boolean') throw runtimeOptionsError('fastPath', 'true or false')
  validateOptions(core as ISROptions)
}

export function providerConfig(
  options: ISRAstroOptions,
  extra: { buildId: string | false; dev: boolean; routes: RouteRules; site?: string | undefined },
) {
  const core: Record<string, unknown> = { ...options, routes: extra.routes }
  for (const key of INTEGRATION_ONLY) delete core[key]
  delete core.buildId
  // Astro's `site` is the site's public origin.
  const origin = originFor(options, extra.site)
  if (origin !== undefined) core.origin = origin
  const config: ProviderConfig = {
    core: core as ISROptions,
    buildId: extra.buildId,
    dev: extra.dev,
    invalidateMode: options.invalidateMode ?? 'purge',
  }
  return config
}

/** JSON-serializable plain data only: the first option that is not fails the build, named. */
export function assertSerializable(value: unknown, path: string): void {
  const found = findUnserializable(value, path === 'isr()' ? 'options' : path)
  if (found) throw notSerializableError(found.path === 'options' ? path : found.path, found.what)
}

/** A credential in astro.config would be frozen into the build manifest: it belongs in `runtimeOptions`. */
function assertNoCredentials(options: ISRAstroOptions): void {
  const found = findCredential(options as Record<string, unknown>)
  if (found) throw secretInConfigError(found.path, found.holds)
}
