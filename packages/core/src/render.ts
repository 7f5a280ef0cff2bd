// Calls the render and turns its response into an entry when it may be shared (docs/architecture.md "The request flow" 6–8).

import { collect } from './bytes.ts'
import { compressAll, compressible } from './compress.ts'
import { type Deadline, dropResponse, TIMED_OUT } from './deadline.ts'
import { type Coding, etagOf, IDENTITY, withVaryAcceptEncoding } from './encoding.ts'
import { checksumOf, type Entry } from './entry.ts'
import { renderError, renderTimeoutError } from './errors.ts'
import type { BufferedResponse } from './flight.ts'
import { storedHeaders } from './headers.ts'
import type { CacheKey } from './key.ts'
import { decide, type Policy } from './policy.ts'
import type { CachePlan } from './request.ts'
import { newScope, type RenderScope, runInScope } from './scope.ts'
import type { Render } from './types.ts'

export type Produced =
  | { kind: 'threw'; error: Error }
  /** No response (or no whole 5xx body) within the deadline. */
  | { kind: 'timed-out'; error: Error }
  /** `shared`: what requests waiting for this render may be answered (see forWaiters). */
  | { kind: 'server-error'; response: BufferedResponse; shared: BufferedResponse | undefined }
  | { kind: 'uncacheable'; response: Response; reason: string }
  /** `scope`: what the cached functions it called add to its policy once its body is complete. */
  | { kind: 'cacheable'; response: Response; policy: Policy; scope: RenderScope }

export interface ProduceInput {
  plan: CachePlan
  /** See RenderInfo.background. */
  background: boolean
  render: Render
  /** The visitor's request, which a framework rendering its own request hands the page (see scope.ts). */
  visitor: Request
  notFoundRevalidate: number
  maxEntryBytes: number
  maxLifetime: number
  deadline: Deadline
}

export async function produce(input: ProduceInput): Promise<Produced> {
  const { plan, render, notFoundRevalidate, maxEntryBytes, maxLifetime, background, deadline } = input
  const scope = newScope(false)
  let response: Response
  try {
    const request = plan.renderRequest(background, deadline.signal)
    const rendering = runInScope(scope, [request, input.visitor], () => render(request, { background }))
    const rendered = Promise.resolve(rendering)
    const first = await deadline.race(rendered, dropResponse)
    if (first === TIMED_OUT) return timedOut(plan, deadline, 'render')
    response = first
    if (!(response instanceof Response)) throw new TypeError(`render returned ${typeof response}, not a Response`)
  } catch (cause) {
    return { kind: 'threw', error: renderError(plan.key.url, cause) }
  }
  // Request flow 7: a 5xx is never stored and never replaces a good entry.
  if (response.status >= 500) {
    const buffered = await deadline.race(buffer(response, maxEntryBytes))
    if (buffered === TIMED_OUT) return timedOut(plan, deadline, 'body')
    return { kind: 'server-error', response: buffered, shared: forWaiters(buffered, plan) }
  }
  const decision = decide({
    response,
    route: plan.route,
    notFoundRevalidate,
    maxEntryBytes,
    personal: plan.personal,
    unkeyed: plan.unkeyed,
    maxLifetime,
  })
  if (!decision.store) return { kind: 'uncacheable', response, reason: decision.reason }
  return { kind: 'cacheable', response, policy: decision.policy, scope }
}

export interface EntryInput {
  key: Pick<CacheKey, 'id' | 'url' | 'path' | 'headers'>
  /** The render's status and headers (a cached function's result has a content type alone). */
  response: Pick<Response, 'status' | 'headers'>
  policy: Policy
  body: Uint8Array
  createdAt: number
  buildId: string
  /** The codings to compress a compressible identity body into (`compress`); none stores it as it came. */
  codings: readonly Coding[]
}

