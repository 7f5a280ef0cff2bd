// docs/architecture.md "Headers it emits": x-isr-cache, Cache-Status (RFC 9211), Age, ETag, and the browser's
// Cache-Control. Internal policy headers (CDN-Cache-Control, Cache-Tag, x-isr-*) never leave.
import type { ChosenBody } from './bodies.ts'
import { type CdnInput, cdnHeaders } from './cdn.ts'
import { IDENTITY } from './encoding.ts'
import type { Entry } from './entry.ts'
import type { CachedAnswer, CacheState, CdnDialect } from './types.ts'

/** Not stored: recomputed per response, hop-by-hop (RFC 9110 §7.6.1), or isrkit's own inputs. */
const NOT_STORED = new Set([
  'age',
  'cache-control',
  'cdn-cache-control',
  'cache-tag',
  'connection',
  // Per representation: each answer says the coding of the bytes it sends.
  'content-encoding',
  'content-length',
  'date',
  'etag',
  'keep-alive',
  'proxy-connection',
  'set-cookie',
  'transfer-encoding',
  'upgrade',
  'x-isr-cache',
  'cache-status',
])

const INTERNAL = ['cdn-cache-control', 'cache-tag']
/** Fetch spec "null body status": a Response with one of these may not have a body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304])
const INTERNAL_PREFIX = 'x-isr-'

export function storedHeaders(headers: Headers): [string, string][] {
  const out: [string, string][] = []
  for (const [name, value] of headers) {
    if (!NOT_STORED.has(name) && !name.startsWith(INTERNAL_PREFIX)) out.push([name, value])
  }
  return out
}

export interface CacheStatusParams {
  hit?: boolean
  fwd?: 'bypass' | 'method' | 'uri-miss' | 'stale' | 'request'
  fwdStatus?: number
  ttl?: number
  stored?: boolean
  collapsed?: boolean
  detail?: string
}

/** RFC 9211 §2: one list member for this cache, named `isrkit`; `detail` as an sf-token when it is one. */
export function cacheStatus(p: CacheStatusParams): string {
  let out = 'isrkit'
  if (p.hit) out += '; hit'
  if (p.fwd) out += `; fwd=${p.fwd}`
  if (p.fwdStatus !== undefined) out += `; fwd-status=${p.fwdStatus}`
  if (p.ttl !== undefined) out += `; ttl=${Math.trunc(p.ttl)}`
  if (p.stored) out += '; stored'
  if (p.collapsed) out += '; collapsed'
  if (p.detail) out += `; detail=${/^[A-Za-z*][\w:/!#$%&'*+.^`|~-]*$/.test(p.detail) ? p.detail : sfString(p.detail)}`
  return out
}

/** RFC 8941 §3.3.3: printable ASCII, `\` and `"` escaped (JSON.stringify emits `\t`, `\u…` and raw non-ASCII). */
function sfString(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&').replace(/[^\x20-\x7e]/g, '?')}"`
}

export interface EntryAnswerInput {
  entry: Entry
  /** The representation negotiated for this request (chooseBody). */
  body: ChosenBody
  state: CacheState
  status: CacheStatusParams
  now: number
  head: boolean
  browserCacheControl: string
  /** The request's If-None-Match: a match answers 304. */
  ifNoneMatch?: string | null
  /** A CDN in front, and whether the key varies (then the CDN is told nothing it could mix up). */
  cdn?: { dialect: CdnDialect; varies: boolean } | undefined
}

/** RFC 9110 §15.4.5: a 304 carries the validators and caching headers a 200 would have. */
const NOT_MODIFIED_KEEP = new Set(['vary', 'content-location', 'expires', 'last-modified'])

/**
 * A stored entry as the parts of a response: its own headers plus what is computed per answer. Plain parts,
 * so a Node fast path can write them without building a `Response` (stored headers never hold the computed ones).
 */
export function entryAnswer(input: EntryAnswerInput): CachedAnswer {
  const { meta } = input.entry
  const { body } = input
  const computed: [string, string][] = [
    ['etag', body.etag],
    ['age', String(Math.max(0, Math.floor((input.now - meta.createdAt) / 1000)))],
    ['cache-control', input.browserCacheControl],
    ['x-isr-cache', input.state],
    ['cache-status', cacheStatus(input.status)],
  ]
  if (input.cdn) {
    computed.push(...cdnHeaders(input.cdn.dialect, { ...meta, varies: input.cdn.varies }, input.state === 'STALE'))
  }
  if (matchesIfNoneMatch(input.ifNoneMatch ?? null, body.etag)) {
    const kept = meta.headers.filter(([name]) => NOT_MODIFIED_KEEP.has(name))
    return { status: 304, headers: [...kept, ...computed], body: null }
  }
  const headers: [string, string][] = [...meta.headers]
  if (body.coding !== IDENTITY) headers.push(['content-encoding', body.coding])
  headers.push(['content-length', String(body.bytes.byteLength)], ...computed)
  return { status: meta.status, headers, body: input.head ? null : body.bytes }
}

