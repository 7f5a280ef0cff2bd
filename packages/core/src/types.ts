// Public types of @isrkit/core. See packages/core/README.md for the meaning of each option.
import type { Storage } from 'unstorage'

/** Per-route policy. `false` as a rule means: never cache this route (it bypasses isrkit). */
export interface RouteRule {
  /** Seconds an entry is fresh; `false` to not cache unless the page asks. */
  revalidate?: number | false
  /** Seconds from rendering after which an entry is not served at all, not even stale. */
  expire?: number
  /** Seconds past `expire` an entry may still stand in when rendering fails. */
  staleIfError?: number
  /** Seconds this route's renders may take, to their last byte, before they count as failed. */
  renderTimeout?: number
  /** Tags added to every entry of the route, for `revalidateTag`. */
  tags?: string[]
  /** Query parameters that make a variant, for this route (overrides the global `query`). */
  query?: QueryOptions
  /** Request headers and cookies this route's pages depend on (added to the global `vary`). */
  vary?: VaryOptions
  /** `true`: this route's pages never read cookies, so requests carrying cookies are served from the cache. */
  ignoreCookies?: true | string[]
}

export type RouteRules = Record<string, RouteRule | false>

export interface QueryOptions {
  /** Only these parameters (names or `prefix*` globs) make a variant; all others are dropped. */
  include?: string[]
  /** These parameters (names or `prefix*` globs) are dropped, on top of the tracking parameters. */
  exclude?: string[]
  /** At most this many variants (query strings and vary values) of one path are stored. Default 64. */
  maxVariants?: number
}

export interface VaryOptions {
  /** Request header names whose values make a variant. */
  headers?: string[]
  /** Cookie names whose values make a variant. */
  cookies?: string[]
}

export interface BypassOptions {
  /** A request carrying any of these cookies (draft/preview mode) is rendered fresh and never stored. */
  cookies?: string[]
  /** A request with `?__isr_bypass=<token>` or header `x-isr-bypass: <token>` is rendered fresh and never stored. */
  token?: string
}

/** A storage driver by name, with its options, as unstorage's `builtinDrivers` names them. */
export interface StorageDriverConfig {
  driver: string
  [option: string]: unknown
}

export type StorageOption = 'memory' | 'fs' | StorageDriverConfig | Storage

export interface Logger {
  warn(message: string): void
  error(message: string): void
}

