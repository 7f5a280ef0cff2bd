// docs/architecture.md "The request flow" 2–3: may this request be answered from the shared cache, and
// under which key? Flow 9: a request carrying a cookie the route neither keys nor ignores is rendered for that
// visitor alone (Varnish's default) unless the adapter can see whether renders read cookies.
// docs/architecture.md "What reaches a render": a render isrkit controls gets the keyed URL, the keyed
// cookies and vary headers, and the keyed origin as host — nothing else of the visitor's request.
import { parse as parseCookies } from 'cookie-es'
import { BYPASS_PARAM } from './defaults.ts'
import { buildKey, type CacheKey } from './key.ts'
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
  /**
   * Why a render of this request may show what the key does not hold (see HandleContext.rendersOwnRequest):
   * query parameters the key leaves out, or an origin other than the canonical one. Such a render is served,
   * never stored.
   */
  unkeyed: 'unkeyed-query' | 'unkeyed-origin' | undefined
  /**
   * What the render is given: a GET of the keyed URL with only what the key holds (see renderHeaders); all the
   * visitor's cookies when the adapter observes cookie reads, unless `shared`: a regeneration no visitor
   * waits for carries only the keyed cookies, whatever the adapter sees.
   */
  renderRequest: (shared?: boolean, signal?: AbortSignal) => Request
}

export const BYPASS_HEADER = 'x-isr-bypass'

const rawValue = (value: string) => value

export type PlanFlags = Pick<
  HandleContext,
  'observesCookies' | 'rendersOwnRequest' | 'rendersOwnOrigin' | 'routeId' | 'path' | 'target'
>

/** `flags`: see HandleContext. Plans of a RequestLike that is not a Request must not render. */
export function planRequest(request: RequestLike, url: URL, o: ResolvedOptions, flags: PlanFlags = {}): Plan {
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
  if (o.hosts && !o.hosts.has(url.hostname)) return { bypass: 'host' }
  // The app routes the raw target: a render of `/a/../b` is not the page of `/b`, whatever the key says.
  if (flags.target !== undefined && rawPath(flags.target) !== url.pathname) return { bypass: 'raw-url' }
  let personal = false
  for (const name of cookies.keys()) {
    if (!route.vary.cookies.includes(name) && !route.ignoreCookies(name)) personal = true
  }
  if (personal && !observesCookies) return { bypass: 'cookie' }
  const origin = keyedOrigin(url, o)
  const key = buildKey({
    url,
    headers,
    cookies,
    route,
    namespace: o.namespace,
    buildId: o.buildId,
    origin,
    path: flags.path,
  })
  return {
    key,
    route,
    head: method === 'HEAD',
    personal,
    unkeyed: unkeyedBy(url, key, origin, flags),
    renderRequest: (shared = false, signal?: AbortSignal) =>
      renderRequest(request as Request, key, observesCookies && !shared, signal),
  }
}

/**
 * docs/architecture.md "Origins": with `hosts`, each allowed origin (scheme, host, port) has entries of its
 * own; else the canonical `origin` when configured; else the request's own origin, so a forged Host only
 * ever reaches entries that requests with that same Host get.
 */
function keyedOrigin(url: URL, o: ResolvedOptions): string {
  return o.hosts || !o.origin ? url.origin : o.origin
}

/** What a render of the visitor's own request may show beyond its key. */
function unkeyedBy(url: URL, key: CacheKey, origin: string, flags: PlanFlags): CachePlan['unkeyed'] {
  if (flags.rendersOwnOrigin && url.origin !== origin) return 'unkeyed-origin'
  return flags.rendersOwnRequest && key.dropsParams ? 'unkeyed-query' : undefined
}

/** The path of a request-target as received (origin-form or absolute-form, RFC 9112 §3.2), not resolved. */
export function rawPath(target: string): string {
  let start = 0
  if (!target.startsWith('/')) {
    const authority = target.indexOf('//')
    start = authority < 0 ? -1 : target.indexOf('/', authority + 2)
    if (start < 0) return '/'
  }
  const end = target.indexOf('?', start)
  return end < 0 ? target.slice(start) : target.slice(start, end)
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
export function readCookies(header: string): ReadonlyMap<string, string> {
  const jar = new Map<string, string>()
  for (const [name, value] of Object.entries(parseCookies(header, { decode: rawValue }))) {
    if (value !== undefined) jar.set(name, value)
  }
  return jar
}

function renderRequest(request: Request, key: CacheKey, keepCookies: boolean, signal?: AbortSignal): Request {
  const headers = renderHeaders(key)
  const cookie = request.headers.get('cookie')
  if (keepCookies && cookie) headers.set('cookie', cookie)
  return new Request(key.url, { method: 'GET', headers, signal })
}

/**
 * The headers of a render isrkit controls: the vary headers and keyed cookies the key holds, and the keyed
 * origin as `host`, `x-forwarded-host` and `x-forwarded-proto` (so an app that trusts a proxy renders the
 * same origin). No visitor's Accept-Language, forwarded headers, validators or encodings reach it.
 */
export function renderHeaders(key: CacheKey): Headers {
  const headers = new Headers(key.headers)
  const url = new URL(key.url)
  headers.set('host', url.host)
  headers.set('x-forwarded-host', url.host)
  headers.set('x-forwarded-proto', url.protocol.slice(0, -1))
  return headers
}
