// Validates user options once, at creation, and resolves them into what the request flow reads.
// docs/architecture.md "Configuration": a bad value throws naming the option and what was expected.

import { checkSigningSecret } from './auth.ts'
import { CDN_NAMES } from './cdn.ts'
import { supported } from './compress.ts'
import {
  DEFAULT_BROWSER_CACHE_CONTROL,
  DEFAULT_COMPRESS,
  DEFAULT_ENDPOINT,
  DEFAULT_EXPIRE,
  DEFAULT_IGNORED_COOKIES,
  DEFAULT_INVALIDATION_POLL,
  DEFAULT_JANITOR,
  DEFAULT_LEASE_TTL,
  DEFAULT_LEASE_WAIT,
  DEFAULT_MAX_ENTRY_BYTES,
  DEFAULT_MAX_VARIANTS,
  DEFAULT_MEMORY_BYTES,
  DEFAULT_NAMESPACE,
  DEFAULT_NOT_FOUND_REVALIDATE,
  DEFAULT_RENDER_TIMEOUT,
  DEFAULT_STALE_IF_ERROR,
  DEFAULT_STORAGE_TIMEOUT_MS,
} from './defaults.ts'
import { MAX_SETTLE_SECONDS, validSettle } from './endpoint.ts'
import { platformBuildId } from './env.ts'
import { optionError } from './errors.ts'
import type { ResolvedHook } from './hooks/index.ts'
import { type NameMatcher, nameMatcher } from './match.ts'
import { type CompiledRoutes, compileRoutes, type RouteDefaults } from './routes.ts'
import { type ResolvedStorage, resolveStorage, validateStorageOption } from './storage.ts'
import {
  type CdnDialect,
  CONTENT_CODINGS,
  type ContentCoding,
  type ISREvent,
  type ISROptions,
  type Logger,
  REVALIDATE_MODES,
  type StorageOption,
  WEBHOOK_VENDORS,
} from './types.ts'
import * as v from './validate.ts'

export interface ResolvedOptions {
  storage: StorageOption
  /** What the storage is, resolved once: its kind, name, whether shared, whether it expires keys itself. */
  backing: ResolvedStorage
  routes: CompiledRoutes
  /** The global `expire`, `staleIfError` and `renderTimeout`: what cached functions use unless they set their own. */
  defaults: Pick<RouteDefaults, 'expire' | 'staleIfError' | 'renderTimeout'>
  notFoundRevalidate: number
  /** Draft-mode cookies (names or globs); undefined when none are configured. */
  bypassCookies: NameMatcher | undefined
  bypassToken: string | undefined
  hosts: ReadonlySet<string> | undefined
  secret: string | undefined
  /** CMS webhook receivers by vendor; empty when none is configured. */
  webhooks: ReadonlyMap<string, ResolvedHook>
  endpoint: string
  memoryMaxBytes: number | false
  maxEntryBytes: number
  /** The codings stored bodies are compressed into; none: stored as rendered. */
  compress: readonly ContentCoding[]
  storageTimeoutMs: number
  /** Milliseconds between sweeps of storage that ignores TTLs; false: never. */
  janitorMs: number | false
  leaseTtlMs: number
  leaseWaitMs: number
  invalidationPollMs: number
  buildId: string
  previousBuild: boolean
  cdn: CdnDialect | false
  namespace: string
  origin: string | undefined
  browserCacheControl: string
  dev: boolean
  now: () => number
  onEvent: ((event: ISREvent) => void) | undefined
  logger: Logger | undefined
}

const KEYS = [
  'storage',
  'routes',
  'revalidate',
  'expire',
  'staleIfError',
  'notFoundRevalidate',
  'query',
  'vary',
  'ignoreCookies',
  'bypass',
  'hosts',
  'secret',
  'webhooks',
  'endpoint',
  'memory',
  'maxEntryBytes',
  'compress',
  'storageTimeout',
  'renderTimeout',
  'janitor',
  'lease',
  'invalidationPoll',
  'buildId',
  'previousBuild',
  'cdn',
  'namespace',
  'origin',
  'browserCacheControl',
  'dev',
  'now',
  'onEvent',
  'logger',
] as const satisfies readonly (keyof ISROptions)[]
const _everyOptionListed: v.Exhaustive<ISROptions, (typeof KEYS)[number]> = true

