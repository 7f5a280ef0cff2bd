// Whether a render read the visitor's cookies (design.md flow 9): load functions and actions read them
// through `event.cookies.get/getAll` (the same object the hook holds), or from the request's Cookie header.
import { observeCookieReads } from '@isrkit/core'
import type { KitEvent } from './kit.ts'

const watched = new WeakMap<object, { count: number }>()

/** Counts reads through `event.cookies` and of the Cookie header, from now on; idempotent per event. */
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
  }
  const counter = own
  return () => counter.count + headerReads.count
}