export interface ISROptions {
  storage?: StorageOption
  routes?: RouteRules
  revalidate?: number | false
  expire?: number
  staleIfError?: number
  /**
   * Seconds a render may take, to its last byte, before it counts as failed: waiters are released, the lease
   * given back, a stale entry stands in (else 504), and a late result is dropped. Default 30.
   */
  renderTimeout?: number
  /** Seconds a cached 404 or 410 stays fresh (it is never served stale). Default 60. */
  notFoundRevalidate?: number
  query?: QueryOptions
  vary?: VaryOptions
  /** Cookies (names or `prefix*` globs) that never affect a render. Default: common analytics cookies. */
  ignoreCookies?: string[]
  bypass?: BypassOptions
  /** Hostnames the site answers for. When set, the host is part of the key and other hosts are not cached. */
  hosts?: string[]
  /** Secret of the control endpoint; without one the endpoint is off. */
  secret?: string
  /**
   * CMS webhooks, each at `POST {endpoint}/hooks/<vendor>`, verified as the vendor signs them and mapped to
   * tags (`<vendor>:<type>`, `<vendor>:<type>:<slug>`, `<vendor>:<id>`) unless `map` says otherwise.
   */
  webhooks?: WebhooksOptions
  /** Path prefix of the control endpoint. Default `/__isr`. */
  endpoint?: string
  /** The in-process memory tier in front of the storage, bounded in bytes; `false` to disable. */
  memory?: { maxBytes?: number } | false
  /** Bodies larger than this are served but not stored. Default 10 MiB. */
  maxEntryBytes?: number
  /**
   * Compression at rest: a compressible body (text, JSON, JavaScript, XML, SVG; 1 KiB or more) is compressed
   * once when it is stored, into each of these codings, and hits send the one the client prefers. Default
   * `true`: `['br', 'gzip']` (brotli at its best quality up to 64 KiB). `false` stores bodies as rendered.
   * `'zstd'` needs Node 22.15 or later. Where the runtime has no `node:zlib` (edge), `true` means none.
   */
  compress?: boolean | ContentCoding[]
  /** Milliseconds any storage call may take before it counts as failed (the page is rendered). Default 500. */
  storageTimeout?: number
  /**
   * The cross-instance lease on a key being rendered: `ttl` seconds it lasts unless renewed (it is, every
   * third of it, while the render runs; default 10), `wait` seconds another instance waits for the entry
   * before rendering anyway (default 30).
   */
  lease?: { ttl?: number; wait?: number }
  /**
   * Seconds between sweeps of storage that ignores TTLs (fs, s3, …): entries no one may be served any more,
   * old invalidation records and expired leases are deleted. `false`: never (Redis expires keys itself and
   * is never swept). Default 600.
   */
  janitor?: number | false
  /** Without a bus (Redis pub/sub), seconds after which an invalidation record is read again. Default 1. */
  invalidationPoll?: number
  /**
   * Entries of another build id are never served (a deploy never serves HTML linking assets it deleted).
   * `'auto'`: `ISR_BUILD_ID`, else the commit your platform names (Vercel, Netlify, Cloudflare Pages, Render,
   * Railway, Heroku, Cloud Run, `GIT_COMMIT`). The adapters default to their framework's build id.
   */
  buildId?: string | 'auto' | false
  /**
   * `'stale'`: on a miss, an entry the previous build rendered is served as stale while this build renders
   * its own, so a deploy does not start cold. Only safe where the previous build's assets stay reachable.
   */
  previousBuild?: 'stale' | 'ignore'
  /**
   * A CDN in front: emit the entry's policy in its header dialect (`CDN-Cache-Control` and `Cache-Tag`, or the
   * vendor's). Default false.
   */
  cdn?: CdnDialect | false
  /** Prefix of every storage key. Default `isr`. */
  namespace?: string
  /** Where eager regeneration sends its requests, e.g. `http://127.0.0.1:3000`. */
  origin?: string
  /** `Cache-Control` sent to browsers with cached HTML. Default `public, max-age=0, must-revalidate`. */
  browserCacheControl?: string
  /** Skip the cache entirely (every response is `BYPASS`). */
  dev?: boolean
  /** The clock, in epoch milliseconds. Injectable for tests. */
  now?: () => number
  /** Observer of what the cache does. Exceptions it throws are logged and ignored. */
  onEvent?: (event: ISREvent) => void
  /** Where warnings and errors go; `false` to silence. Default `console`. */
  logger?: Logger | false
}

export type CacheState = 'HIT' | 'STALE' | 'MISS' | 'BYPASS' | 'REVALIDATED'

export type ISREvent =
  | { type: 'hit'; key: string; url: string; age: number }
  | { type: 'stale'; key: string; url: string; age: number; reason: 'revalidate' | 'error' | 'previous-build' }
  | { type: 'miss'; key: string; url: string; collapsed: boolean }
  | { type: 'bypass'; url: string; reason: string }
  | { type: 'render'; key: string; url: string; status: number; ms: number; background: boolean }
  | { type: 'store'; key: string; url: string; status: number; bytes: number; tags: string[] }
  | { type: 'revalidate'; mode: RevalidateMode; paths: string[]; tags: string[] }
  | { type: 'error'; error: Error; key?: string; url?: string }
  /** A cached function's call answered from its stored result (`name`: the function's). */
  | { type: 'cached-hit'; name: string; key: string }
  /** Answered from a stale result: past `revalidate` or invalidated (refreshed in the background), or standing in for a failed call. */
  | { type: 'cached-stale'; name: string; key: string }
  /** No usable result: the function was called (`collapsed`: this call waited for one already running). */
  | { type: 'cached-miss'; name: string; key: string; collapsed: boolean }

/** How an invalidation takes effect; see `revalidatePath`. */
/** The content codings isrkit compresses stored bodies into, best first when a client accepts several alike. */
export const CONTENT_CODINGS = ['br', 'zstd', 'gzip'] as const
export type ContentCoding = (typeof CONTENT_CODINGS)[number]

export const REVALIDATE_MODES = ['stale', 'eager', 'purge'] as const
export type RevalidateMode = (typeof REVALIDATE_MODES)[number]

/** A CDN in front, by the dialect of its headers (see the `cdn` option). */
export type CdnDialect = 'standard' | 'vercel' | 'netlify' | 'cloudflare' | 'fastly'

export interface RevalidateOptions {
  mode?: RevalidateMode
  /**
   * Seconds a CMS's own CDN may still serve the old content after it announced the change (0–3600, default
   * 0). The invalidation is recorded now and again at the window's end, so a page rendered in between — which
   * may have read the old content — is rendered once more after it.
   */
  settle?: number
  /**
   * Seconds to wait (0–10, default 1) for the other instances on the bus to acknowledge the invalidation;
   * `instances` in the result says which did. Returns as soon as all have.
   */
  wait?: number
}