export function resolveOptions(input: ISROptions = {}): ResolvedOptions {
  const o = v.object('options', input, KEYS) as ISROptions
  const storage = validateStorageOption(o.storage ?? 'memory')
  const backing = resolveStorage(storage)
  const memoryMaxBytes = resolveMemory(o.memory)
  if (memoryMaxBytes === false && backing.kind === 'memory') {
    throw optionError('memory', "a memory tier when `storage` is 'memory' (it is where entries live)", false)
  }
  const defaults = resolveRouteDefaults(o)
  return {
    storage,
    backing,
    routes: compileRoutes(o.routes, defaults),
    defaults: { expire: defaults.expire, staleIfError: defaults.staleIfError, renderTimeout: defaults.renderTimeout },
    notFoundRevalidate: optional('notFoundRevalidate', o.notFoundRevalidate, v.seconds, DEFAULT_NOT_FOUND_REVALIDATE),
    ...resolveBypass(o.bypass),
    hosts: o.hosts === undefined ? undefined : resolveHosts(o.hosts),
    secret: o.secret === undefined ? undefined : resolveSecret(o.secret),
    webhooks: resolveWebhooks(o.webhooks),
    endpoint: resolveEndpoint(o.endpoint),
    memoryMaxBytes,
    maxEntryBytes: optional('maxEntryBytes', o.maxEntryBytes, v.positiveInteger, DEFAULT_MAX_ENTRY_BYTES),
    compress: resolveCompress(o.compress),
    storageTimeoutMs: optional('storageTimeout', o.storageTimeout, v.positiveInteger, DEFAULT_STORAGE_TIMEOUT_MS),
    janitorMs: o.janitor === false ? false : optional('janitor', o.janitor, v.positiveSeconds, DEFAULT_JANITOR) * 1000,
    ...resolveLease(o.lease),
    invalidationPollMs:
      optional('invalidationPoll', o.invalidationPoll, v.positiveSeconds, DEFAULT_INVALIDATION_POLL) * 1000,
    buildId: resolveBuildId(o.buildId),
    previousBuild:
      optional('previousBuild', o.previousBuild, (path, value) => v.oneOf(path, value, PREVIOUS), 'ignore') === 'stale',
    cdn: o.cdn === undefined || o.cdn === false ? false : (v.oneOf('cdn', o.cdn, CDN_NAMES) as CdnDialect),
    namespace: resolveNamespace(o.namespace),
    origin: o.origin === undefined ? undefined : resolveOrigin(o.origin),
    browserCacheControl: optional(
      'browserCacheControl',
      o.browserCacheControl,
      v.nonEmptyString,
      DEFAULT_BROWSER_CACHE_CONTROL,
    ),
    dev: optional('dev', o.dev, v.boolean, false),
    now: o.now === undefined ? Date.now : v.fn('now', o.now),
    onEvent: o.onEvent === undefined ? undefined : v.fn('onEvent', o.onEvent),
    logger: resolveLogger(o.logger),
  }
}

function optional<T>(path: string, value: unknown, check: (path: string, value: unknown) => T, fallback: T): T {
  return value === undefined ? fallback : check(path, value)
}

function resolveRouteDefaults(o: ISROptions): RouteDefaults {
  return {
    revalidate: optional('revalidate', o.revalidate, v.secondsOrFalse, false),
    expire: optional('expire', o.expire, v.seconds, DEFAULT_EXPIRE),
    staleIfError: optional('staleIfError', o.staleIfError, v.seconds, DEFAULT_STALE_IF_ERROR),
    renderTimeout: optional('renderTimeout', o.renderTimeout, v.positiveSeconds, DEFAULT_RENDER_TIMEOUT),
    query: o.query === undefined ? {} : o.query,
    vary: o.vary === undefined ? {} : o.vary,
    ignoreCookies: optional(
      'ignoreCookies',
      o.ignoreCookies,
      (p, x) => v.stringList(p, x, v.COOKIE_NAME, 'a cookie name or glob'),
      [...DEFAULT_IGNORED_COOKIES],
    ),
    maxVariants: globalMaxVariants(o.query),
  }
}

