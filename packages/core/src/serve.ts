// The foreground of the request flow (docs/architecture.md "The request flow" 4–7): hits, stale hits, misses under single flight.

import { Deadline } from './deadline.ts'
import { BYPASS_PARAM } from './defaults.ts'
import type { Entry } from './entry.ts'
import type { Outcome } from './flight.ts'
import { ttlOf } from './freshness.ts'
import { answerResponse, type CacheStatusParams, entryAnswer, gatewayTimeout, passThrough } from './headers.ts'
import { type Held, takeLease, waitForEntry } from './lead.ts'
import { streamAndStore } from './persist.ts'
import { HEADER_READ, speaksOfRequest } from './policy.ts'
import { EVERY_HEADER } from './reads.ts'
import { type Produced, produce, replay } from './render.ts'
import type { CachePlan } from './request.ts'
import type { Call, Runtime } from './runtime.ts'
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
 * Design flow 9 with an adapter that observes reads: an entry whose render read cookies was rendered for a
 * visitor without any, and may not answer one who carries some.
 */
export function servable(plan: CachePlan, entry: Entry): boolean {
  return !(plan.personal && entry.meta.readsCookies)
}

/** Renders without the cache: the request may not be answered from it, or the render may not be shared. */
export async function bypass(rt: Runtime, call: Call, reason: string): Promise<Response> {
  rt.events.emit({ type: 'bypass', url: withoutBypassToken(call.request.url), reason })
  const response = await call.render(call.request, { background: false })
  return passThrough(response, 'BYPASS', { fwd: 'bypass', detail: reason }, { personal: PERSONAL.has(reason) })
}

/**
 * No usable entry (or only one past `expire`, kept as `fallback` for stale-if-error). Joins a render already
 * running for the key in this process; else takes the cross-instance lease and renders, streaming to this
 * client while the entry is stored. While another instance holds the lease, this request waits for that
 * instance's entry (bounded by `lease.wait`, then renders anyway).
 */
export async function miss(rt: Runtime, plan: CachePlan, call: Call, fallback: Entry | undefined): Promise<Response> {
  const id = plan.key.id
  const running = rt.flights.join(id)
  if (running) {
    rt.events.emit({ type: 'miss', key: id, url: plan.key.url, collapsed: true })
    return collapsed(rt, plan, call, await running, fallback)
  }
  // Past a failure, an entry within stale-if-error stands in until the backoff allows another attempt.
  if (fallback && rt.backoff.blocked(id)) return serveStale(rt, plan, fallback, call, 'error')
  rt.events.emit({ type: 'miss', key: id, url: plan.key.url, collapsed: false })
  const settle = rt.flights.lead(id)
  const held = await takeLease(rt, id)
  if (held) return renderMiss(rt, plan, call, fallback, settle, held)
  // Another instance renders it: an entry past `expire` only stands in for a failed render, so wait.
  const entry = await waitForEntry(rt, plan)
  if (entry) {
    settle({ kind: 'stored', entry })
    return collapsed(rt, plan, call, { kind: 'stored', entry }, undefined)
  }
  return renderMiss(rt, plan, call, fallback, settle, (await takeLease(rt, id)) ?? NOT_HELD)
}

/** The waiting bound passed without an entry: render, whether or not the lease could be had. */
const NOT_HELD: Held = { release: async () => {} }

async function renderMiss(
  rt: Runtime,
  plan: CachePlan,
  call: Call,
  fallback: Entry | undefined,
  settle: (outcome: Outcome) => void,
  held: Held,
): Promise<Response> {
  const id = plan.key.id
  const createdAt = rt.stamp()
  const deadline = new Deadline(plan.route.renderTimeout)
  const produced = await produce({ plan, render: call.render, background: false, deadline, ...limits(rt) })
  rt.events.emit(renderEvent(rt, plan, produced, createdAt, false))
  if (produced.kind === 'cacheable') {
    rt.backoff.succeed(id)
    return streamAndStore(rt, plan, call, { ...produced, createdAt, deadline }, settle, held)
  }
  deadline.clear()
  await held.release()
  switch (produced.kind) {
    case 'threw':
      rt.backoff.fail(id)
      settle({ kind: 'failed', error: produced.error.cause })
      rt.events.error(produced.error, id, plan.key.url)
      if (fallback) return serveStale(rt, plan, fallback, call, 'error')
      throw produced.error.cause
    case 'timed-out':
      rt.backoff.fail(id)
      settle({ kind: 'failed', error: produced.error, timedOut: true })
      rt.events.error(produced.error, id, plan.key.url)
      if (fallback) return serveStale(rt, plan, fallback, call, 'error')
      return gatewayTimeout(plan.head)
    case 'server-error':
      rt.backoff.fail(id)
      settle(produced.shared ? { kind: 'failed', response: produced.shared } : { kind: 'uncacheable' })
      if (fallback) return serveStale(rt, plan, fallback, call, 'error')
      return passThrough(
        replay(produced.response),
        'MISS',
        { fwd: 'uri-miss', fwdStatus: produced.response.status },
        { head: plan.head },
      )
    case 'uncacheable':
      settle({ kind: 'uncacheable' })
      // The page no longer asks to be cached: its old entry must not come back once this one is gone.
      if (fallback && !speaksOfRequest(produced.reason)) rt.track(forget(rt, plan), call.ctx)
      warnOfUnshared(rt, plan, produced.reason)
      return passThrough(
        produced.response,
        'BYPASS',
        { fwd: 'uri-miss', detail: produced.reason },
        { head: plan.head, personal: produced.reason === 'cookie-read' || produced.reason.startsWith(HEADER_READ) },
      )
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
      const entry = await waitForEntry(rt, plan)
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

/** The page stopped asking to be cached (or now sets a cookie, or grew too large): its old entry must go. */
export async function forget(rt: Runtime, plan: CachePlan): Promise<void> {
  await rt.store.delete(plan.key.id, plan.key.path)
  rt.variants.remove(plan.key.path, plan.key.id)
}

export function limits(rt: Runtime) {
  const { notFoundRevalidate, maxEntryBytes, routes } = rt.o
  return { notFoundRevalidate, maxEntryBytes, maxLifetime: routes.maxLifetime }
}

export function renderEvent(rt: Runtime, plan: CachePlan, produced: Produced, startedAt: number, background: boolean) {
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