export interface RevalidateResult {
  mode: RevalidateMode
  paths: string[]
  tags: string[]
  /** Epoch ms recorded for the invalidation: entries rendered before it are stale (or gone for `purge`). */
  at: number
  /** Regenerations started in the background (`eager` only). */
  regenerating: number
  /**
   * With a bus (Redis): the instances that applied the invalidation within `wait` (this one first), and those
   * alive (heard from in the last 15 s) that did not. Without one, other instances read it from storage
   * within `invalidationPoll` and nothing is acknowledged.
   */
  instances?: { acknowledged: string[]; pending: string[] }
}

export interface HandleContext {
  /** Keeps the runtime alive for background work (Cloudflare, Vercel, Netlify give one). */
  waitUntil?(promise: Promise<unknown>): void
  /**
   * Set by adapters that see whether a render read the request's cookies (SvelteKit's `event.cookies`,
   * Astro's `Astro.cookies`) and mark such a render with the `x-isr-read: cookie` header (READ_HEADER).
   * Visitors carrying cookies are then answered from entries whose render read none (as Next.js does),
   * instead of always being rendered for themselves.
   */
  observesCookies?: boolean
  /**
   * Set by adapters whose render always renders the request the framework received (Astro's `next()`), not
   * the normalized one isrkit passes. A render of a URL with parameters the key leaves out (`utm_*`, …) may
   * then show them, so it is served but not stored.
   */
  rendersOwnRequest?: boolean
  /**
   * Set by adapters whose framework builds the rendered URL's origin from the visitor's request (Host,
   * X-Forwarded-*): Astro, SvelteKit without `ORIGIN`. With a canonical `origin`, a render of a request for
   * another origin is served, never stored.
   */
  rendersOwnOrigin?: boolean
  /**
   * The request-target as received (Node's `req.url`), for adapters whose app routes it raw (Express,
   * Connect): when its path is not the resolved one (`/a/../b`, `/a/%2e%2e/b`), the app would render another
   * page than the key names, so the request bypasses the cache.
   */
  target?: string
  /** The framework's id of the matched route (SvelteKit's `event.route.id`): route rules are matched by it first. */
  routeId?: string
  /**
   * The page this request belongs to, when its URL says otherwise (SvelteKit's `/blog/x/__data.json` belongs
   * to `/blog/x`): path invalidations and the variant cap count it under this path.
   */
  path?: string
  /**
   * How a regeneration request reaches this app again, for adapters whose framework cannot render once its
   * visitor is answered: SvelteKit's `event.fetch`, or this server's own address (`toOrigin` of
   * `@isrkit/core/adapter`). The isrkit there renders and stores it. Without it, a background regeneration
   * renders here, after the response.
   */
  regenerateThrough?: RegenerateThrough
  /**
   * The framework renders its own error page around a body-less 404 or 500 after isrkit answers (Astro): such
   * an answer goes out body-less, without the validators of the empty body stored, and `lookup` leaves it to
   * `handle`.
   */
  rendersErrorPages?: boolean
  /**
   * Where this server reaches itself, e.g. `http://127.0.0.1:3000` from the socket it accepted the request on
   * (never from the Host header). Eager regeneration sends its requests there when `origin` is not configured.
   */
  origin?: string
}

/**
 * What a fast path says of itself to `lookup`, and of the request: the route id its framework would match
 * (a fast path in front of SvelteKit knows it from the hook), so the route rule is the one `handle` applies.
 */
export type LookupContext = Pick<HandleContext, 'observesCookies' | 'target' | 'rendersErrorPages' | 'routeId'>

/** What a lookup needs of a request; a Web `Request` is one, and a Node fast path can build one cheaply. */
export interface RequestLike {
  method: string
  url: string
  headers: { get(name: string): string | null; has(name: string): boolean }
}

/** A cached answer as plain parts, for servers that write responses without building a `Response`. */
export interface CachedAnswer {
  status: number
  headers: [string, string][]
  /** Null for HEAD and 304. */
  body: Uint8Array | null
}

export interface RenderInfo {
  /**
   * No visitor waits for this render: it regenerates a stale page after the stale copy was sent. Adapters
   * whose framework cannot render a finished request again (SvelteKit) render a fresh one instead.
   */
  background: boolean
}

export type Render = (request: Request, info: RenderInfo) => Response | Promise<Response>

