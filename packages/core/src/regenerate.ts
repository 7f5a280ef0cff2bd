// Regeneration without a waiting visitor (docs/architecture.md "Work no visitor waits on"): in the
// background for a stale hit (request flow 5), and on demand for eager invalidations, which reach the app
// through a request of its own (as Next.js's on-demand revalidation does), so any framework and any
// instance can render it.

import type { Entry } from './entry.ts'
import { regenerateError } from './errors.ts'
import { freshShared, takeLease } from './lead.ts'
import { renderAndSettle } from './outcome.ts'
import { replay } from './render.ts'
import type { CachePlan } from './request.ts'
import type { Call, Runtime } from './runtime.ts'
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

/**
 * Renders `plan` under the single-flight lease and stores the result; never throws. `background`: no
 * visitor waits for this render (a stale page's regeneration), see RenderInfo.
 */
export async function regenerate(
  rt: Runtime,
  plan: CachePlan,
  call: Call,
  background: boolean,
  stale?: Entry,
): Promise<Regenerated> {
  const id = plan.key.id
  if (rt.flight.single.isRunning(id)) return { kind: 'running' }
  const settle = rt.flight.single.lead(id)
  const held = await takeLease(rt, id)
  if (!held) {
    settle({ kind: 'elsewhere' })
    return { kind: 'running' }
  }
  // Another instance may have regenerated it already, up to the moment this one took the lease (a read
  // before the lease would miss what it stored meanwhile): adopt that entry rather than render again.
  const newer = stale && (await freshShared(rt, plan.key.id, plan.key.path, { newerThan: stale.meta.createdAt }))
  if (newer) {
    await held.release()
    settle({ kind: 'stored', entry: newer })
    return { kind: 'stored', entry: newer }
  }
  const outcome = await renderAndSettle(rt, plan, call, { background, settle, held, entryExists: stale !== undefined })
  switch (outcome.kind) {
    case 'storing': {
      // No reader: the tee's other branch is what is stored.
      outcome.response.body?.cancel().catch(() => {})
      const stored = await outcome.stored
      return stored instanceof Error ? { kind: 'failed', error: stored } : { kind: 'stored', entry: stored }
    }
    case 'uncacheable':
      return outcome
    case 'failed':
      return outcome.response
        ? { kind: 'failed', response: replay(outcome.response) }
        : { kind: 'failed', error: outcome.error }
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
  const { sending } = rt.flight.single
  if (rt.flight.single.isRunning(id) || rt.flight.backoff.blocked(id) || sending.has(id)) return
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
