// docs/architecture.md "The request flow" 4–7: what an entry may still be used for, at `now`, given its tags' and path's invalidations.
import type { EntryMeta } from './entry.ts'
import type { InvalidationTimes } from './tags.ts'

/**
 * fresh: serve (HIT). stale: serve and regenerate in the background (STALE). expired: render now, and stand
 * in only if that fails (stale-if-error). gone: never serve.
 */
export type Freshness = 'fresh' | 'stale' | 'expired' | 'gone'

/** What classify reads of an entry (an index item carries the same). */
export type Timed = Pick<EntryMeta, 'createdAt' | 'revalidateAt' | 'expireAt' | 'staleIfErrorAt' | 'status'>

export function classify(meta: Timed, now: number, times: InvalidationTimes): Freshness {
  // An invalidation in the same millisecond as the render's start may have missed the new data: stale.
  if (times.purge > 0 && times.purge >= meta.createdAt) return 'gone'
  if (now >= meta.staleIfErrorAt) return 'gone'
  // Negative entries are never served stale, so a page that appears is seen at once.
  const negative = isNegative(meta)
  if (now >= meta.expireAt) return negative ? 'gone' : 'expired'
  const invalidated = times.stale > 0 && times.stale >= meta.createdAt
  if (invalidated || now >= meta.revalidateAt) return negative ? 'gone' : 'stale'
  return 'fresh'
}

export function isNegative(meta: Pick<EntryMeta, 'status'>): boolean {
  return meta.status === 404 || meta.status === 410
}

/** Seconds of freshness left (negative once stale), for Cache-Status `ttl` (RFC 9211 §2.5). */
export function ttlOf(meta: EntryMeta, now: number): number {
  return Math.floor((meta.revalidateAt - now) / 1000)
}
