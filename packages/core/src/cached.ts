// docs/architecture.md "Cached functions": data cached with the pages' own machinery. A call's result is an
// entry like a page's — the memory tier and shared storage, tag records, single flight here and the lease
// across instances, the bus — so one invalidation refreshes the data, and every page that showed it.
import { chooseBody } from './bodies.ts'
import { argumentsKey, decodeValue, encodeValue, VALUE_CONTENT_TYPE } from './cached-values.ts'
import { Deadline, TIMED_OUT } from './deadline.ts'
import type { Entry } from './entry.ts'
import { cachedCallError, cachedNameTakenError, closedError, corruptEntryError, optionError } from './errors.ts'
import { Flights } from './flight.ts'
import { classify } from './freshness.ts'
import { sha256Hex } from './key.ts'
import { storedMeanwhile, takeLease, waitForEntry } from './lead.ts'
import { announce } from './persist.ts'
import { buildEntry } from './render.ts'
import type { Runtime } from './runtime.ts'
import { type RenderScope, scopeOf } from './scope.ts'
import type { CachedFunction, CachedOptions } from './types.ts'
import * as v from './validate.ts'

/** What a call's flight settles with: the stored entry, or why there is none. */
type Called = { entry: Entry } | { error: unknown }

interface Resolved {
  name: string
  /** Seconds; undefined: fresh until invalidated, or until `expire`. */
  revalidate: number | undefined
  expire: number
  staleIfError: number
  tags: (args: unknown[]) => string[]
  key: (args: unknown[]) => string
}

/** One call's key: its entry's id, and the name its records and storage key are filed under. */
interface CallKey {
  id: string
  path: string
  url: string
  argsKey: string
}

/** Argument keys longer than this are hashed in the entry's id (the id is in every entry and event). */
const MAX_READABLE_KEY = 200
const TAG_HINT = 'a tag (visible ASCII, no commas)'

/** Every entry of a function carries it: `revalidateCached(name)` reaches them, and the pages that used them. */
export const functionTag = (name: string) => `fn:${name}`
/** And one for its argument list: `revalidateCached(name, ...args)`. */
const callTag = async (name: string, argsKey: string) => `fn:${name}:${(await sha256Hex(argsKey)).slice(0, 16)}`

export interface CachedFunctions {
  cached<A extends unknown[], R>(fn: (...args: A) => R, options: CachedOptions<A>): CachedFunction<A, R>
  /** The tags that invalidate a function's entries: all of them, or one argument list's. */
  tagsOf(name: string, args: unknown[] | undefined): Promise<string[]>
}

