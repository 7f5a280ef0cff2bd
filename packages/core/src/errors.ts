// Every error isrkit raises or reports, each from a named factory, all with one message prefix.
// `name` is the stable identifier users can match on; messages name what is wrong and what was expected.
// Messages go to logs and `onEvent` observers: they never carry a credential (docs: README "Secrets").
import { isCredentialName } from './credentials.ts'
import { BYPASS_PARAM } from './defaults.ts'

const PREFIX = '[isrkit]'

function error(name: string, message: string, options?: ErrorOptions): Error {
  const err = new Error(`${PREFIX} ${maskCredentials(message)}`, options)
  // A literal name: minifiers rename classes, and users match on this.
  err.name = name
  return err
}

/** A configuration value is not what isrkit accepts. `path` is the option's dotted path. */
export function optionError(path: string, expected: string, received: unknown): Error {
  return error(
    'ISROptionError',
    `Invalid option \`${path}\`: expected ${expected}, received ${describeOption(path, received)}.`,
  )
}

/** An options object has a key isrkit does not know (a typo, usually). */
export function unknownOptionError(path: string, known: readonly string[]): Error {
  return error(
    'ISROptionError',
    `Invalid option \`${path}\`: expected one of the known keys (${known.join(', ')}), received an unknown key.`,
  )
}

/** `storage.driver` names no unstorage driver. */
export function unknownDriverError(driver: string, known: readonly string[]): Error {
  const near = known.filter((name) => name.toLowerCase().includes(driver.toLowerCase().slice(0, 3))).slice(0, 5)
  const hint = near.length > 0 ? ` Did you mean ${near.map((n) => `'${n}'`).join(', ')}?` : ''
  return error(
    'ISRUnknownDriverError',
    `Unknown storage driver '${maskUserinfo(driver)}': it is not one of unstorage's built-in drivers.${hint} Pass an unstorage Storage instance to use a custom driver.`,
  )
}

/** The driver module exists but could not be loaded or created (missing peer dependency, bad options). */
export function driverLoadError(driver: string, cause: unknown): Error {
  const missing = missingPackage(cause)
  const fix = missing
    ? `Install it in your app (e.g. \`pnpm add ${missing}\`)`
    : 'Check its options and that its peer dependencies are installed'
  return error(
    'ISRDriverLoadError',
    `Storage driver '${driver}' could not be created: ${messageOf(cause)}. ${fix}: isrkit does not fall back to a memory cache of its own, which would share nothing between instances.`,
    { cause },
  )
}

/** The package Node's resolver could not find (`Cannot find package 'x'` / `Cannot find module 'x'`). */
function missingPackage(cause: unknown): string | undefined {
  const match = /Cannot find (?:package|module) '((?:@[^/']+\/)?[^/']+)/.exec(messageOf(cause))
  return match?.[1] && !match[1].startsWith('.') ? match[1] : undefined
}

/** A stored entry could not be decoded; it is treated as a miss and overwritten. */
export function corruptEntryError(key: string, reason: string): Error {
  return error(
    'ISRCorruptEntryError',
    `Stored entry '${key}' is unreadable (${reason}); it is treated as a miss and will be overwritten.`,
  )
}

/** The storage driver threw while reading or writing; the cache fails open to rendering. */
export function storageError(operation: string, key: string, cause: unknown): Error {
  return error('ISRStorageError', `Storage ${operation} failed for '${key}': ${messageOf(cause)}.`, { cause })
}

/** A render threw or answered 5xx. */
export function renderError(url: string, cause: unknown): Error {
  return error('ISRRenderError', `Rendering ${url} failed: ${messageOf(cause)}.`, { cause })
}

/** A background regeneration failed; the stale entry keeps being served. */
export function regenerateError(url: string, cause: unknown): Error {
  return error(
    'ISRRegenerateError',
    `Background regeneration of ${url} failed: ${messageOf(cause)}; serving the stale entry.`,
    {
      cause,
    },
  )
}

/** An argument to revalidatePath / revalidateTag is not usable. */
export function invalidationArgumentError(what: string, expected: string, received: unknown): Error {
  return error('ISRInvalidationError', `Invalid ${what}: expected ${expected}, received ${describe(received)}.`)
}

/** The ISR instance was used after `close()`. */
export function closedError(): Error {
  return error('ISRClosedError', 'This ISR instance is closed.')
}

/** A user `onEvent` observer threw; isrkit keeps serving. */
export function observerError(cause: unknown): Error {
  return error('ISRObserverError', `onEvent threw: ${messageOf(cause)}.`, { cause })
}

/** A cause's message, as isrkit quotes it: a driver's error may name the URL it was given, password included. */
export function messageOf(cause: unknown): string {
  return maskCredentials(cause instanceof Error ? cause.message : String(cause))
}

/** `scheme://user:password@`: the userinfo up to the authority's last `@` (a raw `@` in a password included). */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#]*)@/gi
/** The draft-mode token in a URL isrkit quotes: events already drop it, messages quoting a URL must too. */
const BYPASS_VALUE = new RegExp(`([?&]${BYPASS_PARAM}=)[^&#\\s'"\`]+`, 'g')

/** Every URL in `text` with its password (or a lone userinfo, often a token) and draft token masked. */
export function maskCredentials(text: string): string {
  if (!text.includes('@') && !text.includes(BYPASS_PARAM)) return text
  return text
    .replace(URL_USERINFO, (_, scheme: string, userinfo: string) => `${scheme}${maskedUserinfo(userinfo)}@`)
    .replace(BYPASS_VALUE, '$1***')
}

