// Route rules: pattern → policy, most specific pattern wins (rou3's ordering: static > param > wildcard).
// Patterns speak the frameworks' file-route dialects: `[param]`, `[[optional]]`, `[...rest]`, `(group)`,
// plus `*` (one segment) and `**` (any number of segments).
import { addRoute, createRouter, findRoute, type RouterContext } from 'rou3'
import { TRACKING_PARAMS } from './defaults.ts'
import { optionError } from './errors.ts'
import { type NameMatcher, nameMatcher } from './match.ts'
import type { QueryOptions, RouteRule, RouteRules, VaryOptions } from './types.ts'
import * as v from './validate.ts'

export interface ResolvedRoute {
  /** The pattern as the user wrote it; undefined when no rule matched. */
  pattern: string | undefined
  /** A `false` rule: the route is never cached. */
  bypass: boolean
  revalidate: number | false
  expire: number
  staleIfError: number
  /** Seconds a render may take, to its last byte, before it counts as failed. */
  renderTimeout: number
  tags: readonly string[]
  query: { include: NameMatcher | undefined; exclude: NameMatcher; maxVariants: number }
  vary: { headers: readonly string[]; cookies: readonly string[] }
  /** Which request cookies never affect this route's renders. */
  ignoreCookies: NameMatcher
}

export interface RouteDefaults {
  revalidate: number | false
  expire: number
  staleIfError: number
  renderTimeout: number
  query: QueryOptions
  vary: VaryOptions
  ignoreCookies: string[]
  maxVariants: number
}

export interface CompiledRoutes {
  /** `routeId`: the framework's id of the matched route (SvelteKit's `event.route.id`), tried before the pathname. */
  match(pathname: string, routeId?: string): ResolvedRoute
  /** Whether any rule exists; with none and no global revalidate, only pages that ask are cached. */
  readonly size: number
  /**
   * Seconds the longest-lived entry can be served (the largest expire + staleIfError of the defaults and the
   * rules): pages cannot ask for more, and invalidation records need to live no longer.
   */
  readonly maxLifetime: number
}

const RULE_KEYS = [
  'revalidate',
  'expire',
  'staleIfError',
  'renderTimeout',
  'tags',
  'query',
  'vary',
  'ignoreCookies',
] as const satisfies readonly (keyof RouteRule)[]
const _everyRuleKeyListed: v.Exhaustive<RouteRule, (typeof RULE_KEYS)[number]> = true

export function compileRoutes(rules: RouteRules | undefined, defaults: RouteDefaults): CompiledRoutes {
  const fallback = resolveRule(undefined, {}, defaults, 'options')
  let maxLifetime = lifetimeOf(fallback)
  if (rules === undefined) return { match: () => fallback, size: 0, maxLifetime }
  const router: RouterContext<ResolvedRoute> = createRouter()
  const byId = new Map<string, ResolvedRoute>()
  const entries = Object.entries(v.object('routes', rules, Object.keys(rules ?? {})))
  for (const [pattern, rule] of entries) {
    const path = `routes['${pattern}']`
    const compiled = toRou3(pattern, path)
    const resolved =
      rule === false
        ? { ...fallback, pattern, bypass: true }
        : resolveRule(pattern, v.object(path, rule, RULE_KEYS) as RouteRule, defaults, path)
    addRoute(router, '', compiled, resolved)
    byId.set(pattern, resolved)
    maxLifetime = Math.max(maxLifetime, lifetimeOf(resolved))
  }
  return {
    match: (pathname, routeId) =>
      (routeId === undefined ? undefined : (byId.get(routeId) ?? byId.get(withoutGroups(routeId)))) ??
      findRoute(router, '', pathname, { params: false })?.data ??
      fallback,
    size: entries.length,
    maxLifetime,
  }
}

const lifetimeOf = (route: ResolvedRoute) => route.expire + route.staleIfError

