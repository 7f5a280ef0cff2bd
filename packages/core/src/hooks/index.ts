// docs/architecture.md "Webhooks": POST {endpoint}/hooks/<vendor> verifies a CMS's delivery as the vendor
// documents it, maps its payload to tags and paths (the default mapping, or the app's `map`), and
// invalidates them with the vendor's settle window. A vendor that is not configured is a 404.
import { checkRevalidate, DEFAULT_WAIT_SECONDS, type RevalidateRequest, readBody, reply } from '../endpoint.ts'
import { mapError } from '../errors.ts'
import type { ReplayGuard } from '../replay.ts'
import type { RevalidateMode, RevalidateResult, WebhookTargets, WebhookVendor } from '../types.ts'
import { TAG } from '../validate.ts'
import { contentful } from './contentful.ts'
import { datocms } from './datocms.ts'
import { hygraph } from './hygraph.ts'
import { prismic } from './prismic.ts'
import { sanity } from './sanity.ts'
import { standard } from './standard.ts'
import { storyblok } from './storyblok.ts'
import { strapi } from './strapi.ts'
import type { ChangedDocument, HookRequest, Reading, Vendor } from './vendor.ts'

/** One per name of `WEBHOOK_VENDORS`: the compiler keeps the two in step. */
export const VENDORS: Record<WebhookVendor, Vendor> = {
  sanity,
  contentful,
  storyblok,
  strapi,
  datocms,
  hygraph,
  prismic,
  standard,
}

/** CMS payloads carry whole documents (Contentful's every field in every locale): more than a revalidate body. */
export const MAX_HOOK_BYTES = 1024 * 1024
/** Delivery ids of vendors that sign no timestamp are kept this long. */
const DEFAULT_REPLAY_SECONDS = 24 * 3600

export interface ResolvedHook {
  secret: string
  map: ((payload: unknown, headers: Headers) => WebhookTargets | Promise<WebhookTargets>) | undefined
  /** Seconds; 0: none. */
  settle: number
  mode: RevalidateMode
}

export interface HookDeps {
  prefix: string
  hooks: ReadonlyMap<string, ResolvedHook>
  replays: ReplayGuard
  now(): number
  revalidate(request: RevalidateRequest): Promise<RevalidateResult>
  report(error: Error): void
}

export function isHookPath(pathname: string, prefix: string): boolean {
  return pathname.startsWith(`${prefix}/hooks/`)
}

export async function handleHook(request: Request, url: URL, deps: HookDeps): Promise<Response> {
  const name = url.pathname.slice(`${deps.prefix}/hooks/`.length)
  const hook = deps.hooks.get(name)
  // Only a configured receiver names a vendor: options accept WEBHOOK_VENDORS alone.
  const vendor = hook && VENDORS[name as WebhookVendor]
  if (!hook || !vendor) {
    const configured = [...deps.hooks.keys()].map((n) => `${deps.prefix}/hooks/${n}`).join(', ') || 'none'
    return reply(404, { error: `no webhook receiver is configured at ${url.pathname}; configured: ${configured}` })
  }
  if (request.method !== 'POST') {
    return reply(405, { error: `${request.method} is not allowed on ${url.pathname}; use POST` }, { allow: 'POST' })
  }
  const body = await readBody(request, MAX_HOOK_BYTES)
  if (body === 'too-large') return reply(413, { error: `body larger than ${MAX_HOOK_BYTES} bytes` })
  const delivery: HookRequest = {
    method: request.method,
    target: url.pathname + url.search,
    headers: request.headers,
    body,
    text: new TextDecoder().decode(body),
    now: deps.now(),
  }
  const verdict = await vendor.verify(delivery, hook.secret)
  if (!verdict.ok) return reply(401, { error: `${name}: ${verdict.reason}` })
  let payload: unknown
  try {
    payload = JSON.parse(delivery.text)
  } catch (cause) {
    return reply(400, { error: `${name}: the body is not JSON (${cause instanceof Error ? cause.message : cause})` })
  }
  const targets = hook.map
    ? await mapped(name, hook, payload, request.headers, deps)
    : byDefault(name, hook, vendor.read(payload, request.headers))
  if ('answer' in targets) return targets.answer
  // Last, so that a delivery refused for its payload can be sent again once the payload is fixed.
  if (
    verdict.id &&
    !(await deps.replays.claim(`${name}:${verdict.id}`, 2 * (vendor.window ?? DEFAULT_REPLAY_SECONDS / 2)))
  ) {
    return reply(401, { error: `${name}: replayed: delivery ${verdict.id} was already accepted` })
  }
  const result = await deps.revalidate({ ...targets.request, settle: hook.settle, wait: DEFAULT_WAIT_SECONDS })
  return reply(200, { ok: true, vendor: name, ...result })
}

