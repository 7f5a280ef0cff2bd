// HTTP to the site: the control endpoint's two calls, and the one fetch every request goes through so
// network failures read the same everywhere. Status codes become IsrkitErrors naming what to fix. The wire
// types below (and the mode list in args.ts) repeat @isrkit/core's on purpose: the CLI talks HTTP to any
// isrkit site and does not install the engine.
import { STATUS_CODES } from 'node:http'
import type { Mode } from './args.ts'
import {
  badRequest,
  clockSkew,
  endpointMissing,
  notIsrkit,
  unexpectedStatus,
  unreachable,
  wrongSecret,
} from './errors.ts'
import { signRequest } from './sign.ts'
import { USER_AGENT } from './version.ts'

/** Long enough for a slow render on a cold server; a hung connection still ends. */
export const REQUEST_TIMEOUT_MS = 30_000

export interface ControlSite {
  origin: URL
  /** Path prefix of the control endpoint, `/__isr` unless the site configured another. */
  endpoint: string
  secret: string
}

export interface RevalidateInput {
  paths: string[]
  tags: string[]
  mode: Mode
  /** Seconds of the settle window; left out of the request when absent. */
  settle?: number
}

/** The 200 answer of POST {endpoint}/revalidate. */
export interface RevalidateResult {
  ok: true
  mode: Mode
  paths: string[]
  tags: string[]
  /** Epoch ms: entries rendered before it are stale (gone for `purge`). */
  at: number
  /** Background regenerations started (`eager` only). */
  regenerating: number
  /** With a bus: the instances that applied it (the answering one first), and those alive that did not. */
  instances?: { acknowledged: string[]; pending: string[] }
}

/** The 200 answer of GET {endpoint}/status. */
export interface SiteStatus {
  hits: number
  misses: number
  stale: number
  bypass: number
  renders: number
  errors: number
  hitRatio: number
  memory: { entries: number; bytes: number; maxBytes: number } | false
  storage: { ok: boolean; driver: string; latencyMs: number; error?: string }
}

export async function revalidate(site: ControlSite, input: RevalidateInput): Promise<RevalidateResult> {
  const body = await control(
    site,
    '/revalidate',
    'POST',
    JSON.stringify({ paths: input.paths, tags: input.tags, mode: input.mode, settle: input.settle }),
  )
  if (typeof body.mode !== 'string' || !Array.isArray(body.paths) || !Array.isArray(body.tags)) {
    throw notIsrkit(controlUrl(site, '/revalidate'))
  }
  return body as unknown as RevalidateResult
}

/** The 200 answer of GET {endpoint}/explain (@isrkit/core's Explanation). */
export interface Explanation {
  key: string | null
  rule: {
    pattern: string | null
    revalidate: number | false
    expire: number
    staleIfError: number
    tags: string[]
  } | null
  bypass: string | null
  entry: {
    status: number
    size: number
    tags: string[]
    buildId: string
    createdAt: number
    revalidateAt: number
    expireAt: number
    staleIfErrorAt: number
    encodings: string[]
    tier: 'memory' | 'storage'
  } | null
  records: { kind: 'path' | 'tag'; name: string; at: number; purge: number; settle: number; decisive: boolean }[]
  verdict: 'fresh' | 'stale' | 'expired' | 'gone' | 'none' | 'bypass'
  reason: string
  notStored: string | null
}

export async function explain(site: ControlSite, page: string): Promise<Explanation> {
  const body = await control(site, `/explain?url=${encodeURIComponent(page)}`, 'GET')
  if (typeof body.verdict !== 'string' || typeof body.reason !== 'string') throw notIsrkit(controlUrl(site, '/explain'))
  return body as unknown as Explanation
}

export async function status(site: ControlSite): Promise<SiteStatus> {
  const body = await control(site, '/status', 'GET')
  if (typeof body.hits !== 'number' || typeof body.storage !== 'object') throw notIsrkit(controlUrl(site, '/status'))
  return body as unknown as SiteStatus
}

export function controlUrl(site: ControlSite, action: string): string {
  return new URL(`${site.endpoint}${action}`, site.origin).href
}

/** One signed request to the control endpoint (the secret signs it and never travels); its JSON answer. */
async function control(
  site: ControlSite,
  action: string,
  method: 'GET' | 'POST',
  body?: string,
): Promise<Record<string, unknown>> {
  const url = controlUrl(site, action)
  const { pathname, search } = new URL(url)
  const signed = signRequest({ secret: site.secret, method, path: pathname + search, body })
  const response = await send(url, {
    method,
    headers: body === undefined ? signed : { ...signed, 'content-type': 'application/json' },
    body,
  })
  const text = await response.text()
  const json = parseObject(text)
  const detail = typeof json?.error === 'string' ? json.error : undefined
  if (response.status === 401)
    throw timeRefused(detail) ? clockSkew(url, detail.split(';')[0] as string) : wrongSecret(url, detail)
  if (response.status === 400) throw badRequest(url, detail)
  // Without a secret isrkit lets the endpoint's URL through to the site, whose 404 page answers.
  if (response.status === 404) throw endpointMissing(url, site.endpoint)
  if (!response.ok) throw unexpectedStatus(url, response.status, detail ?? excerpt(text))
  if (!json) throw notIsrkit(url)
  return json
}

/** The site took the signature but not its time (@isrkit/core's wording): the clocks differ, not the secret. */
function timeRefused(detail: string | undefined): detail is string {
  return detail !== undefined && /^webhook-timestamp too (?:old|new):/.test(detail)
}

/** fetch with the CLI's user agent and timeout; a network failure becomes an IsrkitError naming the URL. */
export async function send(url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, {
      ...init,
      headers: { 'user-agent': USER_AGENT, ...(init.headers as Record<string, string> | undefined) },
      signal: init.signal ?? AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    })
  } catch (error) {
    throw unreachable(url, networkReason(error), error)
  }
}

/** `404 Not Found`: HTTP/1.1 servers may send no reason phrase (srvx does not), so the standard one fills in. */
export function statusLine(response: Pick<Response, 'status' | 'statusText'>): string {
  const text = response.statusText || STATUS_CODES[response.status]
  return text ? `${response.status} ${text}` : String(response.status)
}

/** A few words for why a request never got an answer, from undici's error or its cause. */
export function networkReason(error: unknown): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`
  }
  const cause = (error as { cause?: unknown })?.cause ?? error
  const code = codeOf(cause)
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused'
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found'
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection closed by the server'
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connection timed out'
  }
  const message = cause instanceof Error ? cause.message : String(cause)
  return code && !message.includes(code) ? `${code}: ${message}` : message
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code
  if (typeof code === 'string') return code
  // Connecting to a name with several addresses fails with one error per address.
  if (error instanceof AggregateError) return codeOf(error.errors[0])
  return undefined
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

/** The start of a non-JSON error body (a proxy's error page), on one line. */
function excerpt(text: string): string | undefined {
  const line = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  if (!line) return undefined
  return line.length > 120 ? `${line.slice(0, 120)}…` : line
}