/** `user:password` keeps the user; a userinfo without a colon may be a token alone (`https://<token>@host`). */
function maskedUserinfo(userinfo: string): string {
  const colon = userinfo.indexOf(':')
  return colon < 0 ? '***' : `${userinfo.slice(0, colon)}:***`
}

/**
 * A string option that may be a URL someone mistyped: `user:pass@host` (no scheme) or a password with a raw
 * `/` hides from URL_USERINFO, so everything before the last `@` counts as userinfo here.
 */
function maskUserinfo(value: string): string {
  const at = value.lastIndexOf('@')
  if (at < 0) return value
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(value)?.[0] ?? ''
  const userinfo = value.slice(scheme.length, at)
  // Without a scheme only `user:password@` reads as userinfo: `a@b` is just a bad name.
  if (scheme === '' && !userinfo.includes(':')) return value
  return `${scheme}${maskedUserinfo(userinfo)}${value.slice(at)}`
}

function describeOption(path: string, value: unknown): string {
  return isCredentialName(optionName(path)) ? describeSecret(value) : describe(value)
}

/** The last name in a dotted path: `storage.password` → `password`, `hosts[1]` → `hosts`; `''` for `routes['/x']`. */
function optionName(path: string): string {
  return /([A-Za-z_$][\w$]*)(?:\[\d+\])*$/.exec(path)?.[1] ?? ''
}

/** A credential by its length or type: a near-miss value in a log would be most of the secret. */
function describeSecret(value: unknown): string {
  if (typeof value === 'string') return `a string of ${value.length} character${value.length === 1 ? '' : 's'}`
  if (value === null || value === undefined) return String(value)
  if (Array.isArray(value)) return 'an array'
  const type = typeof value
  return type === 'object' ? 'an object' : `a ${type}`
}

/** Shallow on purpose: a value is named by its type, never walked or serialized, whatever its size or shape. */
function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return `'${truncate(maskUserinfo(value))}'`
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'undefined') return String(value)
  if (typeof value === 'function') return 'a function'
  return typeof value === 'object' ? `an object` : typeof value
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

/** A render passed its `renderTimeout`: it counts as failed, and a late result is dropped. */
export function renderTimeoutError(url: string, seconds: number, stage: 'render' | 'body'): Error {
  const what = stage === 'render' ? 'gave no response' : 'did not finish its body'
  return error(
    'ISRRenderTimeoutError',
    `Rendering ${url} ${what} within renderTimeout (${seconds} s); it counts as failed.`,
  )
}

/** `signControlRequest` cannot sign with what it was given. A secret is described by its length, never shown. */
export function signingArgumentError(what: string, expected: string, received: unknown): Error {
  const shown =
    what === 'secret' && typeof received === 'string' ? `a string of ${received.length} characters` : describe(received)
  return error(
    'ISRSigningError',
    `Cannot sign the control request: \`${what}\` must be ${expected}, received ${shown}.`,
  )
}

/** A `whsec_` secret (Standard Webhooks) whose rest is no base64 key of 16 bytes or more; never shows the secret. */
export function webhookSecretError(): Error {
  return error(
    'ISROptionError',
    "Invalid option `secret`: it starts with 'whsec_', so the rest must be the base64 of a key of at least 16 bytes (Standard Webhooks), e.g. whsec_$(openssl rand -base64 32).",
  )
}

/** `cacheHeaders()` was given an option it cannot write. */
export function cacheHeadersError(option: string, expected: string, received: unknown): Error {
  return error('ISROptionError', `cacheHeaders({ ${option} }): expected ${expected}, received ${describe(received)}.`)
}

/** An error of an adapter, in core's style: a stable `name` and the `[isrkit]` prefix (credentials masked). */
export function adapterError(name: string, message: string, options?: ErrorOptions): Error {
  return error(name, message, options)
}

/** Two different functions were given one name: they would read each other's entries. */
export function cachedNameTakenError(name: string): Error {
  return error(
    'ISRCachedNameError',
    `A different function is already cached under the name '${name}' on this ISR instance: names key the entries, so give each function its own.`,
  )
}

/** An argument of a cached call cannot be part of a key (a function, a symbol, a class instance, a cycle). */
export function cachedArgumentError(name: string, index: number, reason: string): Error {
  return error(
    'ISRCachedArgumentError',
    `Cached function '${name}': argument ${index} cannot be part of its cache key (${reason}). Pass plain data, or give a \`key\` function.`,
  )
}

/** A cached function's result cannot be stored (devalue holds JSON plus Date, Map, Set, BigInt, typed arrays). */
export function cachedResultError(name: string, reason: string): Error {
  return error(
    'ISRCachedResultError',
    `Cached function '${name}' returned a value that cannot be stored (${reason}); nothing was cached. Return plain data (JSON, Date, Map, Set, BigInt, Uint8Array).`,
  )
}

/** A cached function's call failed: nothing was stored; a value within staleIfError stands in where there is one. */
export function cachedCallError(name: string, cause: unknown): Error {
  return error('ISRCachedCallError', `Cached function '${name}' failed: ${messageOf(cause)}.`, { cause })
}

/** A webhook's `map` option threw or returned what cannot be invalidated: the app's bug, answered 500. */
export function mapError(vendor: string, cause: unknown): Error {
  return error('ISRWebhookMapError', `webhooks.${vendor}.map failed: ${messageOf(cause)}.`, { cause })
}
