// docs/architecture.md "Cached functions": what a cached call is keyed by (its arguments, serialized stably) and
// what it stores (its result, serialized with devalue, which keeps Date, Map, Set, BigInt, undefined, typed
// arrays and repeated references that JSON loses). Anything neither can hold is a clear error at the call,
// never a key that collides or an entry that reads back as something else.
import { parse, stringify } from 'devalue'
import { cachedArgumentError, cachedResultError } from './errors.ts'

/** The content type of a stored result: devalue's JSON (compressible, as JSON is). */
export const VALUE_CONTENT_TYPE = 'application/vnd.isrkit.devalue+json'

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

/**
 * The arguments as one string: equal for arguments a caller would call equal — object keys in any order,
 * Set members in any order — and different otherwise (`1` and `'1'`, `undefined` and `null`).
 */
export function argumentsKey(name: string, args: readonly unknown[]): string {
  return args
    .map((arg, index) => {
      try {
        return stringify(canonical(arg, `arguments[${index}]`, new Set()))
      } catch (cause) {
        throw cachedArgumentError(name, index, reasonOf(cause))
      }
    })
    .join(',')
}

/** Sorted where order carries no meaning, so the serialization depends on content alone. */
function canonical(value: unknown, at: string, seen: Set<object>): unknown {
  if (typeof value === 'function') throw new Error(`${at} is a function`)
  if (typeof value === 'symbol') throw new Error(`${at} is a symbol`)
  if (typeof value !== 'object' || value === null) return value
  if (seen.has(value)) throw new Error(`${at} refers back to itself`)
  seen.add(value)
  try {
    if (Array.isArray(value)) return value.map((item, i) => canonical(item, `${at}[${i}]`, seen))
    if (value instanceof Map) {
      const entries = [...value].map(([k, v]): [unknown, unknown] => [
        canonical(k, `${at} key`, seen),
        canonical(v, `${at} value`, seen),
      ])
      return new Map(entries.sort(([a], [b]) => compare(stringify(a), stringify(b))))
    }
    if (value instanceof Set) {
      const members = [...value].map((member) => canonical(member, `${at} member`, seen))
      return new Set(members.sort((a, b) => compare(stringify(a), stringify(b))))
    }
    if (!isPlainObject(value)) return value
    const sorted: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) {
      sorted[key] = canonical((value as Record<string, unknown>)[key], `${at}.${key}`, seen)
    }
    return sorted
  } finally {
    seen.delete(value)
  }
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** A result as stored bytes; a value devalue cannot hold (a function, a class instance) is an error. */
export function encodeValue(name: string, value: unknown): Uint8Array {
  try {
    return encoder.encode(stringify(value))
  } catch (cause) {
    throw cachedResultError(name, reasonOf(cause))
  }
}

/** Stored bytes back as the value: a new copy each call, so no caller can change what another receives. */
export function decodeValue(bytes: Uint8Array): { value: unknown } | { corrupt: string } {
  try {
    return { value: parse(decoder.decode(bytes)) }
  } catch (cause) {
    return { corrupt: `the stored result is not a devalue payload (${reasonOf(cause)})` }
  }
}

/** devalue names where in the value it failed (`error.path`, e.g. `.posts[2].author`). */
function reasonOf(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause)
  const path = (cause as { path?: unknown }).path
  return typeof path === 'string' && path !== '' ? `${cause.message} (at ${path})` : cause.message
}
