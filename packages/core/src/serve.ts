// The foreground of the request flow (docs/architecture.md "The request flow" 4–7): hits, stale hits, misses under single flight.

import { chooseBody, storedBody } from './bodies.ts'
import { BYPASS_PARAM } from './defaults.ts'
import { devExplanation, EXPLAIN_HEADER } from './dev-explain.ts'
import type { Entry } from './entry.ts'
import type { Outcome } from './flight.ts'
import { ttlOf } from './freshness.ts'
import { answerResponse, type CacheStatusParams, entryAnswer, gatewayTimeout, passThrough } from './headers.ts'
import { type Held, type Lead, storedMeanwhile, takeLease, waitForEntry } from './lead.ts'
import { renderAndSettle } from './outcome.ts'
import { HEADER_READ } from './policy.ts'
import { REGENERATE_HEADER, REGENERATE_URL_HEADER, regenerate } from './regenerate.ts'
import { replay } from './render.ts'
import { type CachePlan, planRequest } from './request.ts'
import type { Call, Runtime } from './runtime.ts'
import { newScope, runInScope } from './scope.ts'
import type { CachedAnswer, RequestLike } from './types.ts'

/** Events and logs never carry the draft token a visitor sent. */
function withoutBypassToken(url: string): string {
  if (!url.includes(BYPASS_PARAM)) return url
  const parsed = new URL(url)
  parsed.searchParams.delete(BYPASS_PARAM)
  return parsed.href
}

/** Bypass reasons that mean the render was made for this visitor alone. */
const PERSONAL = new Set(['authorization', 'draft', 'cookie'])

/** A fresh entry as plain parts (200 or 304): what `handle` turns into a Response and `lookup` returns. */
export function hitAnswer(rt: Runtime, plan: CachePlan, entry: Entry, request: RequestLike): CachedAnswer {
  const now = rt.o.now()
  const age = Math.floor((now - entry.meta.createdAt) / 1000)
  rt.events.emit({ type: 'hit', key: plan.key.id, url: plan.key.url, age })
  return answer(rt, plan, entry, request, 'HIT', { hit: true, ttl: ttlOf(entry.meta, now) })
}

export function hit(rt: Runtime, plan: CachePlan, entry: Entry, call: Call): Response {
  return answerResponse(hitAnswer(rt, plan, entry, call.request))
}

const STALE_DETAIL = {
  revalidate: 'stale-while-revalidate',
  error: 'stale-if-error',
  'previous-build': 'previous-build',
} as const

export function serveStale(
  rt: Runtime,
  plan: CachePlan,
  entry: Entry,
  call: Call,
  reason: 'revalidate' | 'error' | 'previous-build',
): Response {
  const now = rt.o.now()
  const age = Math.floor((now - entry.meta.createdAt) / 1000)
  rt.events.emit({ type: 'stale', key: plan.key.id, url: plan.key.url, age, reason })
  const detail = STALE_DETAIL[reason]
  const status = { hit: true, ttl: ttlOf(entry.meta, now), detail }
  return answerResponse(answer(rt, plan, entry, call.request, 'STALE', status))
}

function answer(
  rt: Runtime,
  plan: CachePlan,
  entry: Entry,
  request: RequestLike,
  state: 'HIT' | 'STALE' | 'MISS',
  status: CacheStatusParams,
): CachedAnswer {
  return entryAnswer({
    entry,
    body: chooseBody(entry, request.headers.get('accept-encoding'), rt.cache.store.account),
    state,
    status,
    now: rt.o.now(),
    head: plan.head,
    browserCacheControl: rt.o.browserCacheControl,
    ifNoneMatch: request.headers.get('if-none-match'),
    cdn: rt.o.cdn ? { dialect: rt.o.cdn, varies: plan.key.varies } : undefined,
  })
}

/**
 * Request flow 9 with an adapter that observes reads: an entry whose render read cookies was rendered for a
 * visitor without any, and may not answer one who carries some.
 */
export function servable(plan: CachePlan, entry: Entry): boolean {
  return !(plan.personal && entry.meta.readsCookies)
}

/** Renders without the cache: the request may not be answered from it, or the render may not be shared. */
export async function bypass(rt: Runtime, call: Call, reason: string): Promise<Response> {
  rt.events.emit({ type: 'bypass', url: withoutBypassToken(call.request.url), reason })
  const render = () => call.render(call.request, { background: false })
  if (reason === 'dev') return devBypass(rt, call, render)
  // An editor's preview shows the data as it is now: its cached calls call through (docs/architecture.md "Cached functions").
  const response = await (reason === 'draft' ? runInScope(newScope(true), [call.request], render) : render())
  return passThrough(response, 'BYPASS', { fwd: 'bypass', detail: reason }, { personal: PERSONAL.has(reason) })
}

