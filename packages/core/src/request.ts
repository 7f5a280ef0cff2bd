// Request flow 2–3: may this request be answered from the shared cache, and under which key?
// design.md flow 9: a request carrying a cookie the route neither keys nor ignores is rendered for that
// visitor alone (Varnish's default) unless the adapter can see whether renders read cookies.
import { parse as parseCookies } from 'cookie-es'
import { BYPASS_PARAM, buildKey, type CacheKey } from './key.ts'
import type { ResolvedOptions } from './options.ts'
import type { ResolvedRoute } from './routes.ts'
import type { HandleContext, RequestLike } from './types.ts'

export type Plan = { bypass: string } | CachePlan

export interface CachePlan {
  key: CacheKey
  route: ResolvedRoute
  head: boolean
  /** The visitor carries cookies the key does not hold: only entries whose render read no cookies serve them. */
  personal: boolean
  /** The render will see query parameters the key leaves out (see HandleContext.rendersOwnRequest). */
  unkeyedQuery: boolean
  /**
   * What the render is given: a GET of the normalized URL, without conditional headers or an abort signal;
   * cookies reduced to the keyed ones, unless the adapter observes cookie reads (then the render sees them all).
   */
  /** `shared`: a regeneration no visitor waits for carries only the keyed cookies, whatever the adapter sees. */
  renderRequest: (shared?: boolean) => Request
}

export const BYPASS_HEADER = 'x-isr-bypass'

const rawValue = (value: string) => value

/** `flags`: see HandleContext. Plans of a RequestLike that is not a Request must not render. */
export function planRequest(
  request: RequestLike,
  url: URL,
  o: ResolvedOptions,
  flags: Pick<HandleContext, 'observesCookies' | 'rendersOwnRequest' | 'routeId' | 'path'> = {},
): Plan {
  const observesCookies = flags.observesCookies ?? false
  const method = request.method
  if (method !== 'GET' && method !== 'HEAD') return { bypass: 'method' }
  if (o.dev) return { bypass: 'dev' }
  const headers = request.headers
  // RFC 9111 §3.5: a shared cache must not answer a request with credentials from a stored response.
  if (headers.has('authorization')) return { bypass: 'authorization' }
  if (
    o.bypassToken &&
    (sameText(url.searchParams.get(BYPASS_PARAM), o.bypassToken) || sameText(headers.get(BYPASS_HEADER), o.bypassToken))
  ) {
    return { bypass: 'draft' }
  }
  const cookieHeader = headers.get('cookie')
  const cookies = cookieHeader ? readCookies(cookieHeader) : EMPTY
  if (o.bypassCookies) for (const name of cookies.keys()) if (o.bypassCookies(name)) return { bypass: 'draft' }
  const route = o.routes.match(url.pathname, flags.routeId)
  if (route.bypass) return { bypass: 'route' }
  if (o.hosts && !o.hosts.has(url.hostname.toLowerCase())) return { bypass: 'host' }
  let personal = false
  for (const name of cookies.keys()) {
    if (!route.vary.cookies.includes(name) && !route.ignoreCookies(name)) personal = true
  }
  if (personal && !observesCookies) return { bypass: 'cookie' }
  const key = buildKey({
    url,
    headers,
    cookies,
    route,
    namespace: o.namespace,
    buildId: o.buildId,
    keyHost: o.hosts !== undefined,
    path: flags.path,
  })
  return {
    key,
    route,
    head: method === 'HEAD',
    personal,
    unkeyedQuery: (flags.rendersOwnRequest ?? false) && key.dropsParams,
    renderRequest: (shared = false) => renderRequest(request as Request, key, observesCookies && !shared),
  }
}

const EMPTY: ReadonlyMap<string, string> = new Map()

/** Compares every character whatever the first difference, so response times do not reveal the token. */
function sameText(given: string | null, expected: string): boolean {
  if (given === null || given.length !== expected.length) return false
  let diff = 0
  for (let i = 0; i < expected.length; i++) diff |= given.charCodeAt(i) ^ expected.charCodeAt(i)
  return diff === 0
}

/** Raw values: the key and the replayed Cookie header must carry exactly what the browser sent. */
function readCookies(header: string): ReadonlyMap<string, string> {
  const jar = new Map<string, string>()
  for (const [name, value] of Object.entries(parseCookies(header, { decode: rawValue }))) {
    if (value !== undefined) jar.set(name, value)
  }
  return jar
}

function renderRequest(request: Request, key: CacheKey, keepCookies: boolean): Request {
  const headers = new Headers(request.headers)
  if (!keepCookies) headers.delete('cookie')
  // Conditional headers belong to the visitor's copy, not to the render that fills the cache.
  headers.delete('if-none-match')
  headers.delete('if-modified-since')
  // One stored body serves every visitor: it must be the identity encoding, whatever this visitor accepts.
  headers.delete('accept-encoding')
  if (!keepCookies) for (const [name, value] of key.headers) if (name === 'cookie') headers.set(name, value)
  return new Request(key.url, { method: 'GET', headers })
}
