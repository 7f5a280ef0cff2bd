// Checks of command-line values, done before any request so a typo never reaches the site.
import { missingSecret, usageError } from './errors.ts'

export const MODES = ['stale', 'eager', 'purge'] as const
export type Mode = (typeof MODES)[number]

/**
 * The site's origin from --url. A path is refused rather than ignored: the control endpoint and the pages
 * of sitemaps and path lists are addressed from the origin, so a path would silently mean nothing.
 */
export function siteOrigin(value: string | undefined): URL {
  if (!value) throw usageError('missing --url: the site to talk to, e.g. --url http://127.0.0.1:3000')
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw usageError(`--url must be an absolute http(s) URL such as http://127.0.0.1:3000, received "${value}"`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usageError(`--url must be an http(s) URL, received "${value}"`)
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    throw usageError(`--url must be the site's origin without a path, e.g. ${url.origin}, received "${value}"`)
  }
  return new URL(url.origin)
}

/**
 * Every value of a repeatable option (`--path /a --path=/b`). citty keeps only the last one, so the raw
 * arguments are read again; everything after `--` is positional.
 */
export function repeated(rawArgs: readonly string[], name: string): string[] {
  const values: string[] = []
  const flag = `--${name}`
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i] as string
    if (arg === '--') break
    if (arg === flag) {
      const next = rawArgs[i + 1]
      if (next === undefined || next.startsWith('--')) throw usageError(`${flag} needs a value`)
      values.push(next)
      i++
    } else if (arg.startsWith(`${flag}=`)) {
      values.push(arg.slice(flag.length + 1))
    }
  }
  return values
}

export function revalidatePaths(paths: string[]): string[] {
  for (const path of paths) {
    if (!path.startsWith('/')) throw usageError(`--path must start with '/', received "${path}"`)
  }
  return paths
}

export function revalidateTags(tags: string[]): string[] {
  for (const tag of tags) {
    // The endpoint refuses these too; saying so here costs no request.
    if (tag === '' || tag.includes(','))
      throw usageError(`--tag must be a non-empty tag without commas, received "${tag}"`)
  }
  return tags
}

export function mode(value: string | undefined): Mode {
  if (value === undefined) return 'stale'
  if (!(MODES as readonly string[]).includes(value)) {
    throw usageError(`--mode must be one of ${MODES.join(', ')}, received "${value}"`)
  }
  return value as Mode
}

/** The settle window in seconds, as the endpoint takes it (0 to 3600). */
export function settle(value: string | undefined): number {
  if (value === undefined) return 0
  const seconds = Number(value)
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0 || seconds > 3600) {
    throw usageError(`--settle must be a number of seconds from 0 to 3600, received "${value}"`)
  }
  return seconds
}

export function endpoint(value: string | undefined): string {
  if (value === undefined) return '/__isr'
  if (!value.startsWith('/') || value.endsWith('/') || value.includes('?')) {
    throw usageError(
      `--endpoint must be a path starting with '/' without a trailing '/', e.g. /__isr, received "${value}"`,
    )
  }
  return value
}

/** The secret from --secret, else ISR_SECRET, the variable the site itself is usually started with. */
export function secret(value: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const found = value || env.ISR_SECRET
  if (!found) throw missingSecret()
  return found
}

export function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1)
    throw usageError(`--${name} must be a whole number of at least 1, received "${value}"`)
  return n
}

export function positiveNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0) throw usageError(`--${name} must be a number above 0, received "${value}"`)
  return n
}
