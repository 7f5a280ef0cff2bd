// Regeneration without a waiting visitor: in the background for a stale hit (request flow 5), and on
// demand for eager invalidations, which reach the app through a request of its own (as Next.js's
// on-demand revalidation does), so any framework and any instance can render it.

import { collect } from './bytes.ts'
import { Deadline } from './deadline.ts'
import type { Entry } from './entry.ts'
import { regenerateError, renderTimeoutError } from './errors.ts'
import type { Outcome } from './flight.ts'
import { classify } from './freshness.ts'
import { answerResponse, entryAnswer, passThrough } from './headers.ts'
import { takeLease } from './lead.ts'
import { failLate, persist } from './persist.ts'
import { speaksOfRequest } from './policy.ts'
import { buildEntry, produce, replay } from './render.ts'
import { type CachePlan, planRequest } from './request.ts'
import type { Call, Runtime } from './runtime.ts'
import { bypass, forget, limits, renderEvent } from './serve.ts'
import type { RegenerateThrough } from './types.ts'
import type { Variant } from './variants.ts'

export const REGENERATE_HEADER = 'x-isr-regenerate'
/** The instance's own check of a regeneration's token, for adapters (isRegeneration, @isrkit/core/adapter). */
export const VERIFY_REGENERATION: unique symbol = Symbol.for('isrkit.verifyRegeneration')
export const REGENERATE_URL_HEADER = 'x-isr-url'

export type Regenerated =
  | { kind: 'stored'; entry: Entry }
  | { kind: 'uncacheable'; response: Response; reason: string }
  | { kind: 'failed'; response?: Response; error?: Error }
  | { kind: 'running' }

/** Renders `plan` under the single-flight lease and stores the result; never throws. */
/** `background`: no visitor waits for this render (a stale page's regeneration), see RenderInfo. */
export async function regenerate(
  rt: Runtime,
  plan: CachePlan,
  call: Call,
  background: boolean,
  stale?: Entry,
): Promise<Regenerated> {
  const id = plan.key.id
  if (rt.flights.isRunning(id)) return { kind: 'running' }
  const settle = rt.flights.lead(id)
  // Another instance may have regenerated it already: adopt that entry rather than render again.
  const newer = stale && (await adoptNewer(rt, plan, stale))
  if (newer) {
    settle({ kind: 'stored', entry: newer })
    return { kind: 'stored', entry: newer }
  }
  const held = await takeLease(rt, id)
  if (!held) {
    settle({ kind: 'elsewhere' })
    return { kind: 'running' }
  }
  try {
    return await renderAndStore(rt, plan, call, background, settle)
  } finally {
    await held.release()
  }
}

async function adoptNewer(rt: Runtime, plan: CachePlan, stale: Entry): Promise<Entry | undefined> {
  const shared = await rt.store.readShared(plan.key.id, plan.key.path)
  if (!shared || shared.meta.createdAt <= stale.meta.createdAt) return undefined
  const fresh = classify(shared.meta, rt.o.now(), await rt.invalidations.times(shared.meta)) === 'fresh'
  return fresh ? shared : undefined
}

async function renderAndStore(
  rt: Runtime,
  plan: CachePlan,
  call: Call,
  background: boolean,
  settle: (outcome: Outcome) => void,
): Promise<Regenerated> {
  const id = plan.key.id
  const createdAt = rt.stamp()
  const deadline = new Deadline(plan.route.renderTimeout)
  const produced = await produce({ plan, render: call.render, background, deadline, ...limits(rt) })
  rt.events.emit(renderEvent(rt, plan, produced, createdAt, true))
  try {
    switch (produced.kind) {
      case 'threw':
      case 'timed-out':
      case 'server-error': {
        rt.backoff.fail(id)
        const error =
          produced.kind === 'server-error' ? new Error(`status ${produced.response.status}`) : produced.error
        rt.events.error(regenerateError(plan.key.url, error.cause ?? error), id, plan.key.url)
        if (produced.kind === 'server-error') {
          settle(produced.shared ? { kind: 'failed', response: produced.shared } : { kind: 'uncacheable' })
          return { kind: 'failed', response: replay(produced.response) }
        }
        settle({ kind: 'failed', error: error.cause ?? error, timedOut: produced.kind === 'timed-out' })
        return { kind: 'failed', error }
      }
      case 'uncacheable':
        settle({ kind: 'uncacheable' })
        // A render unfit for sharing because of this visitor's cookies or URL says nothing against the entry.
        if (!speaksOfRequest(produced.reason)) await forget(rt, plan)
        return { kind: 'uncacheable', response: produced.response, reason: produced.reason }
      case 'cacheable': {
        rt.backoff.succeed(id)
        const body = await collect(produced.response.body, rt.o.maxEntryBytes, deadline.signal)
        if (deadline.expired) {
          failLate(rt, plan, deadline, settle)
          return { kind: 'failed', error: renderTimeoutError(plan.key.url, deadline.seconds, 'body') }
        }
        if (!body) {
          settle({ kind: 'uncacheable' })
          await forget(rt, plan)
          return { kind: 'uncacheable', response: new Response(null, { status: 413 }), reason: 'too-large' }
        }
        const entry = await buildEntry({ plan, ...produced, body, createdAt, buildId: rt.o.buildId })
        await persist(rt, plan, entry, settle)
        return { kind: 'stored', entry }
      }
    }
  } catch (cause) {
    const error = regenerateError(plan.key.url, cause)
    settle({ kind: 'failed', error })
    rt.events.error(error, id, plan.key.url)
    return { kind: 'failed', error }
  } finally {
    deadline.clear()
  }
}

