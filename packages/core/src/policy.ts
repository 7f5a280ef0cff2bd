// docs/architecture.md "Policy" and request flow 8: whether a render may be stored, and for how long.
// The page's own headers win over route rules, which win over the global default.
import { parse as parseCacheControl } from '@tusbar/cache-control'
import type { ResolvedRoute } from './routes.ts'
import type { RenderScope } from './scope.ts'
import { TAG } from './validate.ts'

export interface Policy {
  revalidate: number
  expire: number
  staleIfError: number
  tags: string[]
  /** A cached 404/410: short-lived and never served stale, so it heals as soon as the page exists. */
  negative: boolean
  /** The render read the request's cookies (it had none the key does not hold): it serves only such visitors. */
  readsCookies: boolean
}

/**
 * A page is never fresher than the data it shows: it takes the tags of the cached calls it made and the
 * shortest of their `revalidate` (docs/architecture.md "Cached functions"). `expire` stays, being longer.
 */
export function inherit(policy: Policy, used: Pick<RenderScope, 'tags' | 'revalidate'>): Policy {
  if (used.tags.size === 0 && used.revalidate >= policy.revalidate) return policy
  const tags = used.tags.size === 0 ? policy.tags : [...new Set([...policy.tags, ...used.tags])]
  return { ...policy, tags, revalidate: Math.min(policy.revalidate, used.revalidate) }
}

export type Decision = { store: true; policy: Policy } | { store: false; reason: string }

/** RFC 9111 §3 heuristically cacheable codes a page may reasonably ask to share, 404/410 as negative entries. */
const CACHEABLE = new Set([200, 203, 300, 301, 308, 404, 410])
const NEGATIVE = new Set([404, 410])

/** Adapters that know a render may not be shared set this internal header (its value is the reason). */
export const UNCACHEABLE_HEADER = 'x-isr-uncacheable'
/**
 * Adapters that observe reads (reads.ts) list on a render what it read of the visitor's request:
 * `x-isr-read: cookie, accept-language` (`*`: it walked every header).
 */
export const READ_HEADER = 'x-isr-read'
/** Headers a render may read without depending on more than its key: the origin is keyed (key.ts). */
const KEYED_READS = new Set(['host'])
const MAX_TAGS = 64

/** Reasons that speak of this request (its cookies, headers, URL), not of the page: they never remove its entry. */
const REQUEST_SPECIFIC = new Set(['cookie-read', 'unkeyed-query', 'unkeyed-origin'])

export function speaksOfRequest(reason: string): boolean {
  return REQUEST_SPECIFIC.has(reason) || reason.startsWith(HEADER_READ)
}

/** `read-<header>` (or `read-*`): the render read a request header its key does not hold. */
export const HEADER_READ = 'read-'

export interface DecideInput {
  response: Response
  route: ResolvedRoute
  notFoundRevalidate: number
  maxEntryBytes: number
  /** The request carried cookies the key does not hold (see CachePlan.personal). */
  personal?: boolean
  /** The render saw what the key does not hold (see CachePlan.unkeyed): the reason. */
  unkeyed?: string | undefined
  /** Seconds no entry may outlive, whatever its page asks (see CompiledRoutes.maxLifetime). */
  maxLifetime?: number
}

