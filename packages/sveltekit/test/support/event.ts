// A stand-in for what SvelteKit hands a `handle` hook: a RequestEvent built the way Kit builds one (cookies
// parsed from the Cookie header up front, `setHeaders` that refuses a header twice) and a `resolve` that runs
// a page the way Kit's does (headers from `setHeaders` and cookies from `cookies.set` added to its Response).
import type { KitEvent, KitHandle } from '../../src/kit.ts'

export interface SetCookie {
  name: string
  value: string
}

export interface FakeEvent extends KitEvent {
  readonly cookies: KitEvent['cookies'] & { set(name: string, value: string, opts?: unknown): void }
  /** What `setHeaders` received, lower-cased, as Kit keeps it. */
  readonly headers: Record<string, string>
  /** What `cookies.set` received. */
  readonly setCookies: SetCookie[]
}

export interface EventInit {
  /** The request's URL; `event.url` too unless `url` says otherwise. Default `http://example.com/`. */
  request?: string
  /** `event.url`, when Kit's differs from the request's (data requests). */
  url?: string
  method?: string
  headers?: Record<string, string>
  /** Kit's `route.id`; default: the path of `event.url`. */
  routeId?: string | null
  platform?: unknown
  isDataRequest?: boolean
  isSubRequest?: boolean
  isRemoteRequest?: boolean
  fetch?: typeof fetch
}

export function fakeEvent(init: EventInit = {}): FakeEvent {
  const request = new Request(init.request ?? 'http://example.com/', {
    method: init.method ?? 'GET',
    headers: init.headers ?? {},
  })
  const url = new URL(init.url ?? request.url)
  // Kit parses the Cookie header once, when it creates the event (before any hook runs).
  const jar = parseCookies(request.headers.get('cookie'))
  const headers: Record<string, string> = {}
  const setCookies: SetCookie[] = []
  return {
    request,
    url,
    route: { id: init.routeId === undefined ? url.pathname : init.routeId },
    cookies: {
      get: (name) => jar.get(name),
      getAll: () => [...jar].map(([name, value]) => ({ name, value })),
      set: (name, value) => {
        setCookies.push({ name, value })
        jar.set(name, value)
      },
    },
    platform: init.platform,
    isDataRequest: init.isDataRequest ?? false,
    isSubRequest: init.isSubRequest ?? false,
    isRemoteRequest: init.isRemoteRequest,
    fetch: init.fetch ?? (() => Promise.reject(new Error('this event has no fetch'))),
    setHeaders(next) {
      for (const [name, value] of Object.entries(next)) {
        const lower = name.toLowerCase()
        if (lower in headers) throw new Error(`"${name}" header is already set`)
        headers[lower] = value
      }
    },
    headers,
    setCookies,
  }
}

/** A page: what a route's load functions and component produce for the event. */
export type Page = (event: FakeEvent) => Response | Promise<Response>

export interface FakeResolve {
  (event: FakeEvent): Promise<Response>
  /** Events the page was rendered for, in order. */
  readonly rendered: FakeEvent[]
  readonly renders: number
}

/** Kit's `resolve`: renders the page, then adds what `setHeaders` and `cookies.set` collected. */
export function fakeResolve(page: Page): FakeResolve {
  const rendered: FakeEvent[] = []
  const resolve = async (event: FakeEvent) => {
    rendered.push(event)
    const response = await page(event)
    for (const [name, value] of Object.entries(event.headers)) response.headers.set(name, value)
    for (const { name, value } of event.setCookies) response.headers.append('set-cookie', `${name}=${value}; Path=/`)
    return response
  }
  return Object.defineProperties(resolve, {
    rendered: { value: rendered },
    renders: { get: () => rendered.length },
  }) as FakeResolve
}

/** An HTML page, with the given headers. */
export function html(body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, { headers: { 'content-type': 'text/html', ...headers } })
}

