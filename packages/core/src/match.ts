// Name lists with `prefix*` globs (query parameters, cookies). Only a trailing or inner `*` is special.

export type NameMatcher = (name: string) => boolean

const never: NameMatcher = () => false

/** Compiles names and `*` globs into one predicate; exact names are a Set lookup, globs one regex. */
export function nameMatcher(patterns: readonly string[], caseInsensitive = false): NameMatcher {
  if (patterns.length === 0) return never
  const fold = (s: string) => (caseInsensitive ? s.toLowerCase() : s)
  const exact = new Set(patterns.filter((p) => !p.includes('*')).map(fold))
  const globs = patterns.filter((p) => p.includes('*'))
  if (globs.length === 0) return (name) => exact.has(fold(name))
  const source = globs.map((g) => g.split('*').map(escapeRegExp).join('.*')).join('|')
  const regex = new RegExp(`^(?:${source})$`, caseInsensitive ? 'i' : '')
  return (name) => exact.has(fold(name)) || regex.test(name)
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&')
}