/** Dev: rendered as any bypass, and told what production would do with it (`x-isr-explain`). */
async function devBypass(rt: Runtime, call: Call, render: () => Response | Promise<Response>): Promise<Response> {
  const used = newScope(false)
  const response = await runInScope(used, [call.request], render)
  const explained = devExplanation(rt, call, response, used)
  const answer = passThrough(response, 'BYPASS', { fwd: 'bypass', detail: 'dev' })
  answer.headers.set(EXPLAIN_HEADER, JSON.stringify(explained))
  return answer
}

/**
 * No usable entry (or only one past `expire`, kept as `fallback` for stale-if-error). Joins a render already
 * running for the key in this process; else takes the cross-instance lease and renders, streaming to this
 * client while the entry is stored. While another instance holds the lease, this request waits for that
 * instance's entry (bounded by `lease.wait`, then renders anyway).
 */
export async function miss(rt: Runtime, plan: CachePlan, call: Call, fallback: Entry | undefined): Promise<Response> {
  const id = plan.key.id
  const running = rt.flight.single.join(id)
  if (running) {
    rt.events.emit({ type: 'miss', key: id, url: plan.key.url, collapsed: true })
    return collapsed(rt, plan, call, await running, fallback)
  }
  // Past a failure, an entry within stale-if-error stands in until the backoff allows another attempt.
  if (fallback && rt.flight.backoff.blocked(id)) return serveStale(rt, plan, fallback, call, 'error')
  rt.events.emit({ type: 'miss', key: id, url: plan.key.url, collapsed: false })
  const settle = rt.flight.single.lead(id)
  const held = await takeLease(rt, id)
  const stored = held && (await storedMeanwhile(rt, held, plan.key))
  if (held && !stored) return renderMiss(rt, plan, call, fallback, { settle, held })
  // Another instance renders it: an entry past `expire` only stands in for a failed render, so wait.
  const entry = stored || (await waitForEntry(rt, plan.key))
  if (entry) {
    settle({ kind: 'stored', entry })
    return collapsed(rt, plan, call, { kind: 'stored', entry }, undefined)
  }
  return renderMiss(rt, plan, call, fallback, { settle, held: (await takeLease(rt, id)) ?? NOT_HELD })
}

/** The waiting bound passed without an entry: render, whether or not the lease could be had. */
const NOT_HELD: Held = { release: async () => {} }

async function renderMiss(
  rt: Runtime,
  plan: CachePlan,
  call: Call,
  fallback: Entry | undefined,
  lead: Lead,
): Promise<Response> {
  const work = { ...lead, background: false, entryExists: fallback !== undefined }
  const outcome = await renderAndSettle(rt, plan, call, work)
  switch (outcome.kind) {
    case 'storing':
      return outcome.response
    case 'uncacheable': {
      const personal = outcome.reason === 'cookie-read' || outcome.reason.startsWith(HEADER_READ)
      const status = { fwd: 'uri-miss' as const, detail: outcome.reason }
      return passThrough(outcome.response, 'BYPASS', status, { head: plan.head, personal })
    }
    case 'failed':
      if (fallback) return serveStale(rt, plan, fallback, call, 'error')
      if (outcome.timedOut) return gatewayTimeout(plan.head)
      if (outcome.response) {
        const status = { fwd: 'uri-miss' as const, fwdStatus: outcome.response.status }
        return passThrough(replay(outcome.response), 'MISS', status, { head: plan.head })
      }
      throw outcome.cause
  }
}

async function collapsed(rt: Runtime, plan: CachePlan, call: Call, outcome: Outcome, fallback: Entry | undefined) {
  switch (outcome.kind) {
    case 'stored':
      if (!servable(plan, outcome.entry)) return bypass(rt, call, 'cookie')
      return answerResponse(answer(rt, plan, outcome.entry, call.request, 'MISS', { fwd: 'uri-miss', collapsed: true }))
    case 'uncacheable':
      return bypass(rt, call, 'uncacheable')
    case 'elsewhere': {
      const entry = await waitForEntry(rt, plan.key)
      if (entry && servable(plan, entry)) {
        return answerResponse(answer(rt, plan, entry, call.request, 'MISS', { fwd: 'uri-miss', collapsed: true }))
      }
      return bypass(rt, call, 'uncacheable')
    }
    case 'failed':
      if (fallback) return serveStale(rt, plan, fallback, call, 'error')
      if (outcome.response) {
        const status = { fwd: 'uri-miss' as const, fwdStatus: outcome.response.status, collapsed: true }
        return passThrough(replay(outcome.response), 'MISS', status, { head: plan.head })
      }
      if (outcome.timedOut) return gatewayTimeout(plan.head)
      throw outcome.error
  }
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
        // Its sender reads the state, never the body: whichever stored body, nothing decoded for it.
        entryAnswer({
          entry: result.entry,
          body: storedBody(result.entry, 0),
          state: 'REVALIDATED',
          status,
          now,
          head: false,
          browserCacheControl,
        }),
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
