// design.md "The control endpoint": POST {endpoint}/revalidate, GET {endpoint}/status and {endpoint}/metrics
// (Prometheus text), for holders of the secret (Bearer, or an HMAC-SHA256 signature of the body). Errors are
// JSON naming what is wrong.
import type { Credentials } from './auth.ts'
import { collect } from './bytes.ts'
import { METRICS_CONTENT_TYPE } from './metrics.ts'
import type { ISRStatus, RevalidateMode, RevalidateResult } from './types.ts'

/** Webhook bodies are a few paths and tags; anything larger is refused before it is read whole. */
export const MAX_BODY_BYTES = 64 * 1024
export const SIGNATURE_HEADER = 'x-isr-signature'
const MODES = ['stale', 'eager', 'purge']
const FIELDS = ['paths', 'tags', 'mode']
/** Each action and the methods it answers. */
const ACTIONS = new Map([
  ['/revalidate', 'POST'],
  ['/status', 'GET, HEAD'],
  ['/metrics', 'GET, HEAD'],
])

export interface EndpointDeps {
  prefix: string
  secret: string
  credentials: Credentials
  revalidate(request: RevalidateRequest, origin: string): Promise<RevalidateResult>
  status(): Promise<ISRStatus>
  metrics(): string
}

export interface RevalidateRequest {
  paths: string[]
  tags: string[]
  mode: RevalidateMode
}

export function isEndpointPath(pathname: string, prefix: string): boolean {
  return pathname === prefix || pathname.startsWith(`${prefix}/`)
}

export async function handleEndpoint(request: Request, url: URL, deps: EndpointDeps): Promise<Response> {
  const action = url.pathname.slice(deps.prefix.length)
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
  const authorization = request.headers.get('authorization')
  const signature = request.headers.get(SIGNATURE_HEADER)
  if (!authorization && !signature)
    return unauthorized('missing credentials: send Authorization: Bearer <secret> or x-isr-signature')
  const body = await readBody(request)
  if (body === 'too-large') return reply(413, { error: `body larger than ${MAX_BODY_BYTES} bytes` })
  const ok =
    (await deps.credentials.verifyBearer(authorization, deps.secret)) ||
    (await deps.credentials.verifySignature(signature, body))
  if (!ok) return unauthorized('wrong credentials')
  if (action === '/status') return reply(200, await deps.status())
  if (action === '/metrics') {
    return new Response(deps.metrics(), {
      headers: { 'content-type': METRICS_CONTENT_TYPE, 'cache-control': 'no-store' },
    })
  }
  const parsed = parseRevalidate(body)
  if (typeof parsed === 'string') return reply(400, { error: parsed })
  return reply(200, { ok: true, ...(await deps.revalidate(parsed, url.origin)) })
}

/** Reads at most MAX_BODY_BYTES; a declared or actual larger body is refused without buffering it. */
async function readBody(request: Request): Promise<Uint8Array | 'too-large'> {
  const declared = Number(request.headers.get('content-length') ?? 0)
  if (declared > MAX_BODY_BYTES) return 'too-large'
  return (await collect(request.body, MAX_BODY_BYTES)) ?? 'too-large'
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
  const o = json as Record<string, unknown>
  const unknown = Object.keys(o).find((key) => !FIELDS.includes(key))
  if (unknown) return `unknown field "${unknown}"; expected ${FIELDS.join(', ')}`
  const paths = stringList(o.paths, 'paths', (p) => p.startsWith('/'), "paths starting with '/'")
  if (typeof paths === 'string') return paths
  const tags = stringList(o.tags, 'tags', (t) => !t.includes(','), 'tags without commas')
  if (typeof tags === 'string') return tags
  if (paths.length === 0 && tags.length === 0) return 'nothing to revalidate: give "paths" or "tags" (non-empty)'
  if (o.mode !== undefined && !MODES.includes(o.mode as string)) {
    return `"mode" must be one of ${MODES.map((m) => `"${m}"`).join(', ')}, received ${JSON.stringify(o.mode)}`
  }
  return { paths, tags, mode: (o.mode as RevalidateMode | undefined) ?? 'stale' }
}

function stringList(value: unknown, field: string, valid: (s: string) => boolean, expected: string): string[] | string {
  if (value === undefined) return []
  if (!Array.isArray(value)) return `"${field}" must be an array of strings, received ${JSON.stringify(value)}`
  if (value.length > 1000) return `"${field}" has ${value.length} items; at most 1000 per request`
  for (const [index, item] of value.entries()) {
    if (typeof item !== 'string' || item === '' || item.length > 2048 || !valid(item)) {
      return `"${field}[${index}]" must be one of ${expected}, received ${JSON.stringify(item)}`
    }
  }
  return value as string[]
}

function unauthorized(error: string): Response {
  return reply(401, { error }, { 'www-authenticate': 'Bearer realm="isrkit"' })
}

function reply(status: number, body: object, headers: Record<string, string> = {}): Response {
  const payload = status >= 400 ? { ok: false, ...body } : body
  return Response.json(payload, { status, headers: { 'cache-control': 'no-store', ...headers } })
}
