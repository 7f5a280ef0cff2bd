// Whether options can be stored as JSON (an Astro build manifest, a config file), and where they cannot:
// functions, class instances (an unstorage Storage among them), non-finite numbers, symbols, bigints.
import { optionPath } from './credentials.ts'

export interface Unserializable {
  /** The option's path, as option errors name it. */
  path: string
  /** What is there, in words: 'a function', 'an instance of Map', 'NaN'. */
  what: string
}

/** The first value under `path` that JSON would not keep as it is; undefined when all is plain data. */
export function findUnserializable(value: unknown, path: string): Unserializable | undefined {
  if (value === null || value === undefined) return undefined
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined
    case 'number':
      return Number.isFinite(value) ? undefined : { path, what: String(value) }
    case 'function':
      return { path, what: 'a function' }
    case 'object':
      break
    default:
      return { path, what: `a ${typeof value}` }
  }
  if (Array.isArray(value)) return first(value.map((item, index) => [`${path}[${index}]`, item]))
  if (isStorageLike(value)) return { path, what: 'an unstorage Storage' }
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) {
    return { path, what: `an instance of ${(value as object).constructor?.name ?? 'a class'}` }
  }
  return first(Object.entries(value).map(([key, item]) => [optionPath(path, key), item]))
}

function first(entries: [string, unknown][]): Unserializable | undefined {
  for (const [path, item] of entries) {
    const found = findUnserializable(item, path)
    if (found) return found
  }
  return undefined
}

/** unstorage's createStorage() returns a plain object of methods, not a class instance. */
function isStorageLike(value: object): boolean {
  const s = value as Record<string, unknown>
  return typeof s.getItem === 'function' && typeof s.setItem === 'function'
}