/**
 * Request flow 5: regenerate a stale entry after the response, unless one is running or backing off. An
 * adapter whose framework cannot render once its visitor is answered (SvelteKit, a Node server) says how a
 * regeneration request reaches the app again (`ctx.regenerateThrough`); the app's isrkit renders and stores
 * it there, as for an eager regeneration. Otherwise the render runs here, after the response.
 */
export function regenerateInBackground(rt: Runtime, plan: CachePlan, call: Call, stale: Entry): void {
  const id = plan.key.id
  const { sending } = rt.flights
  if (rt.flights.isRunning(id) || rt.backoff.blocked(id) || sending.has(id)) return
  const through = call.ctx.regenerateThrough
  if (!through) {
    rt.track(regenerate(rt, plan, call, true, stale), call.ctx)
    return
  }
  sending.add(id)
  const sent = requestRegeneration(rt, through, { url: plan.key.url, replay: plan.key.headers })
  rt.track(
    sent.finally(() => sending.delete(id)),
    call.ctx,
  )
}

/**
 * A request an eager invalidation sent to the app: its token proves it came from an isrkit instance of this
 * site. It renders the URL it names, stores it whatever the entry's state, and answers `REVALIDATED`.
 */
export async function answerRegenerate(rt: Runtime, call: Call): Promise<Response | undefined> {
  const { request } = call
  const target = request.headers.get(REGENERATE_URL_HEADER) ?? request.url
  if (!URL.canParse(target)) return undefined
  if (!(await rt.tokens.verify(request.headers.get(REGENERATE_HEADER), target, rt.o.now()))) return undefined
  const headers = new Headers(request.headers)
  headers.delete(REGENERATE_HEADER)
  headers.delete(REGENERATE_URL_HEADER)
  const own: Call = { ...call, request: new Request(target, { headers }) }
  const plan = planRequest(own.request, new URL(target), rt.o, call.ctx)
  if ('bypass' in plan) return bypass(rt, own, plan.bypass)
  // A framework that renders the request it received renders it for the address it arrived on: stored
  // under the target's key only when that is the target's own origin (docs/architecture.md "Origins").
  if (call.ctx.rendersOwnOrigin && new URL(request.url).origin !== new URL(target).origin) {
    plan.unkeyed = 'unkeyed-origin'
  }
  // The eager regeneration's own request: rendered for it, in its foreground.
  const result = await regenerate(rt, plan, own, false)
  switch (result.kind) {
    case 'stored': {
      const status = { fwd: 'request' as const, stored: true }
      const now = rt.o.now()
      const { browserCacheControl } = rt.o
      return answerResponse(
        entryAnswer({ entry: result.entry, state: 'REVALIDATED', status, now, head: false, browserCacheControl }),
      )
    }
    case 'uncacheable':
      return passThrough(result.response, 'BYPASS', { fwd: 'request', detail: result.reason })
    case 'running':
      return Response.json({ ok: true, running: true }, { headers: { 'x-isr-cache': 'REVALIDATED' } })
    case 'failed':
      return (
        result.response ??
        Response.json(
          { ok: false, error: result.error?.message ?? 'render failed' },
          { status: 502, headers: { 'x-isr-cache': 'MISS' } },
        )
      )
  }
}

/**
 * Sends one regeneration request — the keyed URL, the variant's headers, a token bound to that URL — through
 * `send`; the isrkit that receives it renders and stores it (answerRegenerate). Failures are reported, never
 * thrown.
 */
export async function requestRegeneration(
  rt: Runtime,
  send: RegenerateThrough,
  variant: Pick<Variant, 'url' | 'replay'>,
) {
  const headers = new Headers(variant.replay)
  headers.set(REGENERATE_HEADER, await rt.tokens.issue(variant.url, rt.o.now()))
  headers.set(REGENERATE_URL_HEADER, variant.url)
  // A CDN in front must forward it, not answer it.
  headers.set('cache-control', 'no-cache')
  try {
    const response = await send(new Request(variant.url, { headers }))
    await response.body?.cancel()
    if (response.headers.get('x-isr-cache') !== 'REVALIDATED') {
      throw new Error(`answered ${response.status} without x-isr-cache: REVALIDATED (does the request reach isrkit?)`)
    }
  } catch (cause) {
    rt.events.error(regenerateError(variant.url, cause), undefined, variant.url)
  }
}

/**
 * The transport to a server's own address (or the configured `origin`): the regeneration request's path,
 * query and headers, sent there. A CDN or load balancer in between may hand it to any instance.
 */
export function toOrigin(origin: string): RegenerateThrough {
  return (request) => {
    const { pathname, search } = new URL(request.url)
    return fetch(new URL(`${pathname}${search}`, origin), { headers: request.headers, redirect: 'manual' })
  }
}

/** Whether `request` is a regeneration an isrkit instance of this site sent: its token is valid for its URL. */
export async function verifyRegeneration(rt: Runtime, request: Request): Promise<boolean> {
  const token = request.headers.get(REGENERATE_HEADER)
  if (!token) return false
  const target = request.headers.get(REGENERATE_URL_HEADER) ?? request.url
  return URL.canParse(target) && rt.tokens.verify(token, target, rt.o.now())
}
