// docs/architecture.md "Explain": why a URL is (or is not) answered from the cache, from the decisions the
// request flow makes — planRequest's bypass, the route rule, the entry, the records classify reads — as one
// JSON document. It names secrets by nothing: vary cookie values are masked, and the explained request's
// credentials are never used.

import { maskedKey } from './credentials.ts'
import type { Entry } from './entry.ts'
import { classify, type Freshness, isNegative } from './freshness.ts'
import type { Plan } from './request.ts'
import type { ResolvedRoute } from './routes.ts'
import type { Runtime } from './runtime.ts'
import type { ConsultedRecord } from './tags.ts'

export type Verdict = Freshness | 'none' | 'bypass'

export interface Explanation {
  key: string | null
  rule: ExplainedRule | null
  bypass: string | null
  entry: ExplainedEntry | null
  records: (ConsultedRecord & { decisive: boolean })[]
  verdict: Verdict
  reason: string
  notStored: string | null
}

export interface ExplainedRule {
  pattern: string | null
  revalidate: number | false
  expire: number
  staleIfError: number
  tags: readonly string[]
  vary: { headers: readonly string[]; cookies: readonly string[] }
}

export interface ExplainedEntry {
  status: number
  size: number
  tags: string[]
  buildId: string
  createdAt: number
  revalidateAt: number
  expireAt: number
  staleIfErrorAt: number
  etag: string
  encodings: string[]
  tier: 'memory' | 'storage'
  readsCookies: boolean
}

/** What planRequest's bypass reasons mean to an operator. */
export const BYPASS_REASONS: Record<string, string> = {
  method: 'only GET and HEAD are cached',
  dev: '`dev` is on: every request is rendered',
  authorization: 'the request carries Authorization (RFC 9111 §3.5): it is rendered for that visitor alone',
  draft: 'a draft cookie or the bypass token: rendered fresh, never stored',
  route: 'its route rule is `false`',
  host: 'its host is not one of `hosts`',
  'raw-url': 'its raw path resolves to another page than the one it names',
  cookie: 'the request carries cookies the route neither varies on nor ignores',
  'variant-limit': 'its path already has `query.maxVariants` variants stored',
}

export async function explain(rt: Runtime, plan: Plan, route: ResolvedRoute): Promise<Explanation> {
  const rule = explainedRule(route)
  if ('bypass' in plan) {
    const reason = `Not cached: ${BYPASS_REASONS[plan.bypass] ?? plan.bypass}.`
    return {
      key: null,
      rule,
      bypass: plan.bypass,
      entry: null,
      records: [],
      verdict: 'bypass',
      reason,
      notStored: null,
    }
  }
  const key = maskedKey(plan.key.id)
  const notStored = rt.cache.notStored.get(plan.key.id) ?? null
  const memory = rt.cache.store.peek(plan.key.id)
  const entry = memory ?? (await rt.cache.store.readShared(plan.key.id, plan.key.path))
  if (!entry) {
    const reason = notStored
      ? `Nothing stored: the last render was not stored (${notStored}).`
      : route.revalidate === false && route.pattern === undefined
        ? 'Nothing stored, and nothing asks for it: no route rule matches and the page sets no Cache-Control for shared caches.'
        : 'Nothing stored yet: the next request renders and stores it.'
    return { key, rule, bypass: null, entry: null, records: [], verdict: 'none', reason, notStored }
  }
  const consulted = await rt.cache.invalidations.consulted(entry.meta)
  const now = rt.o.now()
  const times = rt.cache.invalidations.peek(entry.meta) ?? (await rt.cache.invalidations.times(entry.meta))
  const verdict = classify(entry.meta, now, times)
  const records = consulted.map((record) => ({
    ...record,
    decisive: decisive(record, entry, verdict),
  }))
  const cookieBypass = plan.personal && entry.meta.readsCookies
  return {
    key,
    rule,
    bypass: cookieBypass ? 'cookie' : null,
    entry: explainedEntry(entry, memory ? 'memory' : 'storage'),
    records,
    verdict: cookieBypass ? 'bypass' : verdict,
    reason: cookieBypass
      ? 'Not served to this request: the stored render read cookies, and this request carries cookies the key does not hold.'
      : reasonOf(verdict, entry, records, now),
    notStored,
  }
}

function explainedRule(route: ResolvedRoute): ExplainedRule | null {
  if (route.pattern === undefined && route.revalidate === false) return null
  return {
    pattern: route.pattern ?? null,
    revalidate: route.revalidate,
    expire: route.expire,
    staleIfError: route.staleIfError,
    tags: route.tags,
    vary: route.vary,
  }
}

function explainedEntry(entry: Entry, tier: ExplainedEntry['tier']): ExplainedEntry {
  const { meta } = entry
  return {
    status: meta.status,
    size: meta.bodies.reduce((sum, body) => sum + body.size, 0),
    tags: meta.tags,
    buildId: meta.buildId,
    createdAt: meta.createdAt,
    revalidateAt: meta.revalidateAt,
    expireAt: meta.expireAt,
    staleIfErrorAt: meta.staleIfErrorAt,
    etag: meta.etag,
    encodings: meta.bodies.map((body) => body.coding),
    tier,
    readsCookies: meta.readsCookies,
  }
}

/** The record that decided: a purge for `gone`, an invalidation at or after the render for `stale`. */
function decisive(record: ConsultedRecord, entry: Entry, verdict: Freshness): boolean {
  const { createdAt } = entry.meta
  if (verdict === 'gone') return record.purge > 0 && record.purge >= createdAt
  if (verdict === 'stale') return record.at > 0 && record.at >= createdAt
  return false
}

function reasonOf(
  verdict: Freshness,
  entry: Entry,
  records: { kind: string; name: string; at: number; decisive: boolean }[],
  now: number,
): string {
  const { meta } = entry
  const at = (ms: number) => new Date(ms).toISOString()
  const by = records.find((record) => record.decisive)
  switch (verdict) {
    case 'fresh':
      return `Fresh: served from the cache until ${at(meta.revalidateAt)} (${Math.round((meta.revalidateAt - now) / 1000)} s left).`
    case 'stale':
      return by
        ? `Stale: ${by.kind} "${by.name}" was invalidated at ${at(by.at)}, after this render began; served once more while one render refreshes it.`
        : `Stale: past revalidate since ${at(meta.revalidateAt)}; served once more while one render refreshes it.`
    case 'expired':
      return `Expired at ${at(meta.expireAt)}: the next request renders it, and this entry stands in only if that fails (until ${at(meta.staleIfErrorAt)}).`
    case 'gone':
      if (by) return `Gone: ${by.kind} "${by.name}" was purged at ${at(by.at)}; the next request renders it.`
      if (isNegative(meta)) return `Gone: a ${meta.status} is never served stale; the next request renders it.`
      return `Gone: past stale-if-error since ${at(meta.staleIfErrorAt)}; the next request renders it.`
  }
}