type Targets = { request: Omit<RevalidateRequest, 'settle' | 'wait'> } | { answer: Response }

/** The app's own mapping: what it returns is checked as the endpoint checks a body; a bad one is the app's bug. */
async function mapped(
  name: string,
  hook: ResolvedHook,
  payload: unknown,
  headers: Headers,
  deps: HookDeps,
): Promise<Targets> {
  let given: WebhookTargets
  try {
    given = (await hook.map?.(payload, headers)) as WebhookTargets
  } catch (cause) {
    deps.report(mapError(name, cause))
    return { answer: reply(500, { error: `${name}: map threw; see the server's log` }) }
  }
  const request =
    given && checkRevalidate({ tags: given.tags ?? [], paths: given.paths ?? [], mode: given.mode ?? hook.mode })
  if (typeof request === 'object' && request !== null) return { request }
  if (given && (given.tags ?? []).length === 0 && (given.paths ?? []).length === 0) {
    return { answer: reply(200, { ok: true, vendor: name, ignored: 'map returned nothing to invalidate' }) }
  }
  deps.report(mapError(name, request ?? 'it returned nothing'))
  return { answer: reply(500, { error: `${name}: map returned what cannot be invalidated; see the server's log` }) }
}

/** The default mapping: `<vendor>:<type>`, `<vendor>:<type>:<slug>` and `<vendor>:<id>` of each document. */
function byDefault(name: string, hook: ResolvedHook, reading: Reading): Targets {
  if ('ignore' in reading) return { answer: reply(200, { ok: true, vendor: name, ignored: reading.ignore }) }
  if ('unreadable' in reading) return { answer: reply(400, { error: `${name}: ${reading.unreadable}` }) }
  if ('named' in reading) {
    const request = checkRevalidate({
      tags: reading.named.tags ?? [],
      paths: reading.named.paths ?? [],
      mode: hook.mode,
    })
    return typeof request === 'string' ? { answer: reply(400, { error: `${name}: ${request}` }) } : { request }
  }
  const tags = new Set<string>()
  const paths = new Set<string>()
  for (const doc of reading.documents) for (const tag of documentTags(name, doc)) tags.add(tag)
  for (const doc of reading.documents) for (const path of doc.paths) paths.add(path)
  return { request: { tags: [...tags], paths: [...paths], mode: hook.mode } }
}

export function documentTags(vendor: string, doc: ChangedDocument): string[] {
  const tags: string[] = []
  if (doc.type) tags.push(tagOf(vendor, doc.type), ...doc.slugs.map((slug) => tagOf(vendor, doc.type as string, slug)))
  if (doc.id) tags.push(tagOf(vendor, doc.id))
  return tags.filter((tag) => TAG.test(tag))
}

/** Parts a tag cannot hold as they are (spaces, commas, other scripts) are percent-encoded. */
function tagOf(...parts: string[]): string {
  return parts.map((part) => (TAG.test(part) ? part : encodeURIComponent(part))).join(':')
}
