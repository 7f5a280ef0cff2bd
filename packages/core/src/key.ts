// docs/architecture.md "Keys": <namespace>:<buildId>:<origin><pathname>[?<normalized query>]#<vary values>.
// The render sees the normalized URL, so what it produces depends only on what the key holds. The origin
// (scheme, host and port) is the one the entry is rendered for: the canonical `origin`, or the request's own
// (docs/architecture.md "Origins").
import { BYPASS_PARAM } from './defaults.ts'
import type { ResolvedRoute } from './routes.ts'

export interface CacheKey {
  /** The readable key; the memory tier's key and the `key` in every event. */
  id: string
  /** The pathname without a trailing slash, whatever the origin: what path invalidations and variant caps count. */
  path: string
  /** The URL the render is given: tracking and excluded parameters dropped, the rest sorted. */
  url: string
  /** Request header values this key holds (vary headers, and a Cookie header of the vary cookies). */
  headers: [string, string][]
  /** The request's query had parameters the key leaves out (tracking, excluded, or not included). */
  dropsParams: boolean
  /** The route varies on request headers or cookies: one URL, several pages. */
  varies: boolean
}

export interface KeyInput {
  url: URL
  headers: { get(name: string): string | null }
  cookies: ReadonlyMap<string, string>
  route: ResolvedRoute
  namespace: string
  buildId: string
  /** The origin the entry is rendered for (scheme://host:port). */
  origin: string
  /** The page the request belongs to, when not its own pathname (see HandleContext.path). */
  path?: string | undefined
}

export function buildKey(input: KeyInput): CacheKey {
  const { url, route, origin } = input
  const { query, dropped } = keptQuery(url.searchParams, route)
  const vary = varyValues(input.headers, input.cookies, route)
  const target = `${origin}${url.pathname}${query ? `?${query}` : ''}`
  return {
    id: `${input.namespace}:${input.buildId}:${target}#${vary.fragment}`,
    path: pathKey(input.path ?? url.pathname),
    url: target,
    headers: vary.headers,
    dropsParams: dropped,
    varies: vary.fragment !== '',
  }
}

/**
 * Path invalidations cover `/blog` and `/blog/` alike (frameworks differ on trailing slashes), on every
 * origin the page is stored for.
 */
export function pathKey(pathname: string): string {
  return pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname
}

/** Sorted by name then value; only parameters that can change the page are kept. */
export function normalizeQuery(params: URLSearchParams, route: ResolvedRoute): string {
  return keptQuery(params, route).query
}

function keptQuery(params: URLSearchParams, route: ResolvedRoute): { query: string; dropped: boolean } {
  const { include, exclude } = route.query
  const kept: [string, string][] = []
  let dropped = false
  for (const [name, value] of params) {
    if (name !== BYPASS_PARAM && (include ? include(name) : !exclude(name))) kept.push([name, value])
    else dropped = true
  }
  if (kept.length === 0) return { query: '', dropped }
  kept.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
  return { query: new URLSearchParams(kept).toString(), dropped }
}

function varyValues(headers: KeyInput['headers'], cookies: ReadonlyMap<string, string>, route: ResolvedRoute) {
  const parts: string[] = []
  const replay: [string, string][] = []
  for (const name of route.vary.headers) {
    // Absent and empty are different requests: `h.x` versus `h.x=`.
    const value = headers.get(name)
    parts.push(value === null ? `h.${name}` : `h.${name}=${encodeURIComponent(value)}`)
    if (value !== null) replay.push([name, value])
  }
  const jar: string[] = []
  for (const name of route.vary.cookies) {
    const value = cookies.get(name)
    parts.push(value === undefined ? `c.${name}` : `c.${name}=${encodeURIComponent(value)}`)
    if (value !== undefined) jar.push(`${name}=${value}`)
  }
  if (jar.length > 0) replay.push(['cookie', jar.join('; ')])
  return { fragment: parts.join('&'), headers: replay }
}

/** A storage key: readable prefix (fs drivers make it a directory) plus a hash of the whole key. */
export async function storageKey(namespace: string, kind: 'e' | 'p' | 't', buildId: string, id: string, label: string) {
  const hash = await sha256Hex(id)
  const scope = kind === 'e' ? `:${buildId || '_'}` : ''
  return `${namespace}${scope}:${kind}:${slug(label)}${hash.slice(0, 32)}`
}

/** Keeps characters every unstorage driver accepts in a key; unstorage itself splits on `:` `/` and drops `?`. */
function slug(label: string): string {
  const s = label
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[_.]+/, '')
    .slice(0, 48)
  return s ? `${s}.` : ''
}

const encoder = new TextEncoder()

export async function sha256Hex(text: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text))))
}

export function toHex(bytes: Uint8Array): string {
  let out = ''
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0')
  return out
}
