// Which options hold credentials: option errors describe their values by length, never by value
// (errors.ts), and @isrkit/astro refuses them in astro.config, whose options end up in the build manifest.

/**
 * Option names that hold credentials. `key` counts only alone or after a word that makes it one (`apiKey`,
 * `accessKeyId`), so `keyPrefix` or `partitionKey` stay readable.
 */
const CREDENTIAL_NAME =
  /password|passwd|passphrase|secret|token|credential|auth|(?:^|api|access|account|private|sas|service|signing|master|client)key(?:id)?$/i
/** `scheme://user:password@` or `scheme://<token>@`: a userinfo of any kind. */
const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/?#]*@/i
/** Deep enough for driver options such as `{ tls: { key } }` or `{ redisOptions: { password } }`. */
const MAX_DEPTH = 4

export function isCredentialName(name: string): boolean {
  return CREDENTIAL_NAME.test(name)
}

export interface Credential {
  /** The option's dotted path, as option errors name it. */
  path: string
  holds: 'a credential' | 'a URL with credentials'
}

/**
 * The first credential-named option that is set, or a string holding a URL with credentials (bounded
 * depth), in `options` — route patterns aside: `/auth/**` holds nothing.
 */
export function findCredential(options: Record<string, unknown>): Credential | undefined {
  const { routes: _routes, ...rest } = options
  return search(rest, 'options', 0)
}

function search(value: unknown, path: string, depth: number): Credential | undefined {
  if (typeof value === 'string') {
    return URL_CREDENTIALS.test(value) ? { path, holds: 'a URL with credentials' } : undefined
  }
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return undefined
  const entries = Array.isArray(value)
    ? value.map((item, index) => [`${path}[${index}]`, item, false] as const)
    : Object.entries(value).map(([key, item]) => [optionPath(path, key), item, isCredentialName(key)] as const)
  for (const [where, item, named] of entries) {
    if (named && isSet(item)) return { path: where, holds: 'a credential' }
    const found = search(item, where, depth + 1)
    if (found) return found
  }
  return undefined
}

/** `token: process.env.X` with X unset is undefined: nothing is stored, nothing to refuse. */
function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '' && value !== false
}

/** `routes['/blog/[slug]'].tags`, as option errors name options (`options` is the top). */
export function optionPath(path: string, key: string): string {
  const top = path === 'options'
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return top ? key : `${path}.${key}`
  return `${top ? '' : path}['${key}']`
}

/** A cache key as explain and the live tail show it: vary cookie values (and headers named like credentials) masked. */
export function maskedKey(id: string): string {
  const hash = id.lastIndexOf('#')
  if (hash === -1) return id
  const parts = id
    .slice(hash + 1)
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=')
      if (eq === -1) return part
      const name = part.slice(2, eq)
      const masked = part.startsWith('c.') || isCredentialName(name)
      return masked ? `${part.slice(0, eq)}=***` : part
    })
  return `${id.slice(0, hash)}#${parts.join('&')}`
}
