// docs/architecture.md "Explain": in dev every page is rendered, and each answer says what production would do
// with it — `x-isr-explain: {"rule":…,"cached":…}` — from the same decisions (`planRequest` without `dev`,
// `decide`, and the tags of the cached calls the render made), for the Astro toolbar app and for reading in
// a browser's network panel.
import { BYPASS_REASONS } from './explain.ts'
import { decide, inherit } from './policy.ts'
import { planRequest } from './request.ts'
import type { Call, Runtime } from './runtime.ts'
import type { RenderScope } from './scope.ts'

export const EXPLAIN_HEADER = 'x-isr-explain'

export interface DevExplanation {
  /** The matched route rule's pattern, or null. */
  rule: string | null
  cached: boolean
  /** Why production would not store it (a refusal's detail, or a bypass reason in words). */
  reason?: string
  revalidate?: number
  expire?: number
  tags?: string[]
}

export function devExplanation(rt: Runtime, call: Call, response: Response, used: RenderScope): DevExplanation {
  const url = new URL(call.request.url)
  const o = { ...rt.o, dev: false }
  const plan = planRequest(call.request, url, o, call.ctx)
  const route = 'bypass' in plan ? o.routes.match(url.pathname, call.ctx.routeId) : plan.route
  const rule = route.pattern ?? null
  if ('bypass' in plan) return { rule, cached: false, reason: BYPASS_REASONS[plan.bypass] ?? plan.bypass }
  const decision = decide({
    response,
    route: plan.route,
    notFoundRevalidate: rt.o.notFoundRevalidate,
    maxEntryBytes: rt.o.maxEntryBytes,
    personal: plan.personal,
    unkeyed: plan.unkeyed,
    maxLifetime: rt.o.routes.maxLifetime,
  })
  if (!decision.store) return { rule, cached: false, reason: decision.reason }
  const policy = inherit(decision.policy, used)
  return { rule, cached: true, revalidate: policy.revalidate, expire: policy.expire, tags: policy.tags }
}