export function createCachedFunctions(rt: Runtime, isClosed: () => boolean): CachedFunctions {
  const flights = new Flights<Called>()
  /** Each name's function source and options: one name is one function (or the same one, evaluated again). */
  const defined = new Map<string, { source: string; o: Resolved }>()

  function cached<A extends unknown[], R>(fn: (...args: A) => R, options: CachedOptions<A>): CachedFunction<A, R> {
    if (typeof fn !== 'function') throw optionError('cached(fn)', 'a function', fn)
    const o = resolve(rt, options as CachedOptions<unknown[]>)
    const source = String(fn)
    const known = defined.get(o.name)
    if (known && known.source !== source) throw cachedNameTakenError(o.name)
    defined.set(o.name, { source, o })
    const call = (scope: RenderScope | undefined, args: A) =>
      run(o, () => fn(...args), args, scope) as Promise<Awaited<R>>
    return Object.assign((...args: A) => call(scopeOf(), args), {
      with:
        (request: Request) =>
        (...args: A) =>
          call(scopeOf(request), args),
    })
  }

  async function run(o: Resolved, fn: () => unknown, args: unknown[], scope: RenderScope | undefined) {
    if (isClosed()) throw closedError()
    // Previews and dev see the data as it is now, as their pages are rendered anew; in dev the page still
    // learns the tags it would inherit (its x-isr-explain says them).
    if (scope?.draft) return fn()
    if (rt.o.dev) {
      const value = await fn()
      if (scope) contribute(scope, o, await declaredTags(o, args))
      return value
    }
    const key = await keyOf(rt, o, args)
    const entry = rt.cache.store.peek(key.id) ?? (await rt.cache.store.get(key.id, key.path))
    const freshness = entry ? classify(entry.meta, rt.o.now(), await timesOf(rt, entry)) : 'gone'
    // A page's render waits for stale data to be refreshed: the page it stores must not hold the data it was
    // invalidated to replace (the stale value still stands in if the call fails).
    const serveStale = freshness === 'stale' && !scope
    if (entry && (freshness === 'fresh' || serveStale)) {
      const stored = storedValue(entry)
      if (stored) {
        rt.events.emit({ type: freshness === 'fresh' ? 'cached-hit' : 'cached-stale', name: o.name, key: key.id })
        if (freshness === 'stale') refreshInBackground(o, fn, args, key)
        contribute(scope, o, entry.meta.tags)
        return stored.value
      }
    }
    return miss(o, fn, args, key, scope, freshness === 'expired' || freshness === 'stale' ? entry : undefined)
  }

  /** Request flow 6–7 for a call: one call for the key here and across instances; a failure may fall back. */
  async function miss(
    o: Resolved,
    fn: () => unknown,
    args: unknown[],
    key: CallKey,
    scope: RenderScope | undefined,
    fallback: Entry | undefined,
  ): Promise<unknown> {
    const joined = flights.join(key.id)
    rt.events.emit({ type: 'cached-miss', name: o.name, key: key.id, collapsed: joined !== undefined })
    // Past a failure, a value within stale-if-error stands in until the backoff allows another call.
    const called =
      fallback && !joined && rt.flight.backoff.blocked(key.id)
        ? { error: new Error('backing off') }
        : await (joined ?? lead(o, fn, args, key))
    const stored = 'entry' in called ? storedValue(called.entry) : undefined
    if (stored && 'entry' in called) {
      contribute(scope, o, called.entry.meta.tags)
      return stored.value
    }
    const standby = fallback && rt.o.now() < fallback.meta.staleIfErrorAt ? storedValue(fallback) : undefined
    if (!standby || !fallback) throw 'error' in called ? called.error : new Error('the stored result is unreadable')
    rt.events.emit({ type: 'cached-stale', name: o.name, key: key.id })
    contribute(scope, o, fallback.meta.tags)
    return standby.value
  }

  /** Leads the flight for `key`: one call of `fn` in this process, its waiters sharing what it stores. */
  function lead(o: Resolved, fn: () => unknown, args: unknown[], key: CallKey): Promise<Called> {
    const settle = flights.lead(key.id)
    const called = callAndStore(o, fn, args, key).catch((error: unknown): Called => ({ error }))
    void called.then(settle)
    return called
  }

  async function callAndStore(o: Resolved, fn: () => unknown, args: unknown[], key: CallKey): Promise<Called> {
    const held = await takeLease(rt, key.id)
    const stored = held && (await storedMeanwhile(rt, held, key))
    if (stored) return { entry: stored }
    if (!held) {
      // Another instance is calling it: what it stores is this call's result too (else call it here).
      const theirs = await waitForEntry(rt, key)
      if (theirs) return { entry: theirs }
    }
    try {
      const createdAt = rt.stamp()
      const value = await callWithin(o, fn, key)
      const entry = await entryOf(o, args, key, encoded(o, value, key), createdAt)
      await announce(rt, entry, rt.cache.store.set(entry, key.path))
      return { entry }
    } finally {
      await held?.release()
    }
  }

  /** `fn`'s result within `renderTimeout`; a failure backs the key off and is reported, then thrown. */
  async function callWithin(o: Resolved, fn: () => unknown, key: CallKey): Promise<unknown> {
    const deadline = new Deadline(rt.o.defaults.renderTimeout)
    try {
      const result = await deadline.race(Promise.resolve().then(fn))
      if (result === TIMED_OUT) throw new Error(`no result within renderTimeout (${deadline.seconds} s)`)
      rt.flight.backoff.succeed(key.id)
      return result
    } catch (cause) {
      rt.flight.backoff.fail(key.id)
      rt.events.error(cachedCallError(o.name, cause), key.id, key.url)
      throw cause
    } finally {
      deadline.clear()
    }
  }

  /** A result that cannot be stored is reported (a stale value may still stand in for it), then thrown. */
  function encoded(o: Resolved, value: unknown, key: CallKey): Uint8Array {
    try {
      return encodeValue(o.name, value)
    } catch (error) {
      rt.events.error(error as Error, key.id, key.url)
      throw error
    }
  }

  /** Stale: the stored value now, one call in the background (none while a failing function backs off). */
  function refreshInBackground(o: Resolved, fn: () => unknown, args: unknown[], key: CallKey): void {
    if (flights.isRunning(key.id) || rt.flight.backoff.blocked(key.id)) return
    rt.track(lead(o, fn, args, key))
  }

  async function entryOf(o: Resolved, args: unknown[], key: CallKey, body: Uint8Array, createdAt: number) {
    const tags = await declaredTags(o, args, key.argsKey)
    return buildEntry({
      key: { id: key.id, url: key.url, path: key.path, headers: [] },
      response: { status: 200, headers: new Headers({ 'content-type': VALUE_CONTENT_TYPE }) },
      policy: {
        revalidate: o.revalidate ?? o.expire,
        expire: o.expire,
        staleIfError: o.staleIfError,
        tags,
        negative: false,
        readsCookies: false,
      },
      body,
      createdAt,
      buildId: rt.o.buildId,
      codings: rt.o.compress,
    })
  }

  /** A new copy of the stored value for each caller; a corrupt one is reported and read as missing. */
  function storedValue(entry: Entry): { value: unknown } | undefined {
    const decoded = decodeValue(chooseBody(entry, 'identity', rt.cache.store.account).bytes)
    if ('value' in decoded) return decoded
    rt.events.error(corruptEntryError(entry.meta.key, decoded.corrupt), entry.meta.key)
    return undefined
  }

  async function tagsOf(name: string, args: unknown[] | undefined): Promise<string[]> {
    v.nonEmptyString('revalidateCached(name)', name)
    if (!args) return [functionTag(name)]
    const key = defined.get(name)?.o.key ?? ((list: unknown[]) => argumentsKey(name, list))
    return [await callTag(name, key(args))]
  }

  return { cached, tagsOf }
}

