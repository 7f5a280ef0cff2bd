// Calls the render and turns its response into an entry when it may be shared (request flow 6–8).

import { collect } from './bytes.ts'
import { checksumOf, type Entry } from './entry.ts'
import { renderError } from './errors.ts'
import type { BufferedResponse } from './flight.ts'
import { storedHeaders } from './headers.ts'
import { decide, type Policy } from './policy.ts'
import type { CachePlan } from './request.ts'
import type { Render } from './types.ts'

export type Produced =
  | { kind: 'threw'; error: Error }
  | { kind: 'server-error'; response: BufferedResponse }
  | { kind: 'uncacheable'; response: Response; reason: string }
  | { kind: 'cacheable'; response: Response; policy: Policy }

export interface ProduceInput {
  plan: CachePlan
  /** See RenderInfo.background. */
  background: boolean
  render: Render
  notFoundRevalidate: number
  maxEntryBytes: number
}

export async function produce(input: ProduceInput): Promise<Produced> {
  const { plan, render, notFoundRevalidate, maxEntryBytes, background } = input
  let response: Response
  try {
    response = await render(plan.renderRequest(background), { background })
    if (!(response instanceof Response)) throw new TypeError(`render returned ${typeof response}, not a Response`)
  } catch (cause) {
    return { kind: 'threw', error: renderError(plan.key.url, cause) }
  }
  // Request flow 7: a 5xx is never stored and never replaces a good entry.
  if (response.status >= 500) return { kind: 'server-error', response: await buffer(response, maxEntryBytes) }
  const decision = decide({
    response,
    route: plan.route,
    notFoundRevalidate,
    maxEntryBytes,
    personal: plan.personal,
    unkeyedQuery: plan.unkeyedQuery,
  })
  if (!decision.store) return { kind: 'uncacheable', response, reason: decision.reason }
  return { kind: 'cacheable', response, policy: decision.policy }
}

export interface EntryInput {
  plan: CachePlan
  response: Response
  policy: Policy
  body: Uint8Array
  createdAt: number
  buildId: string
}

export async function buildEntry({ plan, response, policy, body, createdAt, buildId }: EntryInput): Promise<Entry> {
  const checksum = await checksumOf(body)
  const revalidateAt = createdAt + policy.revalidate * 1000
  const expireAt = createdAt + policy.expire * 1000
  return {
    meta: {
      key: plan.key.id,
      url: plan.key.url,
      path: plan.key.path,
      status: response.status,
      headers: storedHeaders(response.headers),
      tags: policy.tags,
      createdAt,
      revalidateAt,
      expireAt,
      staleIfErrorAt: expireAt + policy.staleIfError * 1000,
      buildId,
      etag: response.headers.get('etag') ?? `"${checksum.slice(0, 32)}"`,
      size: body.byteLength,
      checksum,
      replay: plan.key.headers,
      readsCookies: policy.readsCookies,
    },
    body,
  }
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
