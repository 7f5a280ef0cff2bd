// Hands Astro the route rules its `routeRules` can express (its file-route patterns, a number of seconds), so
// pages can override them with `Astro.cache.set()` as Astro documents; the rest stays in isrkit's core.
import type { RouteRule, RouteRules } from '@isrkit/core'

export interface AstroRouteRule {
  maxAge?: number
  swr?: number
  tags?: string[]
}

export interface SplitRoutes {
  /** For Astro's `routeRules`: they become `CDN-Cache-Control` and `Cache-Tag` on the render. */
  astro: Record<string, AstroRouteRule>
  /** For isrkit's core: `false` rules, glob patterns, and what Astro has no words for (query, vary, staleIfError). */
  core: RouteRules
}

/** Astro's route patterns: static segments, `[param]` and `[...rest]`; no globs, optionals or groups. */
const ASTRO_SEGMENT = /^(?:[^[\]*()]*|\[\w+\]|\[\.\.\.\w+\])$/

export function splitRoutes(routes: RouteRules = {}): SplitRoutes {
  const astro: Record<string, AstroRouteRule> = {}
  const core: RouteRules = {}
  for (const [pattern, rule] of Object.entries(routes)) {
    if (rule === false || !astroCanExpress(rule) || !astroCanMatch(pattern)) {
      core[pattern] = rule
      continue
    }
    astro[pattern] = toAstroRule(rule)
    const { revalidate: _revalidate, tags: _tags, ...rest } = rule
    core[pattern] = rest
  }
  return { astro, core }
}

/** Astro's route rules take whole seconds. */
function astroCanExpress(rule: RouteRule): rule is RouteRule & { revalidate: number } {
  return Number.isInteger(rule.revalidate) && (rule.expire === undefined || Number.isInteger(rule.expire))
}

function astroCanMatch(pattern: string): boolean {
  return pattern.startsWith('/') && pattern.split('/').every((segment) => ASTRO_SEGMENT.test(segment))
}

function toAstroRule(rule: RouteRule & { revalidate: number }): AstroRouteRule {
  const out: AstroRouteRule = { maxAge: rule.revalidate }
  // Without `expire` the core's default (one year) applies, as it would to a page that set only maxAge.
  if (rule.expire !== undefined) out.swr = Math.max(0, rule.expire - rule.revalidate)
  if (rule.tags && rule.tags.length > 0) out.tags = [...rule.tags]
  return out
}
