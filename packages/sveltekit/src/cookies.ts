// Whether a render read the visitor's cookies (design.md flow 9): load functions and actions read them
// through `event.cookies.get/getAll` (the same object the hook holds), or from the request's Cookie header,
// or send them along with `event.fetch` to the app's own endpoints, whose answer may depend on them.
import { observeCookieReads } from '@isrkit/core'
import type { KitEvent } from './kit.ts'

const watched = new WeakMap<object, { count: number }>()

/** Counts cookie reads (`event.cookies`, the Cookie header, `event.fetch`) from now on; idempotent per event. */
export function watchCookieReads(event: KitEvent): () => number {
  const headerReads = observeCookieReads(event.request)
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
