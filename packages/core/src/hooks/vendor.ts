// What a CMS's webhook receiver knows of its vendor (docs/architecture.md "Webhooks"): how a delivery proves
// where it comes from, and what its payload says changed. Each vendor is one file of this directory.

export interface HookRequest {
  method: string
  /** The path and query the request was sent to, as received. */
  target: string
  headers: Headers
  /** The raw body: signatures cover these bytes, never a re-serialized parse. */
  body: Uint8Array
  /** The body as UTF-8 text. */
  text: string
  /** Epoch ms, the instance's clock. */
  now: number
}

/** The delivery is the vendor's (`id`: its unique id where the vendor sends one), or why it is refused. */
export type Verdict = { ok: true; id?: string } | { ok: false; reason: string }

/** A document the payload says changed: published, unpublished or deleted alike. */
export interface ChangedDocument {
  type?: string | undefined
  id?: string | undefined
  slugs: string[]
  /** Paths the payload names outright (Storyblok's `full_slug`). */
  paths: string[]
}

export type Reading =
  | { documents: ChangedDocument[] }
  /** The sender named what to invalidate, in isrkit's own body shape (`{ tags, paths }`): checked as given. */
  | { named: { tags: unknown; paths: unknown } }
  /** A delivery that changes nothing published (a draft save, a test): answered 200, nothing invalidated. */
  | { ignore: string }
  /** The payload lacks what the mapping needs: a 400 naming it. */
  | { unreadable: string }

export interface Vendor {
  /** Seconds a signed timestamp may be away from now; undefined where the vendor signs none. */
  window?: number
  verify(request: HookRequest, secret: string): Promise<Verdict>
  /** The default mapping's input: what changed, read from the payload and the delivery's headers. */
  read(payload: unknown, headers: Headers): Reading
}

/** `obj.a.b` of an unknown JSON value, or undefined. */
export function at(value: unknown, ...path: string[]): unknown {
  let current = value
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined
    current = (current as Record<string, unknown>)[key]
  }
  return current
}

/** A string or number as text (ids come as either), else undefined. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined
}

/** The strings of a value that is one, or an object of them by locale (`{ "en-US": "hello" }`). */
export function localized(value: unknown): string[] {
  const one = text(value)
  if (one) return [one]
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return []
  return Object.values(value).flatMap((v) => (text(v) ? [text(v) as string] : []))
}

/** A timestamp within `window` seconds of now, or why not. */
export function timely(stampMs: number, now: number, window: number, header: string): string | undefined {
  const ahead = Math.round((stampMs - now) / 1000)
  if (Math.abs(ahead) <= window) return undefined
  const where = ahead < 0 ? `${-ahead} s in the past` : `${ahead} s in the future`
  return `${header} is ${where}, outside the ${window} s this receiver accepts; check the clocks, or whether this is a replay`
}
