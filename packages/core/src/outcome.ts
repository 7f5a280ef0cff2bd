// One render of a key, for a visitor's miss and for a regeneration alike (docs/architecture.md "The request
// flow" 6–7 and "Work no visitor waits on"): under the caller's single flight and lease it renders within
// the deadline, stores what may be shared, settles the requests waiting for it, backs off on failure and
// gives the lease back. What happened comes back as an outcome; mapping it to an answer is the caller's
// (serve.ts for a visitor, regenerate.ts without one).
import { Deadline } from './deadline.ts'
import type { Entry } from './entry.ts'
import { regenerateError } from './errors.ts'
import type { BufferedResponse } from './flight.ts'
import type { Lead } from './lead.ts'
import { storeWhileStreaming } from './persist.ts'
import { HEADER_READ, speaksOfRequest } from './policy.ts'
import { EVERY_HEADER } from './reads.ts'
import { type Produced, produce } from './render.ts'
import type { CachePlan } from './request.ts'
import type { Call, Runtime } from './runtime.ts'

export type RenderOutcome =
  /** Cacheable: `response` streams the render while it is stored; `stored` says whether it was. */
  | { kind: 'storing'; response: Response; stored: Promise<Entry | Error> }
  /** May not be shared: served to this request alone, for `reason`. */
  | { kind: 'uncacheable'; response: Response; reason: string }
  /** Threw (`cause`), answered 5xx (`response`, the whole of it, for this request only) or timed out. */
  | { kind: 'failed'; error: Error; cause: unknown; response?: BufferedResponse; timedOut: boolean }

export interface RenderWork extends Lead {
  /** No visitor waits (see RenderInfo.background). */
  background: boolean
  /** An entry exists that a render refusing to be cached must remove. */
  entryExists: boolean
}

export async function renderAndSettle(
  rt: Runtime,
  plan: CachePlan,
  call: Call,
  work: RenderWork,
): Promise<RenderOutcome> {
  const { background, settle, held } = work
  const id = plan.key.id
  const createdAt = rt.stamp()
  const deadline = new Deadline(plan.route.renderTimeout)
  const produced = await produce({
    plan,
    render: call.render,
    visitor: call.request,
    background,
    deadline,
    ...limits(rt),
  })
  rt.events.emit(renderEvent(rt, plan, produced, createdAt, background))
  if (produced.kind === 'cacheable') {
    rt.flight.backoff.succeed(id)
    rt.cache.notStored.delete(id)
    return storeWhileStreaming(rt, plan, call, { ...produced, createdAt, deadline }, work)
  }
  deadline.clear()
  await held.release()
  if (produced.kind === 'uncacheable') {
    rt.cache.notStored.set(id, produced.reason)
    settle({ kind: 'uncacheable' })
    // A render unfit for sharing because of this request (its cookies, headers, URL) says nothing against
    // the entry; one unfit because of the page does: the old entry must not come back once this one is gone.
    if (work.entryExists && !speaksOfRequest(produced.reason)) rt.track(forget(rt, plan), call.ctx)
    warnOfUnshared(rt, plan, produced.reason)
    return produced
  }
  rt.flight.backoff.fail(id)
  rt.cache.notStored.set(id, produced.kind === 'server-error' ? `status-${produced.response.status}` : produced.kind)
  if (produced.kind === 'server-error') {
    settle(produced.shared ? { kind: 'failed', response: produced.shared } : { kind: 'uncacheable' })
    const error = new Error(`status ${produced.response.status}`)
    // A visitor's 5xx is the app's own answer to it; one without a visitor is only seen here.
    if (background) rt.events.error(regenerateError(plan.key.url, error), id, plan.key.url)
    return { kind: 'failed', error, cause: error, response: produced.response, timedOut: false }
  }
  const timedOut = produced.kind === 'timed-out'
  const cause = timedOut ? produced.error : produced.error.cause
  settle({ kind: 'failed', error: cause, timedOut })
  rt.events.error(background ? regenerateError(plan.key.url, cause) : produced.error, id, plan.key.url)
  return { kind: 'failed', error: produced.error, cause, timedOut }
}

/** The page stopped asking to be cached (or now sets a cookie, or grew too large): its old entry must go. */
export async function forget(rt: Runtime, plan: CachePlan): Promise<void> {
  await rt.cache.store.delete(plan.key.id, plan.key.path)
  rt.cache.variants.remove(plan.key.path, plan.key.id)
}

function limits(rt: Runtime) {
  const { notFoundRevalidate, maxEntryBytes, routes } = rt.o
  return { notFoundRevalidate, maxEntryBytes, maxLifetime: routes.maxLifetime }
}

function renderEvent(rt: Runtime, plan: CachePlan, produced: Produced, startedAt: number, background: boolean) {
  const status = produced.kind === 'threw' || produced.kind === 'timed-out' ? 0 : produced.response.status
  return {
    type: 'render' as const,
    key: plan.key.id,
    url: plan.key.url,
    status,
    ms: rt.o.now() - startedAt,
    background,
  }
}

/** Renders that are never shared for a reason the operator can fix: say so once, with the way out. */
function warnOfUnshared(rt: Runtime, plan: CachePlan, reason: string): void {
  const where = plan.route.pattern ?? plan.key.path
  if (reason === 'unkeyed-origin') {
    rt.events.warnOnce(
      `[isrkit] Requests arrive for an origin other than the canonical ${rt.o.origin}: the framework renders them for that origin, so they are served, never stored. Behind a proxy, let the framework see the public origin (Astro: security.allowedDomains; SvelteKit: ORIGIN), or change \`origin\`.`,
    )
    return
  }
  if (!reason.startsWith(HEADER_READ)) return
  const name = reason.slice(HEADER_READ.length)
  const what = name === EVERY_HEADER ? 'walked every request header' : `read the request header ${name}`
  rt.events.warnOnce(
    `[isrkit] ${where} ${what}, which its key does not hold: it is rendered for each visitor, never shared. List the header in \`vary.headers\`, or stop reading it.`,
  )
}
