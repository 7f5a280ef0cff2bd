// Storing a render (docs/architecture.md "The request flow" 6): whoever asked reads it as it is produced while a tee collects the
// bytes; the entry then goes to the memory tier, the waiters, shared storage and the other instances.
import { collect } from './bytes.ts'
import type { Deadline } from './deadline.ts'
import { bodyBytes, type Entry } from './entry.ts'
import { renderTimeoutError } from './errors.ts'
import type { Outcome } from './flight.ts'
import { missHeaders } from './headers.ts'
import type { Lead } from './lead.ts'
import { inherit } from './policy.ts'
import { buildEntry, entryTimes, type Produced } from './render.ts'
import type { CachePlan } from './request.ts'
import type { Call, Runtime } from './runtime.ts'

/** A cacheable render, when it began, and its deadline (which covers its body too). */
export interface Rendered extends Extract<Produced, { kind: 'cacheable' }> {
  createdAt: number
  deadline: Deadline
}

/**
 * Request flow 6: whoever asked reads the render as it is produced; a tee collects the bytes for storage.
 * A body still streaming at the deadline keeps going to its reader but is not stored: waiters are released
 * (docs/architecture.md "Deadlines"). The lease is given back once the entry is in shared storage, where the
 * instances waiting look for it.
 */
export function storeWhileStreaming(
  rt: Runtime,
  plan: CachePlan,
  call: Call,
  rendered: Rendered,
  { settle, held }: Lead,
): { kind: 'storing'; response: Response; stored: Promise<Entry | Error> } {
  const { response, policy, scope, createdAt, deadline } = rendered
  const [client, copy] = response.body ? response.body.tee() : [null, null]
  const stored = collect(copy, rt.o.maxEntryBytes, deadline.signal)
    .then(async (body): Promise<Entry | Error> => {
      if (deadline.expired) return failLate(rt, plan, deadline, settle)
      if (!body) return tooLarge(rt, plan, call, settle)
      deadline.clear()
      // Compressed here, before anyone is answered from it: one entry, one write, one announcement, and no
      // instance or tier ever holds an uncompressed copy of a compressible page (docs/architecture.md
      // "Compression"). The client reading the render is not waiting for it.
      const entry = await buildEntry({
        key: plan.key,
        response,
        // Complete now: cached calls made while the body streamed count too.
        policy: inherit(policy, scope),
        body,
        createdAt,
        buildId: rt.o.buildId,
        codings: rt.o.compress,
      })
      await persist(rt, plan, entry, settle)
      return entry
    })
    .catch((cause: unknown) => {
      // The stream broke mid-way: nothing partial is stored, and waiters render for themselves.
      const error = cause instanceof Error ? cause : new Error(String(cause))
      settle({ kind: 'uncacheable' })
      rt.events.error(error, plan.key.id, plan.key.url)
      return error
    })
    .finally(() => held.release())
  rt.track(stored, call.ctx)
  const headers = missHeaders(response.headers, {
    browserCacheControl: rt.o.browserCacheControl,
    cdn: rt.o.cdn
      ? { dialect: rt.o.cdn, meta: { ...entryTimes(policy, createdAt), ...policy, varies: plan.key.varies } }
      : undefined,
  })
  if (plan.head) client?.cancel().catch(() => {})
  const answer = new Response(plan.head ? null : client, {
    status: response.status,
    statusText: response.statusText,
    headers,
  })
  return { kind: 'storing', response: answer, stored }
}

/** Served, not stored: an old entry of the page would no longer be its page. */
function tooLarge(rt: Runtime, plan: CachePlan, call: Call, settle: (outcome: Outcome) => void): Error {
  rt.cache.notStored.set(plan.key.id, 'too-large')
  rt.events.warnOnce(
    `[isrkit] ${plan.key.url} is larger than maxEntryBytes (${rt.o.maxEntryBytes}); it is served, not stored.`,
  )
  settle({ kind: 'uncacheable' })
  rt.track(rt.cache.store.delete(plan.key.id, plan.key.path), call.ctx)
  rt.cache.variants.remove(plan.key.path, plan.key.id)
  return new Error(`${plan.key.url} is larger than maxEntryBytes`)
}

/** A body past its deadline: a failed render for everyone but the client already reading it. */
function failLate(rt: Runtime, plan: CachePlan, deadline: Deadline, settle: (outcome: Outcome) => void): Error {
  const error = renderTimeoutError(plan.key.url, deadline.seconds, 'body')
  rt.flight.backoff.fail(plan.key.id)
  settle({ kind: 'failed', error, timedOut: true })
  rt.events.error(error, plan.key.id, plan.key.url)
  return error
}

/** Memory tier first (synchronously, inside `set`), then waiters are released, then the shared write completes. */
export async function persist(rt: Runtime, plan: CachePlan, entry: Entry, settle?: (outcome: Outcome) => void) {
  const writing = rt.cache.store.set(entry, plan.key.path)
  rt.cache.variants.add(entry.meta)
  settle?.({ kind: 'stored', entry })
  await announce(rt, entry, writing)
}

/**
 * Once the shared write is done: the other instances hear of it (their memory tiers drop an older copy,
 * their waiters wake), and so do observers. Not when another instance stored a newer one meanwhile: that
 * one stands, and was announced by its writer.
 */
export async function announce(rt: Runtime, entry: Entry, writing: Promise<boolean>): Promise<void> {
  if (!(await writing)) return
  await rt.cluster.publish({ type: 'stored', key: entry.meta.key, createdAt: entry.meta.createdAt })
  rt.events.emit({
    type: 'store',
    key: entry.meta.key,
    url: entry.meta.url,
    status: entry.meta.status,
    bytes: bodyBytes(entry),
    tags: entry.meta.tags,
  })
}