export function answerResponse(answer: CachedAnswer): Response {
  return new Response(answer.body && bodyStream(answer.body), { status: answer.status, headers: answer.headers })
}

/**
 * The stored bytes as a one-chunk stream. `new Response(bytes)` copies them (the Fetch spec copies a
 * BufferSource); a stream hands the same bytes to the server's writer, three times cheaper per hit. Servers
 * write chunks without transferring their buffers, so the entry stays intact.
 */
function bodyStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes)
      controller.close()
    },
  })
}

/** RFC 9110 §13.1.2: If-None-Match uses the weak comparison. */
export function matchesIfNoneMatch(header: string | null, etag: string): boolean {
  if (!header) return false
  if (header.trim() === '*') return true
  const bare = etag.replace(/^W\//, '')
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === bare)
}

export interface PassThroughOptions {
  head?: boolean
  /** Rendered for one visitor (their cookies, credentials, draft mode): no shared cache may keep it. */
  personal?: boolean
}

/**
 * A render that was not stored goes out as rendered, minus isrkit's input headers. When the page asked shared
 * caches to keep it but isrkit would not, a CDN downstream must not either; nor may it keep a personal render.
 */
export function passThrough(
  response: Response,
  state: CacheState,
  status: CacheStatusParams,
  { head = false, personal = false }: PassThroughOptions = {},
): Response {
  const headers = new Headers(response.headers)
  const cacheControl = headers.get('cache-control') ?? ''
  const askedToShare = headers.has('cdn-cache-control') || /s-maxage/i.test(cacheControl)
  const sharable = !/\b(?:private|no-store)\b/i.test(cacheControl)
  for (const name of INTERNAL) headers.delete(name)
  for (const name of [...headers.keys()]) if (name.startsWith(INTERNAL_PREFIX)) headers.delete(name)
  if (state === 'BYPASS' && (askedToShare || (personal && sharable))) headers.set('cache-control', 'private, no-cache')
  headers.set('x-isr-cache', state)
  headers.set('cache-status', cacheStatus(status))
  if (head || NULL_BODY.has(response.status)) {
    // Nothing reads the render's body now: release it so the framework stops producing it.
    response.body?.cancel().catch(() => {})
    return new Response(null, { status: response.status, statusText: response.statusText, headers })
  }
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
}

/**
 * No render answered within `renderTimeout` and nothing may stand in: what a gateway answers (RFC 9110
 * §15.6.5), never stored anywhere.
 */
export function gatewayTimeout(head: boolean): Response {
  const headers = {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    'x-isr-cache': 'MISS',
    'cache-status': cacheStatus({ fwd: 'uri-miss', fwdStatus: 504, detail: 'render-timeout' }),
  }
  return new Response(head ? null : 'Gateway Timeout: the page took too long to render.\n', { status: 504, headers })
}

export interface MissHeadersInput {
  browserCacheControl: string
  /** A CDN in front: its dialect and what the entry being stored will say (cdn.ts). */
  cdn: { dialect: CdnDialect; meta: CdnInput } | undefined
}

/**
 * What a miss streaming while it is stored goes out with: the render's own headers (those an entry keeps,
 * plus its length and validator), and what is computed per answer as for an entry (`entryAnswer`).
 */
export function missHeaders(rendered: Headers, input: MissHeadersInput): Headers {
  const headers = new Headers(storedHeaders(rendered))
  for (const name of ['content-length', 'etag']) {
    const value = rendered.get(name)
    if (value) headers.set(name, value)
  }
  headers.set('age', '0')
  headers.set('cache-control', input.browserCacheControl)
  headers.set('x-isr-cache', 'MISS')
  headers.set('cache-status', cacheStatus({ fwd: 'uri-miss', stored: true }))
  if (input.cdn)
    for (const [name, value] of cdnHeaders(input.cdn.dialect, input.cdn.meta, false)) headers.set(name, value)
  return headers
}