/** A route with a `query` of its own still inherits the global cap on variants. */
function globalMaxVariants(query: unknown): number {
  if (!v.isPlainObject(query) || query.maxVariants === undefined) return DEFAULT_MAX_VARIANTS
  return v.positiveInteger('query.maxVariants', query.maxVariants)
}

function resolveLease(lease: unknown): Pick<ResolvedOptions, 'leaseTtlMs' | 'leaseWaitMs'> {
  if (lease === undefined) return { leaseTtlMs: DEFAULT_LEASE_TTL * 1000, leaseWaitMs: DEFAULT_LEASE_WAIT * 1000 }
  const l = v.object('lease', lease, ['ttl', 'wait'])
  return {
    leaseTtlMs: optional('lease.ttl', l.ttl, v.positiveSeconds, DEFAULT_LEASE_TTL) * 1000,
    leaseWaitMs: optional('lease.wait', l.wait, v.positiveSeconds, DEFAULT_LEASE_WAIT) * 1000,
  }
}

function resolveMemory(memory: ISROptions['memory']): number | false {
  if (memory === undefined) return DEFAULT_MEMORY_BYTES
  if (memory === false) return false
  const m = v.object('memory', memory, ['maxBytes'])
  return optional('memory.maxBytes', m.maxBytes, v.positiveInteger, DEFAULT_MEMORY_BYTES)
}

function resolveBypass(bypass: ISROptions['bypass']): Pick<ResolvedOptions, 'bypassCookies' | 'bypassToken'> {
  if (bypass === undefined) return { bypassCookies: undefined, bypassToken: undefined }
  const b = v.object('bypass', bypass, ['cookies', 'token'])
  const cookies =
    b.cookies === undefined ? [] : v.stringList('bypass.cookies', b.cookies, v.COOKIE_NAME, 'a cookie name')
  const token = b.token === undefined ? undefined : v.nonEmptyString('bypass.token', b.token)
  return { bypassCookies: cookies.length > 0 ? nameMatcher(cookies) : undefined, bypassToken: token }
}

/** Compared with the request URL's hostname: a port, scheme or path here would silently match nothing. */
function resolveHosts(hosts: unknown): Set<string> {
  const list = v.stringList('hosts', hosts).map((host, index) => {
    const h = host.toLowerCase()
    if (!URL.canParse(`http://${h}`) || new URL(`http://${h}`).hostname !== h) {
      throw optionError(`hosts[${index}]`, "a hostname such as 'example.com' (no scheme, port or path)", host)
    }
    return h
  })
  return new Set(list)
}

function resolveSecret(secret: unknown, path = 'secret'): string {
  // Short secrets are guessable; HMAC keys below 16 bytes also weaken the signature scheme.
  if (typeof secret !== 'string' || secret.length < 16)
    throw optionError(path, 'a string of at least 16 characters', secret)
  return secret
}

function resolveWebhooks(webhooks: unknown): ReadonlyMap<string, ResolvedHook> {
  const resolved = new Map<string, ResolvedHook>()
  if (webhooks === undefined) return resolved
  const given = v.object('webhooks', webhooks, WEBHOOK_VENDORS)
  for (const [vendor, value] of Object.entries(given)) {
    if (value === undefined) continue
    const at = `webhooks.${vendor}`
    const hook = v.object(at, value, ['secret', 'map', 'settle', 'mode'])
    const settle = hook.settle === undefined ? 0 : hook.settle
    if (!validSettle(settle)) throw optionError(`${at}.settle`, `seconds from 0 to ${MAX_SETTLE_SECONDS}`, settle)
    resolved.set(vendor, {
      secret:
        vendor === 'standard'
          ? standardSecret(hook.secret, `${at}.secret`)
          : resolveSecret(hook.secret, `${at}.secret`),
      map: hook.map === undefined ? undefined : v.fn(`${at}.map`, hook.map),
      settle,
      mode: hook.mode === undefined ? 'stale' : v.oneOf(`${at}.mode`, hook.mode, REVALIDATE_MODES),
    })
  }
  return resolved
}

