// docs/architecture.md "Headers it emits": for a CDN in front, the entry's own policy in the CDN's header dialect —
// a targeted cache control (RFC 9213 `CDN-Cache-Control`, or the vendor's) and the entry's tags in the header
// the vendor purges by. The browser keeps `browserCacheControl` (`max-age=0, must-revalidate` by default).
import type { EntryMeta } from './entry.ts'
import type { CdnDialect } from './types.ts'

interface Dialect {
  control: string
  /** Directives before max-age / stale-while-revalidate. */
  prefix: string
  /** Netlify reads `s-maxage` in its own header; the others take RFC 9213's `max-age`. */
  maxAge: 'max-age' | 's-maxage'
  tag: string
  separator: string
}

export const DIALECTS: Record<CdnDialect, Dialect> = {
  // RFC 9213 §2: CDN-Cache-Control; Cache-Tag as Cloudflare and Akamai read it.
  standard: { control: 'cdn-cache-control', prefix: '', maxAge: 'max-age', tag: 'cache-tag', separator: ',' },
  vercel: {
    control: 'vercel-cdn-cache-control',
    prefix: '',
    maxAge: 'max-age',
    tag: 'vercel-cache-tag',
    separator: ',',
  },
  // `durable` keeps the object in Netlify's shared durable cache, not only the edge node's.
  netlify: {
    control: 'netlify-cdn-cache-control',
    prefix: 'public, durable, ',
    maxAge: 's-maxage',
    tag: 'netlify-cache-tag',
    separator: ',',
  },
  cloudflare: {
    control: 'cloudflare-cdn-cache-control',
    prefix: '',
    maxAge: 'max-age',
    tag: 'cache-tag',
    separator: ',',
  },
  // Fastly's Surrogate-Key is space-separated.
  fastly: { control: 'surrogate-control', prefix: '', maxAge: 'max-age', tag: 'surrogate-key', separator: ' ' },
}

export const CDN_NAMES = Object.keys(DIALECTS) as CdnDialect[]

/** What a CDN needs of an entry: its times, its tags, and whether one copy may serve every visitor. */
export type CdnInput = Pick<EntryMeta, 'createdAt' | 'revalidateAt' | 'expireAt' | 'tags' | 'readsCookies'> & {
  /** Vary values the key holds (headers, cookies): a CDN keying by URL alone would mix them up. */
  varies: boolean
}

/**
 * The CDN headers for an entry served now. Lifetimes are counted from the render, as `Age` is sent beside
 * them (RFC 9111 §4.2.3); a stale answer says so with max-age=0 so the CDN revalidates too. Nothing is
 * emitted for an entry a CDN could not key correctly: the browser's `max-age=0` then keeps it uncached there.
 */
export function cdnHeaders(dialect: CdnDialect, meta: CdnInput, stale: boolean): [string, string][] {
  if (meta.readsCookies || meta.varies) return []
  const d = DIALECTS[dialect]
  const lifetime = stale ? 0 : seconds(meta.revalidateAt - meta.createdAt)
  const swr = seconds(meta.expireAt - meta.revalidateAt)
  const control = `${d.prefix}${d.maxAge}=${lifetime}${swr > 0 ? `, stale-while-revalidate=${swr}` : ''}`
  const out: [string, string][] = [[d.control, control]]
  if (meta.tags.length > 0) out.push([d.tag, meta.tags.join(d.separator)])
  return out
}

function seconds(ms: number): number {
  return Math.max(0, Math.floor(ms / 1000))
}