export function decide(input: DecideInput): Decision {
  const { response, route, notFoundRevalidate, maxEntryBytes, personal = false } = input
  const h = response.headers
  if (!CACHEABLE.has(response.status)) return { store: false, reason: `status-${response.status}` }
  // Request flow 9: never store a render that may show something outside the key.
  if (input.unkeyed) return { store: false, reason: input.unkeyed }
  const marked = h.get(UNCACHEABLE_HEADER)
  if (marked) return { store: false, reason: marked }
  const reads = readNames(h.get(READ_HEADER))
  const readsCookies = reads.includes('cookie')
  // Request flow 9: a render that read this visitor's cookies is this visitor's page.
  if (readsCookies && personal) return { store: false, reason: 'cookie-read' }
  // docs/architecture.md "What reaches a render": so is one that read a header the key does not hold.
  const unkeyed = reads.find(
    (name) => name !== 'cookie' && !KEYED_READS.has(name) && !route.vary.headers.includes(name),
  )
  if (unkeyed) return { store: false, reason: `${HEADER_READ}${unkeyed}` }
  if (h.has('set-cookie')) return { store: false, reason: 'set-cookie' }
  const varyProblem = checkVary(h.get('vary'), route)
  if (varyProblem) return { store: false, reason: varyProblem }
  const length = Number(h.get('content-length') ?? Number.NaN)
  if (length > maxEntryBytes) return { store: false, reason: 'too-large' }
  const stated = pagePolicy(h)
  if (stated === 'refused') return { store: false, reason: 'cache-control' }
  const revalidate = stated?.revalidate ?? route.revalidate
  if (revalidate === false) return { store: false, reason: 'no-policy' }
  const negative = NEGATIVE.has(response.status)
  const lifetime = input.maxLifetime ?? Number.POSITIVE_INFINITY
  const fresh = Math.min(negative ? Math.min(revalidate, notFoundRevalidate) : revalidate, lifetime)
  // Also `notFoundRevalidate: 0`: an entry that is gone the moment it is written is not worth the write.
  if (fresh === 0) return { store: false, reason: 'max-age-0' }
  const expire = negative ? fresh : Math.min(Math.max(stated?.expire ?? route.expire, fresh), lifetime)
  return {
    store: true,
    policy: {
      revalidate: fresh,
      expire,
      staleIfError: negative ? 0 : Math.min(stated?.staleIfError ?? route.staleIfError, lifetime - expire),
      tags: mergeTags(route.tags, h.get('cache-tag')),
      negative,
      readsCookies,
    },
  }
}

function readNames(header: string | null): string[] {
  if (!header) return []
  return header.split(',').flatMap((name) => {
    const trimmed = name.trim().toLowerCase()
    return trimmed ? [trimmed] : []
  })
}

interface StatedPolicy {
  revalidate: number | undefined
  expire: number | undefined
  staleIfError: number | undefined
}

/**
 * RFC 9213: `CDN-Cache-Control`, when present, is the whole policy for a shared cache such as isrkit;
 * otherwise `Cache-Control` as a shared cache reads it (RFC 9111 §5.2.2.10: s-maxage over max-age).
 */
export function pagePolicy(headers: Headers): StatedPolicy | 'refused' | undefined {
  const targeted = headers.get('cdn-cache-control')
  const header = targeted ?? headers.get('cache-control')
  if (!header) return undefined
  const cc = parseCacheControl(header)
  if (cc.noStore || cc.private || cc.noCache) return 'refused'
  const revalidate = targeted ? (cc.maxAge ?? cc.sharedMaxAge) : (cc.sharedMaxAge ?? cc.maxAge)
  if (revalidate === null || revalidate === undefined) {
    if (cc.staleWhileRevalidate === null && cc.staleIfError === null) return undefined
  }
  const fresh = revalidate ?? undefined
  return {
    revalidate: fresh,
    expire: cc.staleWhileRevalidate === null || fresh === undefined ? undefined : fresh + cc.staleWhileRevalidate,
    staleIfError: cc.staleIfError ?? undefined,
  }
}

/** RFC 9110 §12.5.5: a response varying on something isrkit does not key would be served to the wrong visitor. */
function checkVary(vary: string | null, route: ResolvedRoute): string | undefined {
  if (!vary) return undefined
  for (const raw of vary.split(',')) {
    const name = raw.trim().toLowerCase()
    if (name === '' || name === 'accept-encoding') continue
    if (name === '*') return 'vary-star'
    if (name === 'cookie' ? route.vary.cookies.length === 0 : !route.vary.headers.includes(name)) {
      return `vary-${name}`
    }
  }
  return undefined
}

function mergeTags(routeTags: readonly string[], header: string | null): string[] {
  const tags = new Set(routeTags)
  if (header) {
    for (const raw of header.split(',')) {
      const tag = raw.trim()
      if (TAG.test(tag)) tags.add(tag)
    }
  }
  return [...tags].slice(0, MAX_TAGS)
}
