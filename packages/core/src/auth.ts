// Credentials of the control endpoint and of eager regeneration requests. A signed control request follows
// Standard Webhooks (https://www.standardwebhooks.com, spec "Signature scheme"): an HMAC-SHA256 of
// `<webhook-id>.<webhook-timestamp>.<payload>`, so a signature holds for one id at one moment; the endpoint
// refuses timestamps outside the tolerance and ids it has seen (replay.ts). Comparisons are constant-time:
// HMAC verification through Web Crypto, and bearer tokens compared as HMAC digests of equal length.
import { signingArgumentError, webhookSecretError } from './errors.ts'
import { base64, base64url } from './hooks/crypto.ts'

const encoder = new TextEncoder()

/** The headers of a signed request, as Standard Webhooks names them ("Webhook headers"). */
export const WEBHOOK_ID = 'webhook-id'
export const WEBHOOK_TIMESTAMP = 'webhook-timestamp'
export const WEBHOOK_SIGNATURE = 'webhook-signature'
export const WEBHOOK_HEADERS = [WEBHOOK_ID, WEBHOOK_TIMESTAMP, WEBHOOK_SIGNATURE] as const
/** How far a signed request's timestamp may be from this server's clock, either way: the spec libraries' default. */
export const TOLERANCE_SECONDS = 5 * 60
/** Standard Webhooks' marker of a base64 secret: the key is the bytes it encodes. */
const SECRET_PREFIX = 'whsec_'
/** isrkit's floor for any secret (options.ts): shorter HMAC keys weaken the scheme. */
const MIN_KEY_BYTES = 16
/** Signatures tried per request: rotating a key needs two; the cap bounds the work an unsigned request causes. */
const MAX_SIGNATURES = 8
/** The spec asks that an id hold no `.` (the delimiter of the signed content); visible ASCII, bounded. */
const ID_PATTERN = /^[\x21-\x2d\x2f-\x7e]{1,256}$/
const METHODS = ['GET', 'HEAD', 'POST']

/** The three headers `signControlRequest` returns, to add to the request as they are (a `HeadersInit`). */
export type SignedHeaders = Record<(typeof WEBHOOK_HEADERS)[number], string>

export interface SignControlRequestInput {
  /** The site's `secret` (or a Standard Webhooks `whsec_<base64>` key). */
  secret: string
  method: 'GET' | 'HEAD' | 'POST'
  /** The path and query the site receives, e.g. `/__isr/status`; a full URL counts for its path and query. */
  path: string
  /** The exact bytes sent as the body (POST). */
  body?: string | Uint8Array
  /** Epoch ms; default `Date.now()`. */
  now?: number
  /** Unique per request; default a random `msg_<uuid>`. */
  id?: string
}

/**
 * The Standard Webhooks headers that let one control request in: `webhook-id`, `webhook-timestamp` (unix
 * seconds) and `webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<payload>">`, where the
 * payload is the body of a POST and `<METHOD> <path>` for a read (`signedPayload`).
 */
export async function signControlRequest(input: SignControlRequestInput): Promise<SignedHeaders> {
  const { secret, method, path, body, now = Date.now(), id = `msg_${crypto.randomUUID()}` } = input
  if (typeof secret !== 'string' || secret.length < MIN_KEY_BYTES) {
    throw signingArgumentError('secret', "the site's secret (at least 16 characters)", secret)
  }
  if (!METHODS.includes(method)) throw signingArgumentError('method', "'GET', 'HEAD' or 'POST'", method)
  if (typeof path !== 'string' || !/^(?:\/|https?:\/\/)/.test(path)) {
    throw signingArgumentError('path', "a path starting with '/', e.g. '/__isr/status'", path)
  }
  if (typeof now !== 'number' || !Number.isFinite(now)) throw signingArgumentError('now', 'epoch milliseconds', now)
  if (typeof id !== 'string' || !validWebhookId(id)) {
    throw signingArgumentError('id', "1 to 256 visible ASCII characters without '.'", id)
  }
  const bytes = typeof body === 'string' ? encoder.encode(body) : (body ?? new Uint8Array(0))
  const timestamp = Math.floor(now / 1000)
  const signature = await new Credentials(secret).signWebhook(id, timestamp, signedPayload(method, target(path), bytes))
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature }
}

/**
 * What a control request's signature covers besides its id and timestamp: a POST's raw body; for a read,
 * `<METHOD> <pathname+search>`, so a signature made for `GET /__isr/status` opens nothing else.
 */
export function signedPayload(method: string, target: string, body: Uint8Array): Uint8Array {
  return method === 'POST' ? body : encoder.encode(`${method} ${target}`)
}

/** Path and query as the server's `new URL(request.url)` reads them, so both sides agree on escaping. */
function target(path: string): string {
  const url = new URL(path, 'http://isr.invalid')
  return url.pathname + url.search
}

/** The `webhook-timestamp` header as unix seconds, or undefined when it is not an integer. */
export function parseTimestamp(header: string): number | undefined {
  return /^\d{1,12}$/.test(header.trim()) ? Number(header.trim()) : undefined
}

