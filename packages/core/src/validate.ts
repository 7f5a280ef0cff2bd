// Primitive checks for option validation. Each throws `optionError` naming the option's dotted path.
import { optionError, unknownOptionError } from './errors.ts'

export type Obj = Record<string, unknown>

export function isPlainObject(value: unknown): value is Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

export function object(path: string, value: unknown, allowed: readonly string[]): Obj {
  if (!isPlainObject(value)) throw optionError(path, 'an object', value)
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      const where = path === 'options' ? key : `${path}.${key}`
      throw unknownOptionError(where, allowed)
    }
  }
  return value
}

/** A finite number of seconds, at least 0 (or above it, when `positive`). */
function isSeconds(value: unknown, positive = false): value is number {
  return typeof value === 'number' && Number.isFinite(value) && (positive ? value > 0 : value >= 0)
}

export function seconds(path: string, value: unknown): number {
  if (!isSeconds(value)) throw optionError(path, 'a number of seconds >= 0', value)
  return value
}

export function positiveSeconds(path: string, value: unknown): number {
  if (!isSeconds(value, true)) throw optionError(path, 'a number of seconds > 0', value)
  return value
}

export function secondsOrFalse(path: string, value: unknown): number | false {
  if (value === false) return false
  if (!isSeconds(value)) throw optionError(path, 'a number of seconds >= 0, or false', value)
  return value
}

export function positiveInteger(path: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw optionError(path, 'a positive integer', value)
  }
  return value
}

export function nonEmptyString(path: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw optionError(path, 'a non-empty string', value)
  return value
}

export function stringList(path: string, value: unknown, pattern?: RegExp, expected?: string): string[] {
  if (!Array.isArray(value)) throw optionError(path, 'an array of strings', value)
  value.forEach((item, index) => {
    if (typeof item !== 'string' || item === '' || (pattern && !pattern.test(item))) {
      throw optionError(`${path}[${index}]`, expected ?? 'a non-empty string', item)
    }
  })
  return value as string[]
}

export function fn<T>(path: string, value: unknown): T {
  if (typeof value !== 'function') throw optionError(path, 'a function', value)
  return value as T
}

export function boolean(path: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw optionError(path, 'true or false', value)
  return value
}

/** RFC 9110 §5.1 field names: tokens. */
export const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
/** RFC 6265 §4.1.1 cookie names are tokens; `*` globs are allowed in lists. */
export const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
/** Tags: visible ASCII without commas (the `Cache-Tag` header is a comma list). */
export const TAG = /^[\x21-\x2b\x2d-\x7e]{1,256}$/

/** `'a', 'b' or 'c'`: the values an option takes, for its error. */
export function alternatives(values: readonly string[]): string {
  const quoted = values.map((value) => `'${value}'`)
  return quoted.length < 2 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`
}

export function oneOf<T extends string>(path: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw optionError(path, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value)
  return value as T
}

/**
 * `true` when `Listed` names every key of `T`, else a type naming those it misses: a list of option keys
 * kept beside an interface fails to compile when the interface grows (`const x: Exhaustive<…> = true`).
 */
export type Exhaustive<T, Listed> = [Exclude<keyof T, Listed>] extends [never]
  ? true
  : ['not listed', Exclude<keyof T, Listed>]
