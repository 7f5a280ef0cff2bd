// Storing a render (request flow 6): the first client reads it as it is produced while a tee collects the
// bytes; the entry then goes to the memory tier, the waiters, shared storage and the other instances.
import { collect } from './bytes.ts'
import { cdnHeaders } from './cdn.ts'
import type { Deadline } from './deadline.ts'
import type { Entry } from './entry.ts'
import { renderTimeoutError } from './errors.ts'
import type { Outcome } from './flight.ts'
import { cacheStatus, storedHeaders } from './headers.ts'
import type { Held } from './lead.ts'
import { buildEntry, type Produced } from './render.ts'
import type { CachePlan } from './request.ts'
import type { Call, Runtime } from './runtime.ts'

/** A cacheable render, when it began, and its deadline (which covers its body too). */
export interface Rendered extends Extract<Produced, { kind: 'cacheable' }> {
  createdAt: number
  deadline: Deadline
}

/**
 * Request flow 6: the first client reads the render as it is produced; a tee collects the bytes for
 * storage. A body still streaming at the deadline keeps going to that client but is not stored: waiters are
 * released (docs/architecture.md "Deadlines").
 */
export function streamAndStore(
  rt: Runtime,
  plan: CachePlan,
  call: Call,
  rendered: Rendered,
  settle: (outcome: Outcome) => void,
  held: Held,
): Response {
  const { response, policy, createdAt, deadline } = rendered
  const [client, copy] = response.body ? response.body.tee() : [null, null]
  const storing = collect(copy, rt.o.maxEntryBytes, deadline.signal)
    .then(async (body) => {
      if (deadline.expired) return failLate(rt, plan, deadline, settle)
      if (!body) {
        rt.events.warnOnce(
          `[isrkit] ${plan.key.url} is larger than maxEntryBytes (${rt.o.maxEntryBytes}); it is served, not stored.`,
        )
        return settle({ kind: 'uncacheable' })
      }
      deadline.clear()
      const entry = await buildEntry({ plan, response, policy, body, createdAt, buildId: rt.o.buildId })
      await persist(rt, plan, entry, settle)
    })
    .catch((error: unknown) => {
      // The stream broke mid-way: nothing partial is stored, and waiters render for themselves.
      settle({ kind: 'uncacheable' })
      rt.events.error(error instanceof Error ? error : new Error(String(error)), plan.key.id, plan.key.url)
    })
    // The lease is given back once the entry is in shared storage, where the instances waiting look for it.
    .finally(() => held.release())
  rt.track(storing, call.ctx)
  const headers = new Headers(storedHeaders(response.headers))
  const length = response.headers.get('content-length')
  if (length) headers.set('content-length', length)
  const etag = response.headers.get('etag')
  if (etag) headers.set('etag', etag)
  headers.set('age', '0')
  headers.set('cache-control', rt.o.browserCacheControl)
  headers.set('x-isr-cache', 'MISS')
  headers.set('cache-status', cacheStatus({ fwd: 'uri-miss', stored: true }))
  if (rt.o.cdn) {
    const times = {
      createdAt,
      revalidateAt: createdAt + policy.revalidate * 1000,
      expireAt: createdAt + policy.expire * 1000,
    }
    const meta = { ...times, tags: policy.tags, readsCookies: policy.readsCookies, varies: plan.key.varies }
    for (const [name, value] of cdnHeaders(rt.o.cdn, meta, false)) headers.set(name, value)
  }
  if (plan.head) client?.cancel().catch(() => {})
  return new Response(plan.head ? null : client, { status: response.status, statusText: response.statusText, headers })
}

/** A body past its deadline: a failed render for everyone but the client already reading it. */
export function failLate(rt: Runtime, plan: CachePlan, deadline: Deadline, settle: (outcome: Outcome) => void) {
  const error = renderTimeoutError(plan.key.url, deadline.seconds, 'body')
  rt.backoff.fail(plan.key.id)
  settle({ kind: 'failed', error, timedOut: true })
  rt.events.error(error, plan.key.id, plan.key.url)
}

/** Memory tier first (synchronously, inside `set`), then waiters are released, then the shared write completes. */
export async function persist(rt: Runtime, plan: CachePlan, entry: Entry, settle?: (outcome: Outcome) => void) {
  const writing = rt.store.set(entry, plan.key.path)
  rt.variants.add(entry.meta)
  settle?.({ kind: 'stored', entry })
  // Another instance stored a newer render meanwhile: that one stands, and was announced by its writer.
  if (!(await writing)) return
  await rt.publish({ type: 'stored', key: entry.meta.key, createdAt: entry.meta.createdAt })
  rt.events.emit({
    type: 'store',
    key: entry.meta.key,
    url: entry.meta.url,
    status: entry.meta.status,
    bytes: entry.meta.size,
    tags: entry.meta.tags,
  })
}