/** Whether a `webhook-id` may be signed at all: the spec forbids `.` in it ("Signature scheme"). */
export function validWebhookId(id: string): boolean {
  return ID_PATTERN.test(id)
}

/** Throws when a `whsec_` secret holds no usable key (so a bad option fails at startup, not at the first delivery). */
export function checkSigningSecret(secret: string): void {
  signingKey(secret)
}

/**
 * The HMAC key of a secret: a `whsec_` secret is base64 of the key (Standard Webhooks, "Signature scheme");
 * any other secret is its UTF-8 bytes.
 */
function signingKey(secret: string): Uint8Array {
  if (!secret.startsWith(SECRET_PREFIX)) return encoder.encode(secret)
  const key = fromBase64(secret.slice(SECRET_PREFIX.length))
  if (!key || key.byteLength < MIN_KEY_BYTES) throw webhookSecretError()
  return key
}

export class Credentials {
  readonly #key: Promise<CryptoKey>

  /** Without a secret the key is random: eager regeneration then works within this process only. */
  constructor(secret: string | undefined) {
    const material = secret ? signingKey(secret) : crypto.getRandomValues(new Uint8Array(32))
    this.#key = crypto.subtle.importKey(
      'raw',
      material as Uint8Array<ArrayBuffer>,
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    )
  }

  /** `Authorization: Bearer <secret>`: both sides are MACed so the comparison never depends on where they differ. */
  async verifyBearer(header: string | null, secret: string): Promise<boolean> {
    const match = header ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header) : null
    if (!match?.[1]) return false
    const [given, expected] = await Promise.all([this.#mac(match[1]), this.#mac(secret)])
    return equalBytes(given, expected)
  }

  /** `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<payload>">`. */
  async signWebhook(id: string, timestamp: number, payload: Uint8Array): Promise<string> {
    return `v1,${base64(await this.#mac(signedContent(id, timestamp, payload)))}`
  }

  /**
   * Whether any `v1` signature of a `webhook-signature` header (space-separated, "Webhook headers") is the
   * HMAC of this id, timestamp and payload. Other versions (`v1a`, asymmetric) are skipped.
   */
  async verifyWebhook(id: string, timestamp: number, header: string, payload: Uint8Array): Promise<boolean> {
    const candidates = v1Signatures(header)
    if (candidates.length === 0) return false
    const content = signedContent(id, timestamp, payload) as Uint8Array<ArrayBuffer>
    const key = await this.#key
    const results = await Promise.all(
      candidates.map((signature) => crypto.subtle.verify('HMAC', key, signature as Uint8Array<ArrayBuffer>, content)),
    )
    return results.includes(true)
  }

  /** The dashboard's session: `<expiry ms>.<base64 HMAC of "isrkit-session.<expiry>">` (a cookie's value). */
  async session(expires: number): Promise<string> {
    return `${expires}.${base64url(await this.#mac(`isrkit-session.${expires}`))}`
  }

  /** Whether `value` is a session this secret issued that has not expired at `now`. */
  async verifySession(value: string | undefined, now: number): Promise<boolean> {
    const match = value ? /^(\d{1,15})\.[A-Za-z0-9_-]{43}$/.exec(value) : null
    if (!match?.[1] || Number(match[1]) <= now) return false
    const expected = await this.session(Number(match[1]))
    return equalBytes(encoder.encode(expected), encoder.encode(value as string))
  }

  async #mac(data: string | Uint8Array): Promise<Uint8Array> {
    const bytes = typeof data === 'string' ? encoder.encode(data) : data
    return new Uint8Array(await crypto.subtle.sign('HMAC', await this.#key, bytes as Uint8Array<ArrayBuffer>))
  }
}

/** `<id>.<timestamp>.` then the payload's bytes as they are (a body need not be UTF-8). */
function signedContent(id: string, timestamp: number, payload: Uint8Array): Uint8Array {
  const head = encoder.encode(`${id}.${timestamp}.`)
  const out = new Uint8Array(head.byteLength + payload.byteLength)
  out.set(head)
  out.set(payload, head.byteLength)
  return out
}

/** The decoded `v1` signatures of a header, each 32 bytes (an HMAC-SHA256); anything else is skipped. */
function v1Signatures(header: string): Uint8Array[] {
  const out: Uint8Array[] = []
  for (const part of header.trim().split(/\s+/)) {
    if (!part.startsWith('v1,')) continue
    const bytes = fromBase64(part.slice(3))
    if (bytes?.byteLength === 32) out.push(bytes)
    if (out.length === MAX_SIGNATURES) break
  }
  return out
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false
  let diff = 0
  for (let i = 0; i < a.byteLength; i++) diff |= (a[i] as number) ^ (b[i] as number)
  return diff === 0
}

/** Standard base64 (RFC 4648 section 4), padding optional; undefined when it is not. */
function fromBase64(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined
  try {
    const binary = atob(text)
    return Uint8Array.from(binary, (c) => c.charCodeAt(0))
  } catch {
    return undefined
  }
}
