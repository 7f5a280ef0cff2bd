// What isrkit uses of SvelteKit's RequestEvent, typed here so one build serves Kit 2 (`Handle` from
// `@sveltejs/kit`) and Kit 3 (`Handle` from `@sveltejs/kit/hooks`): Kit's own event satisfies it.
import { type SocketLike, socketOrigin } from '@isrkit/core/adapter'

export interface KitCookies {
  get(name: string, opts?: never): string | undefined
  getAll(opts?: never): { name: string; value: string }[]
}

export interface KitEvent {
  readonly request: Request
  readonly url: URL
  readonly route: { readonly id: string | null }
  readonly cookies: KitCookies
  readonly platform?: unknown
  readonly isDataRequest: boolean
  readonly isSubRequest: boolean
  /** Kit ≥ 2.27; older versions are recognized by the `/_app/remote/` path. */
  readonly isRemoteRequest?: boolean
  readonly fetch: typeof fetch
  setHeaders(headers: Record<string, string>): void
}

export type KitResolve<E extends KitEvent> = (event: E, opts?: never) => Response | Promise<Response>

/** Assignable to Kit 2's and Kit 3's `Handle` (the event type is inferred from Kit's). */
export type KitHandle = <E extends KitEvent>(input: { event: E; resolve: KitResolve<E> }) => Promise<Response>

/** Kit sends data requests this header unless the page said otherwise: it is Kit's default, not the page's word. */
export const KIT_DATA_DEFAULT_CACHE_CONTROL = 'private, no-store'

export function isRemoteRequest(event: KitEvent): boolean {
  return event.isRemoteRequest ?? event.url.pathname.includes('/_app/remote/')
}

/** What Kit's client adds to the query of its data requests, and Kit strips before any hook runs. */
const DATA_REQUEST_PARAMS = new Set(['x-sveltekit-invalidated', 'x-sveltekit-trailing-slash'])

/**
 * Whether the query names a parameter Kit reserves (`x-sveltekit-*`), other than a data request's own: Kit 3
 * answers such a request 400 before any hook runs.
 */
export function reservesParams(url: URL): boolean {
  if (url.search === '') return false
  const data = url.pathname.endsWith('/__data.json') || url.pathname.endsWith('.html__data.json')
  for (const name of url.searchParams.keys()) {
    if (name.startsWith('x-sveltekit-') && !(data && DATA_REQUEST_PARAMS.has(name))) return true
  }
  return false
}

/** Cloudflare's `platform.ctx` (Kit 3, and Kit 2's adapter) or the older `platform.context`. */
export function waitUntilOf(platform: unknown): ((promise: Promise<unknown>) => void) | undefined {
  const p = platform as { ctx?: WaitUntilHolder; context?: WaitUntilHolder } | undefined
  const holder = p?.ctx ?? p?.context
  return typeof holder?.waitUntil === 'function' ? (promise) => holder.waitUntil?.(promise) : undefined
}

interface WaitUntilHolder {
  waitUntil?(promise: Promise<unknown>): void
}

/**
 * adapter-node puts the request's socket on `platform.req`: its local address is where this server reaches
 * itself (never the Host header, which a visitor chooses).
 */
export function ownOrigin(platform: unknown): string | undefined {
  return socketOrigin((platform as { req?: { socket?: SocketLike } } | undefined)?.req?.socket)
}
