// docs/architecture.md "The control endpoint": POST {endpoint}/revalidate, GET {endpoint}/status and {endpoint}/metrics
// (Prometheus text), for holders of the secret: `Authorization: Bearer <secret>`, or a request signed as
// Standard Webhooks says (auth.ts), accepted once (replay.ts). Errors are JSON naming what is wrong.

import {
  type Credentials,
  parseTimestamp,
  signedPayload,
  TOLERANCE_SECONDS,
  validWebhookId,
  WEBHOOK_HEADERS,
  WEBHOOK_ID,
  WEBHOOK_SIGNATURE,
  WEBHOOK_TIMESTAMP,
} from './auth.ts'
import { collect } from './bytes.ts'
import { handleDashboard, isDashboardAction, sameOrigin, signedIn } from './dashboard/index.ts'
import type { Explanation } from './explain.ts'
import type { Minute } from './history.ts'
import { METRICS_CONTENT_TYPE } from './metrics.ts'
import type { ReplayGuard } from './replay.ts'
import type { ISRStatus, RevalidateMode, RevalidateResult } from './types.ts'
import { REVALIDATE_MODES } from './types.ts'

/** Webhook bodies are a few paths and tags; anything larger is refused before it is read whole. */
export const MAX_BODY_BYTES = 64 * 1024
/** The body-only HMAC of earlier versions: it held forever, for any request with that body. */
export const LEGACY_SIGNATURE_HEADER = 'x-isr-signature'
const FIELDS = ['paths', 'tags', 'mode', 'settle', 'wait']
/** Seconds a revalidate may wait for acknowledgements: a webhook sender's timeout is a few seconds. */
export const MAX_WAIT_SECONDS = 10
export const DEFAULT_WAIT_SECONDS = 1
/** Seconds: a CMS's CDN takes seconds to a minute to serve what it announced; an hour is a mistake. */
export const MAX_SETTLE_SECONDS = 3600
/** Each action and the methods it answers. */
const ACTIONS = new Map([
  ['/revalidate', 'POST'],
  ['/status', 'GET, HEAD'],
  ['/metrics', 'GET, HEAD'],
  ['/explain', 'GET, HEAD'],
  ['/history', 'GET, HEAD'],
  ['/entries', 'GET, HEAD'],
  ['/events', 'GET'],
])
const HOW_TO_SIGN =
  'send Authorization: Bearer <secret>, or sign the request with the headers webhook-id, webhook-timestamp and webhook-signature (Standard Webhooks, https://www.standardwebhooks.com)'

export interface EndpointDeps {
  prefix: string
  secret: string
  credentials: Credentials
  replays: ReplayGuard
  /** Epoch ms: the instance's clock, which signed timestamps are held against. */
  now(): number
  revalidate(request: RevalidateRequest): Promise<RevalidateResult>
  status(): Promise<ISRStatus>
  metrics(): string
  /** Why `target` is or is not answered from the cache, for a request like `from` (its cookies, vary headers). */
  explain(target: URL, from: Request): Promise<Explanation>
  history(): { minutes: Minute[]; instances: number }
  entries(query: EntriesQuery): Promise<object>
  /** The live tail, as Server-Sent Events. */
  events(request: Request): Response
}

export interface EntriesQuery {
  /** Part of the path (case-sensitive). */
  path?: string | undefined
  /** A tag the entry carries. */
  tag?: string | undefined
  limit: number
}

/** Entries listed at most at once: each is classified against its records. */
export const MAX_LISTED = 500

export interface RevalidateRequest {
  paths: string[]
  tags: string[]
  mode: RevalidateMode
  /** Seconds of the settle window (0: none): see RevalidateOptions.settle. */
  settle: number
  /** Seconds to wait for acknowledgements: see RevalidateOptions.wait. */
  wait: number
}

export function isEndpointPath(pathname: string, prefix: string): boolean {
  return pathname === prefix || pathname.startsWith(`${prefix}/`)
}