/** A call's tags: the function's own, `fn:<name>` and its argument list's. */
async function declaredTags(o: Resolved, args: unknown[], argsKey = o.key(args)): Promise<string[]> {
  return [...new Set([...o.tags(args), functionTag(o.name), await callTag(o.name, argsKey)])]
}

async function keyOf(rt: Runtime, o: Resolved, args: unknown[]): Promise<CallKey> {
  const argsKey = o.key(args)
  const shown = argsKey.length > MAX_READABLE_KEY ? `#${await sha256Hex(argsKey)}` : argsKey
  const url = `fn:${o.name}(${shown})`
  return { id: `${rt.o.namespace}:${rt.o.buildId}:${url}`, path: functionTag(o.name), url, argsKey }
}

function timesOf(rt: Runtime, entry: Entry) {
  return rt.cache.invalidations.peek(entry.meta) ?? rt.cache.invalidations.times(entry.meta)
}

/**
 * A page rendering this call inherits its tags (the stored result's; in dev, those it would have) and, when
 * shorter, its `revalidate`.
 */
function contribute(scope: RenderScope | undefined, o: Resolved, tags: Iterable<string>): void {
  if (!scope) return
  for (const tag of tags) scope.tags.add(tag)
  if (o.revalidate !== undefined && o.revalidate < scope.revalidate) scope.revalidate = o.revalidate
}

const OPTION_KEYS = ['name', 'revalidate', 'expire', 'staleIfError', 'tags', 'key'] as const

function resolve(rt: Runtime, options: CachedOptions<unknown[]>): Resolved {
  const given = v.object('cached(fn, options)', options, OPTION_KEYS)
  const name = v.nonEmptyString('cached(fn, options).name', given.name)
  const at = (option: string) => `cached('${name}').${option}`
  const revalidate =
    given.revalidate === undefined || given.revalidate === false
      ? undefined
      : v.positiveSeconds(at('revalidate'), given.revalidate)
  // As for a page: never past the lifetime of the records that can invalidate it (docs/architecture.md
  // "Bounded storage"), and `expire` never below `revalidate`.
  const lifetime = rt.o.routes.maxLifetime
  const wanted = given.expire === undefined ? rt.o.defaults.expire : v.seconds(at('expire'), given.expire)
  const expire = Math.min(Math.max(wanted, revalidate ?? 0), lifetime)
  const staleIfError = Math.min(
    given.staleIfError === undefined ? rt.o.defaults.staleIfError : v.seconds(at('staleIfError'), given.staleIfError),
    lifetime - expire,
  )
  return {
    name,
    revalidate,
    expire,
    staleIfError,
    tags: resolveTags(given.tags, at('tags')),
    key: resolveKey(name, given.key, at('key')),
  }
}

function resolveTags(tags: unknown, at: string): (args: unknown[]) => string[] {
  if (tags === undefined) return () => []
  if (typeof tags === 'function') return (args) => v.stringList(`${at}(…)`, tags(...args), v.TAG, TAG_HINT)
  const list = v.stringList(at, tags, v.TAG, TAG_HINT)
  return () => list
}

function resolveKey(name: string, key: unknown, at: string): (args: unknown[]) => string {
  if (key === undefined) return (args) => argumentsKey(name, args)
  const make = v.fn<(...args: unknown[]) => unknown>(at, key)
  return (args) => {
    const made = make(...args)
    if (typeof made !== 'string') throw optionError(`${at}(…)`, 'a string', made)
    return made
  }
}
