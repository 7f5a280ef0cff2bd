// The page states its own policy the Kit way: `setHeaders` from a load function or action. This types it.
import { cacheOptionError } from './errors.ts'

export interface CacheOptions {
  /** Seconds the page is fresh (`s-maxage`). */
  revalidate: number
  /** Seconds past that it may be served stale while it regenerates (`stale-while-revalidate`). */
  swr?: number
  /** Tags for `revalidateTag` (`Cache-Tag`). */
  tags?: string[]
}

/**
 * `cache(event, { revalidate: 60, swr: 600, tags: ['post:42'] })` in a load function: sets `Cache-Control:
 * s-maxage=60, stale-while-revalidate=600` and `Cache-Tag: post:42` through `event.setHeaders`. Like
 * `setHeaders`, it may be called once per request.
 */
export function cache(event: { setHeaders(headers: Record<string, string>): void }, options: CacheOptions): void {
  const { revalidate, swr, tags } = options
  if (!Number.isInteger(revalidate) || revalidate < 0)
    throw cacheOptionError('revalidate', 'whole seconds >= 0', revalidate)
  if (swr !== undefined && (!Number.isInteger(swr) || swr < 0)) throw cacheOptionError('swr', 'whole seconds >= 0', swr)
  const bad = tags?.find((tag) => typeof tag !== 'string' || !/^[\x21-\x2b\x2d-\x7e]{1,256}$/.test(tag))
  if (bad !== undefined) throw cacheOptionError('tags', 'tags of visible characters without commas', bad)
  const headers: Record<string, string> = {
    'cache-control':
      swr === undefined ? `s-maxage=${revalidate}` : `s-maxage=${revalidate}, stale-while-revalidate=${swr}`,
  }
  if (tags && tags.length > 0) headers['cache-tag'] = tags.join(', ')
  event.setHeaders(headers)
}