/** A Standard Webhooks secret must be one its senders can sign with: `whsec_` and base64 (checked by auth.ts). */
function standardSecret(secret: unknown, path: string): string {
  const checked = resolveSecret(secret, path)
  checkSigningSecret(checked)
  return checked
}

function resolveEndpoint(endpoint: unknown): string {
  if (endpoint === undefined) return DEFAULT_ENDPOINT
  if (typeof endpoint !== 'string' || !/^(?:\/[A-Za-z0-9._~-]+)+$/.test(endpoint)) {
    throw optionError('endpoint', "a path starting with '/' without a trailing '/', e.g. '/__isr'", endpoint)
  }
  return endpoint
}

const PREVIOUS = ['stale', 'ignore'] as const

function resolveBuildId(buildId: unknown): string {
  if (buildId === undefined || buildId === false) return ''
  if (buildId === 'auto') return platformBuildId() ?? ''
  if (typeof buildId !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(buildId)) {
    throw optionError('buildId', "'auto', up to 64 letters, digits, dots, dashes or underscores, or false", buildId)
  }
  return buildId
}

function resolveNamespace(namespace: unknown): string {
  if (namespace === undefined) return DEFAULT_NAMESPACE
  if (typeof namespace !== 'string' || !/^[A-Za-z0-9_-]{1,32}$/.test(namespace)) {
    throw optionError('namespace', 'up to 32 letters, digits, dashes or underscores', namespace)
  }
  return namespace
}

function resolveOrigin(origin: unknown): string {
  const url = typeof origin === 'string' && URL.canParse(origin) ? new URL(origin) : undefined
  // Credentials would be dropped from every request to it (`url.origin` has none): refused, not ignored.
  const credentials = url !== undefined && (url.username !== '' || url.password !== '')
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || credentials) {
    const expected = "an http(s) origin such as 'http://127.0.0.1:3000', without a path or credentials"
    throw optionError('origin', expected, origin)
  }
  return url.origin
}

function resolveLogger(logger: unknown): Logger | undefined {
  if (logger === false) return undefined
  if (logger === undefined) return console
  if (typeof logger !== 'object' || logger === null)
    throw optionError('logger', 'an object with warn() and error(), or false', logger)
  const l = logger as Partial<Logger>
  if (typeof l.warn !== 'function' || typeof l.error !== 'function') {
    throw optionError('logger', 'an object with warn() and error(), or false', logger)
  }
  return l as Logger
}

/** Validates options without creating an instance: for adapters that check their config at build time. */
export function validateOptions(options: ISROptions): void {
  resolveOptions(options)
}

/** `true` is what this runtime can make of the default; a coding named explicitly must be makeable here. */
function resolveCompress(value: unknown): readonly ContentCoding[] {
  if (value === undefined || value === true) return DEFAULT_COMPRESS.filter((coding) => supported(coding))
  if (value === false) return []
  if (!Array.isArray(value))
    throw optionError('compress', `true, false or a list of ${v.alternatives(CONTENT_CODINGS)}`, value)
  const codings = value.map((coding, i) => v.oneOf(`compress[${i}]`, coding, CONTENT_CODINGS))
  const missing = codings.find((coding) => !supported(coding))
  if (missing) throw optionError('compress', `codings this runtime has (${missing}: Node 22.15+ with node:zlib)`, value)
  // Negotiation prefers brotli, then zstd, then gzip among codings a client accepts alike, whatever the order here.
  return [...new Set(codings)]
}
