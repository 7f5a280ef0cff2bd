// The page states its own policy the Kit way: `setHeaders` from a load function or action, with the headers
// core's `cacheHeaders` writes.
import { type CacheHeaderOptions, cacheHeaders } from '@isrkit/core'
import { cacheHeadersProblem } from '@isrkit/core/adapter'
import { cacheOptionError } from './errors.ts'

export type CacheOptions = CacheHeaderOptions

/**
 * `cache(event, { revalidate: 60, swr: 600, tags: ['post:42'] })` in a load function: sets `Cache-Control:
 * s-maxage=60, stale-while-revalidate=600` and `Cache-Tag: post:42` through `event.setHeaders`. Like
 * `setHeaders`, it may be called once per request.
 */
export function cache(event: { setHeaders(headers: Record<string, string>): void }, options: CacheOptions): void {
  const problem = cacheHeadersProblem(options)
  if (problem) throw cacheOptionError(problem.option, problem.expected, problem.received)
  event.setHeaders(cacheHeaders(options))
}