/** When an entry rendered at `createdAt` under `policy` goes stale, expires, and may no longer stand in. */
export function entryTimes(policy: Policy, createdAt: number) {
  const revalidateAt = createdAt + policy.revalidate * 1000
  const expireAt = createdAt + policy.expire * 1000
  return { createdAt, revalidateAt, expireAt, staleIfErrorAt: expireAt + policy.staleIfError * 1000 }
}

export async function buildEntry(input: EntryInput): Promise<Entry> {
  const { key, response, policy, createdAt, buildId } = input
  const made = await representationsOf(input)
  const bodies = await Promise.all(
    made.representations.map(async ({ coding, bytes }) => ({
      coding,
      size: bytes.byteLength,
      checksum: await checksumOf(bytes),
      etag: coding === made.coding ? made.etag : etagOf(made.etag, coding),
    })),
  )
  const headers = storedHeaders(response.headers)
  if (bodies.some((body) => body.coding !== IDENTITY)) varyOnAcceptEncoding(headers)
  return {
    meta: {
      key: key.id,
      url: key.url,
      path: key.path,
      status: response.status,
      headers,
      tags: policy.tags,
      ...entryTimes(policy, createdAt),
      buildId,
      etag: made.coding === IDENTITY ? made.etag : etagOf(made.etag, IDENTITY),
      bodies,
      replay: key.headers,
      readsCookies: policy.readsCookies,
    },
    bodies: made.representations.map((r) => r.bytes),
  }
}

/**
 * The body as rendered (its coding, and its ETag: the render's own, else a hash of its bytes) and what to
 * store of it: compressed once here when it is identity and compressible, else as it came (docs/architecture.md
 * "Compression").
 */
async function representationsOf({ response, body, codings }: EntryInput) {
  const coding = response.headers.get('content-encoding')?.trim().toLowerCase() || IDENTITY
  const checksum = await checksumOf(body)
  const etag = response.headers.get('etag') ?? `"${checksum.slice(0, 32)}"`
  const compress =
    coding === IDENTITY && codings.length > 0 && compressible(response.headers.get('content-type'), body.byteLength)
  const representations = compress ? await compressAll(body, codings) : [{ coding, bytes: body }]
  return { coding, checksum, etag, representations }
}

function varyOnAcceptEncoding(headers: [string, string][]): void {
  const at = headers.findIndex(([name]) => name === 'vary')
  if (at === -1) headers.push(['vary', withVaryAcceptEncoding(undefined)])
  else headers[at] = ['vary', withVaryAcceptEncoding(headers[at]?.[1])]
}

function timedOut(plan: CachePlan, deadline: Deadline, stage: 'render' | 'body'): Produced {
  return { kind: 'timed-out', error: renderTimeoutError(plan.key.url, deadline.seconds, stage) }
}

/** Headers of a failed render that describe its body, not its visitor. */
const FAILURE_HEADERS = new Set(['content-type', 'content-language', 'content-encoding', 'retry-after'])

/**
 * A failed render's answer as the requests waiting for it may get it: never its Set-Cookie or any header
 * derived from the first visitor's request (unjs/ocache #61), and nothing at all when that render saw the
 * visitor's own cookies (the body may be theirs too): those waiters render for themselves.
 */
function forWaiters(buffered: BufferedResponse, plan: CachePlan): BufferedResponse | undefined {
  if (plan.personal) return undefined
  return { ...buffered, headers: buffered.headers.filter(([name]) => FAILURE_HEADERS.has(name)) }
}

async function buffer(response: Response, limit: number): Promise<BufferedResponse> {
  const body = (await collect(response.body, limit).catch(() => undefined)) ?? new Uint8Array(0)
  return { status: response.status, statusText: response.statusText, headers: [...response.headers], body }
}

export function replay(buffered: BufferedResponse): Response {
  return new Response(buffered.body.byteLength > 0 ? (buffered.body as BodyInit) : null, {
    status: buffered.status,
    statusText: buffered.statusText,
    headers: buffered.headers,
  })
}