/** A `__data.json` answer as Kit makes it: `private, no-store` unless the page set a Cache-Control. */
export function data(value: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(value), {
    headers: { 'content-type': 'application/json', 'cache-control': 'private, no-store', ...headers },
  })
}

/** Reads the page's cookie as a load function does. */
export function greeting(event: FakeEvent): Response {
  const name = event.cookies.get('name')
  return html(name ? `Hello, ${name}` : 'Hello, guest', { 'cache-control': 's-maxage=60' })
}

export interface FetchCall {
  url: string
  init: RequestInit | undefined
}

export interface AppInit {
  /** Kit's route id for a path; default: the path itself. */
  routeOf?: (pathname: string) => string | null
  /** Platform of every event (sub-requests share it, as in Kit); default one whose `ctx.waitUntil` collects. */
  platform?: unknown
}

/**
 * A SvelteKit server around one hook: `get()` makes a visitor's event; `event.fetch` makes a sub-request
 * event that goes through the hook again, as Kit's internal fetch does, and is recorded in `fetches`.
 */
export function fakeApp(handle: KitHandle, page: Page, init: AppInit = {}) {
  const resolve = fakeResolve(page)
  const fetches: FetchCall[] = []
  const handedOver: Promise<unknown>[] = []
  const platform = init.platform ?? { ctx: { waitUntil: (promise: Promise<unknown>) => handedOver.push(promise) } }
  const routeOf = init.routeOf ?? ((pathname: string) => pathname)

  function eventFor(request: string, rest: Omit<EventInit, 'request' | 'fetch' | 'platform'> = {}): FakeEvent {
    const { pathname, search } = new URL(request)
    const dataSuffix = pathname.endsWith('/__data.json')
    const pagePath = dataSuffix ? pathname.slice(0, -'/__data.json'.length) || '/' : pathname
    const pageSearch = new URLSearchParams(search)
    pageSearch.delete('x-sveltekit-invalidated')
    const query = pageSearch.size > 0 ? `?${pageSearch}` : ''
    const url = new URL(`${pagePath}${query}`, request)
    return fakeEvent({
      request,
      url: url.href,
      routeId: routeOf(pagePath),
      isDataRequest: dataSuffix,
      platform,
      fetch: fetchFrom(url, rest.headers?.cookie),
      ...rest,
    })
  }

  /**
   * Kit's `event.fetch`: relative URLs resolve against the page, and unless `credentials: 'omit'`, the
   * visitor's cookies (as Kit parsed them, without reading the header again) go along to the same host.
   */
  function fetchFrom(parent: URL, cookies: string | undefined): typeof fetch {
    return async (input, requestInit) => {
      const url = new URL(String(input), parent)
      fetches.push({ url: url.href, init: requestInit })
      const headers = new Headers(requestInit?.headers)
      const credentials = requestInit?.credentials ?? 'same-origin'
      if (cookies && credentials !== 'omit' && url.hostname === parent.hostname) headers.set('cookie', cookies)
      return handle({
        event: eventFor(url.href, { headers: Object.fromEntries(headers), isSubRequest: true }),
        resolve,
      })
    }
  }

  return {
    resolve,
    fetches,
    handedOver,
    eventFor,
    /** A visitor's request, through the hook. */
    get(path: string, rest: Omit<EventInit, 'request' | 'fetch' | 'platform'> = {}) {
      return handle({ event: eventFor(new URL(path, 'http://example.com').href, rest), resolve })
    },
    /** Waits for everything handed to `waitUntil`, including work that work handed over. */
    async settle() {
      let done = 0
      while (done < handedOver.length) {
        const batch = handedOver.slice(done)
        done = handedOver.length
        await Promise.all(batch)
      }
    },
  }
}

function parseCookies(header: string | null): Map<string, string> {
  const jar = new Map<string, string>()
  for (const pair of header?.split(';') ?? []) {
    const at = pair.indexOf('=')
    if (at > 0) jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim())
  }
  return jar
}
