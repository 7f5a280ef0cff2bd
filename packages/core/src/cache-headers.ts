// A page states its own policy in response headers (docs/architecture.md "Policy"): these write them the
// way `pagePolicy` (policy.ts) reads them, for any framework that lets a page set headers.
import { cacheHeadersError } from './errors.ts'
import { TAG } from './validate.ts'

export interface CacheHeaderOptions {
  /** Seconds the page is fresh (`s-maxage`). */
  revalidate: number
  /** Seconds past that it may be served stale while it regenerates (`stale-while-revalidate`). */
  swr?: number
  /** Tags for `revalidateTag` (`Cache-Tag`). */
  tags?: string[]
}

/** What is wrong with options for `cacheHeaders`, naming the option, or undefined when nothing is. */
export interface CacheHeadersProblem {
  option: keyof CacheHeaderOptions
  expected: string
  received: unknown
}

/**
 * `cacheHeaders({ revalidate: 60, swr: 600, tags: ['post:42'] })` →
 * `{ 'cache-control': 's-maxage=60, stale-while-revalidate=600', 'cache-tag': 'post:42' }`, to set on a
 * page's response. Throws `ISROptionError` naming a bad option.
 */
export function cacheHeaders(options: CacheHeaderOptions): Record<string, string> {
  const problem = cacheHeadersProblem(options)
  if (problem) throw cacheHeadersError(problem.option, problem.expected, problem.received)
  const { revalidate, swr, tags } = options
  const headers: Record<string, string> = {
    'cache-control':
      swr === undefined ? `s-maxage=${revalidate}` : `s-maxage=${revalidate}, stale-while-revalidate=${swr}`,
  }
  if (tags && tags.length > 0) headers['cache-tag'] = tags.join(', ')
  return headers
}

export function cacheHeadersProblem(options: CacheHeaderOptions): CacheHeadersProblem | undefined {
  const { revalidate, swr, tags } = options
  const seconds = 'whole seconds >= 0'
  if (!isSeconds(revalidate)) return { option: 'revalidate', expected: seconds, received: revalidate }
  if (swr !== undefined && !isSeconds(swr)) return { option: 'swr', expected: seconds, received: swr }
  const bad = tags?.find((tag) => typeof tag !== 'string' || !TAG.test(tag))
  if (bad !== undefined) return { option: 'tags', expected: 'tags of visible characters without commas', received: bad }
  return undefined
}

function isSeconds(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 0
}