export async function handleEndpoint(request: Request, url: URL, deps: EndpointDeps): Promise<Response> {
  const action = url.pathname.slice(deps.prefix.length)
  if (isDashboardAction(action)) return handleDashboard(request, url, action, deps)
  const allowed = ACTIONS.get(action)
  if (!allowed)
    return reply(404, {
      error: `unknown endpoint ${url.pathname}; use ${[...ACTIONS.keys()].map((a) => deps.prefix + a).join(', ')}`,
    })
  if (!allowed.split(', ').includes(request.method)) {
    return reply(
      405,
      { error: `${request.method} is not allowed on ${url.pathname}; use ${allowed}` },
      { allow: allowed },
    )
  }
  // The dashboard's session opens what the secret opens; its POSTs must come from this origin.
  const session = await signedIn(request, deps)
  const absent = session ? undefined : absentCredentials(request.headers)
  if (absent) return unauthorized(absent)
  if (session && request.method === 'POST' && !sameOrigin(request, url)) {
    return reply(403, { error: 'refused: a request signed in through the dashboard must come from the dashboard' })
  }
  const body = await readBody(request)
  if (body === 'too-large') return reply(413, { error: `body larger than ${MAX_BODY_BYTES} bytes` })
  const refused = session ? undefined : await refusal(request, url, body, deps)
  if (refused) return unauthorized(refused)
  if (action === '/events') return deps.events(request)
  if (action === '/status') return reply(200, await deps.status())
  if (action === '/explain') return explainReply(url, request, deps)
  if (action === '/history') return reply(200, deps.history())
  if (action === '/entries') {
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 100) || 100, MAX_LISTED)
    const query = {
      path: url.searchParams.get('path') ?? undefined,
      tag: url.searchParams.get('tag') ?? undefined,
      limit,
    }
    return reply(200, await deps.entries(query))
  }
  if (action === '/metrics') {
    return new Response(deps.metrics(), {
      headers: { 'content-type': METRICS_CONTENT_TYPE, 'cache-control': 'no-store' },
    })
  }
  const parsed = parseRevalidate(body)
  if (typeof parsed === 'string') return reply(400, { error: parsed })
  return reply(200, { ok: true, ...(await deps.revalidate(parsed)) })
}

/** `?url=` a path (of this site) or an absolute URL; a 400 names what is wrong with it. */
async function explainReply(url: URL, request: Request, deps: EndpointDeps): Promise<Response> {
  const given = url.searchParams.get('url')
  if (!given) return reply(400, { error: 'give the page to explain: ?url=/path or ?url=https://site/path' })
  const target = URL.parse(given, request.url)
  if (!target || !/^https?:$/.test(target.protocol) || !(given.startsWith('/') || URL.canParse(given))) {
    return reply(400, {
      error: `"url" must be a path starting with '/' or an http(s) URL, received ${received(given)}`,
    })
  }
  return reply(200, await deps.explain(target, request))
}

/** Why a request carries no credentials at all, told before its body is read; undefined when it carries some. */
function absentCredentials(headers: Headers): string | undefined {
  if (headers.has('authorization') || WEBHOOK_HEADERS.some((name) => headers.has(name))) return undefined
  if (headers.has(LEGACY_SIGNATURE_HEADER)) {
    return `${LEGACY_SIGNATURE_HEADER} is no longer accepted (a signature of the body alone could be replayed): ${HOW_TO_SIGN}, where webhook-signature is "v1," and the base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>" with the secret`
  }
  return `missing credentials: ${HOW_TO_SIGN}`
}

/** Why the request is not let in, or undefined when it is: a valid bearer secret, or a valid signature used once. */
async function refusal(request: Request, url: URL, body: Uint8Array, deps: EndpointDeps): Promise<string | undefined> {
  const authorization = request.headers.get('authorization')
  if (authorization && (await deps.credentials.verifyBearer(authorization, deps.secret))) return undefined
  const missing = WEBHOOK_HEADERS.filter((name) => !request.headers.has(name))
  if (missing.length === WEBHOOK_HEADERS.length) return 'wrong credentials'
  if (missing.length > 0)
    return `incomplete signature: ${missing.join(' and ')} missing; send all of ${WEBHOOK_HEADERS.join(', ')}`
  return signatureRefusal(request, url, body, deps)
}

/**
 * The checks of Standard Webhooks ("Verifying signatures"), in an order that tells the sender the most useful
 * thing: the signature first, so "the clocks differ" is only said to a holder of the secret.
 */
async function signatureRefusal(
  request: Request,
  url: URL,
  body: Uint8Array,
  deps: EndpointDeps,
): Promise<string | undefined> {
  const id = request.headers.get(WEBHOOK_ID) ?? ''
  const timestamp = parseTimestamp(request.headers.get(WEBHOOK_TIMESTAMP) ?? '')
  if (!validWebhookId(id)) return `${WEBHOOK_ID} must be 1 to 256 visible ASCII characters without '.'`
  if (timestamp === undefined) return `${WEBHOOK_TIMESTAMP} must be an integer: unix seconds`
  const target = url.pathname + url.search
  const payload = signedPayload(request.method, target, body)
  const signature = request.headers.get(WEBHOOK_SIGNATURE) ?? ''
  if (!(await deps.credentials.verifyWebhook(id, timestamp, signature, payload))) {
    const signed = request.method === 'POST' ? '<raw body>' : `${request.method} ${target}`
    return `wrong signature: no v1 signature in ${WEBHOOK_SIGNATURE} is the HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.${signed}" with the secret`
  }
  const skew = outsideTolerance(timestamp, deps.now())
  if (skew) return skew
  if (!(await deps.replays.claim(id))) return `replayed: this ${WEBHOOK_ID} was already used; sign every request anew`
  return undefined
}