function resolveRule(pattern: string | undefined, rule: RouteRule, d: RouteDefaults, path: string): ResolvedRoute {
  const revalidate =
    rule.revalidate === undefined ? d.revalidate : v.secondsOrFalse(`${path}.revalidate`, rule.revalidate)
  const expire = rule.expire === undefined ? d.expire : v.seconds(`${path}.expire`, rule.expire)
  if (revalidate !== false && expire < revalidate) {
    throw optionError(
      pattern === undefined ? 'expire' : `${path}.expire`,
      `seconds >= revalidate (${revalidate})`,
      expire,
    )
  }
  return {
    pattern,
    bypass: false,
    revalidate,
    expire,
    staleIfError:
      rule.staleIfError === undefined ? d.staleIfError : v.seconds(`${path}.staleIfError`, rule.staleIfError),
    renderTimeout:
      rule.renderTimeout === undefined
        ? d.renderTimeout
        : v.positiveSeconds(`${path}.renderTimeout`, rule.renderTimeout),
    tags:
      rule.tags === undefined
        ? []
        : v.stringList(`${path}.tags`, rule.tags, v.TAG, 'a tag of visible characters without commas'),
    query:
      rule.query === undefined
        ? resolveQuery(d.query, 'query', d.maxVariants)
        : resolveQuery(rule.query, `${path}.query`, d.maxVariants),
    vary: resolveVary(d.vary, rule.vary, path),
    ignoreCookies: resolveIgnoreCookies(rule.ignoreCookies, d.ignoreCookies, path),
  }
}

function resolveQuery(query: QueryOptions, path: string, maxVariants: number): ResolvedRoute['query'] {
  const q = v.object(path, query, ['include', 'exclude', 'maxVariants'])
  const include = q.include === undefined ? undefined : nameMatcher(v.stringList(`${path}.include`, q.include))
  const exclude = [...TRACKING_PARAMS, ...(q.exclude === undefined ? [] : v.stringList(`${path}.exclude`, q.exclude))]
  return {
    include,
    exclude: nameMatcher(exclude),
    maxVariants: q.maxVariants === undefined ? maxVariants : v.positiveInteger(`${path}.maxVariants`, q.maxVariants),
  }
}

function resolveVary(global: VaryOptions, own: VaryOptions | undefined, path: string): ResolvedRoute['vary'] {
  const g = varyLists(global, 'vary')
  const o = own === undefined ? { headers: [], cookies: [] } : varyLists(own, `${path}.vary`)
  // Sorted and deduplicated: the key must not depend on the order names were listed in.
  return {
    headers: [...new Set([...g.headers, ...o.headers])].sort(),
    cookies: [...new Set([...g.cookies, ...o.cookies])].sort(),
  }
}

function varyLists(vary: VaryOptions, path: string) {
  const o = v.object(path, vary, ['headers', 'cookies'])
  const headers =
    o.headers === undefined ? [] : v.stringList(`${path}.headers`, o.headers, v.HEADER_NAME, 'a header name')
  const cookies =
    o.cookies === undefined ? [] : v.stringList(`${path}.cookies`, o.cookies, v.COOKIE_NAME, 'a cookie name')
  for (const [index, name] of headers.entries()) {
    if (name.toLowerCase() === 'cookie') {
      throw optionError(
        `${path}.headers[${index}]`,
        'a header other than cookie (list cookie names in vary.cookies)',
        name,
      )
    }
  }
  return { headers: headers.map((h) => h.toLowerCase()), cookies }
}

function resolveIgnoreCookies(own: RouteRule['ignoreCookies'], global: string[], path: string): NameMatcher {
  if (own === undefined) return nameMatcher(global)
  if (own === true) return () => true
  return nameMatcher(v.stringList(`${path}.ignoreCookies`, own, v.COOKIE_NAME, 'a cookie name or glob'))
}

/** `/(app)/blog/[slug]` → `/blog/[slug]`: a rule may name a route with or without its layout groups. */
function withoutGroups(routeId: string): string {
  return routeId.replace(/\/\([^/]+\)/g, '') || '/'
}

/** Translates a file-route pattern into rou3 syntax; rou3's own `*` means "the rest", so ours is rewritten. */
export function toRou3(pattern: string, path = 'routes'): string {
  if (typeof pattern !== 'string' || !pattern.startsWith('/')) {
    throw optionError(path, "a pattern starting with '/'", pattern)
  }
  let wildcard = 0
  const segments = pattern
    .split('/')
    .filter((segment) => !/^\(.+\)$/.test(segment))
    .map((segment) => {
      if (segment === '*') return `:_${wildcard++}`
      if (segment === '**') return '**'
      const converted = segment
        .replace(/\[\[(\w+)(?:=\w+)?\]\]/g, ':$1?')
        .replace(/\[\.\.\.(\w+)(?:=\w+)?\]/g, ':$1*')
        .replace(/\[(\w+)(?:=\w+)?\]/g, ':$1')
      if (/[[\]]/.test(converted) || (converted.includes('*') && !/^:\w+\*$/.test(converted))) {
        throw optionError(path, 'segments like [param], [[optional]], [...rest], *, ** or plain text', segment)
      }
      return encodeURI(converted)
    })
  return segments.join('/') || '/'
}