/** Sends a regeneration request to the app (see HandleContext.regenerateThrough). */
export type RegenerateThrough = (request: Request) => Promise<Response>

/** What the cache has done since the instance was created. */
export interface Counters {
  hits: number
  misses: number
  stale: number
  bypass: number
  renders: number
  errors: number
}

export interface ISRStatus extends Counters {
  /** This instance's id (as receipts name it), and the others heard on the bus. */
  instance: { id: string; since: number; buildId: string }
  instances: { id: string; since: number; buildId: string; seen: number }[]
  hitRatio: number
  memory: { entries: number; bytes: number; maxBytes: number } | false
  storage: { ok: boolean; driver: string; latencyMs: number; error?: string }
}

/** The CMSs isrkit verifies webhooks of; `standard` is any Standard Webhooks sender. */
export const WEBHOOK_VENDORS = [
  'sanity',
  'contentful',
  'storyblok',
  'strapi',
  'datocms',
  'hygraph',
  'prismic',
  'standard',
] as const
export type WebhookVendor = (typeof WEBHOOK_VENDORS)[number]

export type WebhooksOptions = { [V in WebhookVendor]?: WebhookOptions }

export interface WebhookOptions {
  /** The webhook's secret as the CMS has it (16 characters or more; `whsec_…` for `standard`). */
  secret: string
  /** Replaces the default mapping: what a delivery invalidates. Nothing returned: nothing invalidated. */
  map?: (payload: unknown, headers: Headers) => WebhookTargets | Promise<WebhookTargets>
  /** Seconds the CMS's CDN may lag its webhook (see RevalidateOptions.settle). Default 0. */
  settle?: number
  /** How the invalidation takes effect. Default `stale`. */
  mode?: RevalidateMode
}

export interface WebhookTargets {
  tags?: string[]
  paths?: string[]
  mode?: RevalidateMode
}

/** Options of `isr.cached(fn, options)`. */
export interface CachedOptions<A extends unknown[] = unknown[]> {
  /** Names the function's entries (two functions never share them): unique on the instance, stable across builds. */
  name: string
  /** Seconds the result is fresh; then served stale while one call refreshes it. Default: until invalidated (or `expire`). */
  revalidate?: number | false
  /** Seconds from the call after which the result is no longer served. Default: the global `expire`. */
  expire?: number
  /** Seconds past `expire` a result stands in while the function fails. Default: the global `staleIfError`. */
  staleIfError?: number
  /** Tags for `revalidateTag`, fixed or from the arguments; pages that use the result inherit them. */
  tags?: string[] | ((...args: A) => string[])
  /** The arguments' key. Default: a stable serialization of them (object keys and Set members in any order). */
  key?: (...args: A) => string
}

/** What `isr.cached` returns: `fn`, cached; `.with(request)` finds the page's render where AsyncLocalStorage is missing. */
export type CachedFunction<A extends unknown[], R> = ((...args: A) => Promise<Awaited<R>>) & {
  with(request: Request): (...args: A) => Promise<Awaited<R>>
}

export interface ISR {
  handle(request: Request, render: Render, ctx?: HandleContext): Promise<Response>
  /**
   * `fn`, cached as pages are: fresh results without calling it, stale ones while one call refreshes them,
   * one call across concurrent callers and instances, invalidated by its tags or `revalidateCached`. A page
   * rendering inside `handle` inherits the tags and the shortest `revalidate` of the cached calls it makes.
   */
  cached<A extends unknown[], R>(fn: (...args: A) => R, options: CachedOptions<A>): CachedFunction<A, R>
  /** Marks a cached function's results stale (all, or those of one argument list), on every instance. */
  revalidateCached(name: string, ...args: unknown[]): Promise<RevalidateResult>
  /**
   * Answers from the cache alone: a fresh entry (or its 304), else undefined and nothing is rendered.
   * For fast paths in front of a framework; anything else (stale, miss, bypass, endpoint) goes to `handle`.
   */
  lookup(request: RequestLike, ctx?: LookupContext): Promise<CachedAnswer | undefined>
  revalidatePath(path: string | string[], opts?: RevalidateOptions): Promise<RevalidateResult>
  revalidateTag(tag: string | string[], opts?: RevalidateOptions): Promise<RevalidateResult>
  status(): Promise<ISRStatus>
  /**
   * Stops taking requests, waits up to `grace` seconds (default 5) for background renders, then closes the
   * storage connections. Call it when the server shuts down (the adapters do, on SIGTERM).
   */
  close(options?: { grace?: number }): Promise<void>
}