/** How far outside the tolerance a timestamp is, in words; undefined within it. */
function outsideTolerance(timestamp: number, now: number): string | undefined {
  const ahead = timestamp - Math.floor(now / 1000)
  if (Math.abs(ahead) <= TOLERANCE_SECONDS) return undefined
  const where = ahead < 0 ? `too old: ${-ahead} s in the past` : `too new: ${ahead} s in the future`
  return `${WEBHOOK_TIMESTAMP} ${where}, outside the tolerance of ${TOLERANCE_SECONDS} s; sign each request as it is sent, and check that the clocks of the sender and of this server agree`
}

/** Reads at most `limit` bytes; a declared or actual larger body is refused without buffering it. */
export async function readBody(request: Request, limit = MAX_BODY_BYTES): Promise<Uint8Array | 'too-large'> {
  const declared = Number(request.headers.get('content-length') ?? 0)
  if (declared > limit) return 'too-large'
  return (await collect(request.body, limit)) ?? 'too-large'
}

/** Validates the webhook body; a string is the message of a 400. */
export function parseRevalidate(body: Uint8Array): RevalidateRequest | string {
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder().decode(body))
  } catch (cause) {
    return `body is not valid JSON (${cause instanceof Error ? cause.message : String(cause)})`
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return 'body must be a JSON object like { "paths": ["/blog/a"], "tags": ["post:42"], "mode": "stale" }'
  }
  return checkRevalidate(json as Record<string, unknown>)
}

/** `{ paths, tags, mode?, settle? }` checked field by field; a string is what is wrong, for a 400. */
export function checkRevalidate(o: Record<string, unknown>): RevalidateRequest | string {
  const unknown = Object.keys(o).find((key) => !FIELDS.includes(key))
  if (unknown) return `unknown field "${unknown}"; expected ${FIELDS.join(', ')}`
  const paths = stringList(o.paths, 'paths', (p) => p.startsWith('/'), "paths starting with '/'")
  if (typeof paths === 'string') return paths
  const tags = stringList(o.tags, 'tags', (t) => !t.includes(','), 'tags without commas')
  if (typeof tags === 'string') return tags
  if (paths.length === 0 && tags.length === 0) return 'nothing to revalidate: give "paths" or "tags" (non-empty)'
  if (o.mode !== undefined && !(REVALIDATE_MODES as readonly unknown[]).includes(o.mode)) {
    return `"mode" must be one of ${REVALIDATE_MODES.map((m) => `"${m}"`).join(', ')}, received ${received(o.mode)}`
  }
  if (o.settle !== undefined && !validSettle(o.settle)) {
    return `"settle" must be a number of seconds from 0 to ${MAX_SETTLE_SECONDS}, received ${received(o.settle)}`
  }
  if (o.wait !== undefined && !validWait(o.wait)) {
    return `"wait" must be a number of seconds from 0 to ${MAX_WAIT_SECONDS}, received ${received(o.wait)}`
  }
  return {
    paths,
    tags,
    mode: (o.mode as RevalidateMode | undefined) ?? 'stale',
    settle: (o.settle as number) ?? 0,
    wait: (o.wait as number) ?? DEFAULT_WAIT_SECONDS,
  }
}

export function validWait(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_WAIT_SECONDS
}

export function validSettle(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_SETTLE_SECONDS
}

function stringList(value: unknown, field: string, valid: (s: string) => boolean, expected: string): string[] | string {
  if (value === undefined) return []
  if (!Array.isArray(value)) return `"${field}" must be an array of strings, received ${received(value)}`
  if (value.length > 1000) return `"${field}" has ${value.length} items; at most 1000 per request`
  for (const [index, item] of value.entries()) {
    if (typeof item !== 'string' || item === '' || item.length > 2048 || !valid(item)) {
      return `"${field}[${index}]" must be one of ${expected}, received ${received(item)}`
    }
  }
  return value as string[]
}

/**
 * A received value in a few words, never walking into it: a body nested thousands of levels deep is refused
 * with a 400 like any other, where serializing it would overflow the stack.
 */
function received(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return `an array of ${value.length} items`
  if (typeof value === 'string')
    return value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}…` : JSON.stringify(value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value).slice(0, 40)
  return typeof value === 'object' ? 'an object' : typeof value
}

function unauthorized(error: string): Response {
  return reply(401, { error }, { 'www-authenticate': 'Bearer realm="isrkit"' })
}

export function reply(status: number, body: object, headers: Record<string, string> = {}): Response {
  const payload = status >= 400 ? { ok: false, ...body } : body
  return Response.json(payload, { status, headers: { 'cache-control': 'no-store', ...headers } })
}
