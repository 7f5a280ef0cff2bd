// What a render read of the visitor's request (docs/architecture.md "The request flow" 9 and "What reaches a
// render"): load functions and actions read cookies through `event.cookies.get/getAll` (the same object the
// hook holds), or from the request's Cookie header, or send them along with `event.fetch` to the app's own
// endpoints, whose answer may depend on them; and they read other headers from `event.request.headers`.
import { observeReads, readsFrom } from '@isrkit/core/adapter'
import type { KitEvent } from './kit.ts'

const watched = new WeakMap<object, { count: number }>()

/**
 * Kit reads `accept` while rendering every page (`is_action_json_request` in render_page, which only acts on a
 * POST), and where a route has both a page and an endpoint it negotiates on it for GET too — then it says
 * so itself with `Vary: Accept`, which isrkit does not store unless keyed.
 */
const KIT_OWN_READS = new Set(['accept'])

/**
 * What a render reads from now on: the function returned gives core's READ_HEADER value (`cookie`, header
 * names) for what was read after this call. Idempotent per event.
 */
export function watchReads(event: KitEvent): () => string {
  const cookieReads = watchCookieReads(event)
  const cookiesBefore = cookieReads()
  const headerReads = readsFrom(event.request)
  return () => {
    const names = headerReads()
      .split(', ')
      .filter((name) => name && !KIT_OWN_READS.has(name))
    if (cookieReads() > cookiesBefore && !names.includes('cookie')) names.unshift('cookie')
    return names.join(', ')
  }
}

/** Counts cookie reads (`event.cookies`, the Cookie header, `event.fetch`) from now on; idempotent per event. */
export function watchCookieReads(event: KitEvent): () => number {
  const headerReads = observeReads(event.request)
  let own = watched.get(event.cookies)
  if (!own) {
    own = { count: 0 }
    watched.set(event.cookies, own)
    const counter = own
    const cookies = event.cookies as { get: KitEvent['cookies']['get']; getAll: KitEvent['cookies']['getAll'] }
    const get = cookies.get.bind(cookies)
    const getAll = cookies.getAll.bind(cookies)
    cookies.get = (name, opts) => {
      counter.count++
      return get(name, opts)
    }
    cookies.getAll = (opts) => {
      counter.count++
      return getAll(opts)
    }
    const fetch = event.fetch
    ;(event as { fetch: typeof fetch }).fetch = (input, init) => {
      if (sendsCookies(event, input, init)) counter.count++
      return fetch(input, init)
    }
  }
  const counter = own
  return () => counter.count + headerReads.count
}

/** Kit's event.fetch adds the visitor's cookies to requests for its own host and subdomains, unless told not to. */
function sendsCookies(event: KitEvent, input: RequestInfo | URL, init: RequestInit | undefined): boolean {
  const credentials = (input instanceof Request ? input.credentials : init?.credentials) ?? 'same-origin'
  if (credentials === 'omit') return false
  const target = URL.parse(input instanceof Request ? input.url : String(input), event.url)
  return target !== null && `.${target.hostname}`.endsWith(`.${event.url.hostname}`)
}
