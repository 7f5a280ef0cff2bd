// design.md "Entries": metadata + body bytes in one versioned blob, so one read serves a page and a
// half-written or foreign value is detected (magic, lengths, checksum) rather than served.
import { toHex } from './key.ts'

/** Bump on any change to the layout or the meaning of a field: older entries then read as misses. */
export const FORMAT_VERSION = 1
const MAGIC = [0x49, 0x53, 0x52] // "ISR"
const HEADER_BYTES = 8 // magic (3) + version (1) + meta length (uint32 BE)

export interface EntryMeta {
  key: string
  url: string
  /** Host + pathname the entry belongs to, for path invalidations. */
  path: string
  status: number
  headers: [string, string][]
  tags: string[]
  /** When the render began (epoch ms): invalidations at or after it make the entry stale. */
  createdAt: number
  revalidateAt: number
  expireAt: number
  /** Until when the entry may stand in for a failing render. */
  staleIfErrorAt: number
  buildId: string
  etag: string
  size: number
  /** SHA-256 of the body, hex. */
  checksum: string
  /** Request headers (vary values) to replay when regenerating without a visitor. */
  replay: [string, string][]
  /** The render read the request's cookies: only visitors without unkeyed cookies may be served it. */
  readsCookies: boolean
}

export interface Entry {
  meta: EntryMeta
  body: Uint8Array
}

export type Decoded = { entry: Entry } | { corrupt: string } | { outdated: true }

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

export async function checksumOf(body: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', body as Uint8Array<ArrayBuffer>)))
}

export function encodeEntry(entry: Entry): Uint8Array {
  const meta = encoder.encode(JSON.stringify(entry.meta))
  const out = new Uint8Array(HEADER_BYTES + meta.byteLength + entry.body.byteLength)
  out.set(MAGIC, 0)
  out[3] = FORMAT_VERSION
  new DataView(out.buffer).setUint32(4, meta.byteLength)
  out.set(meta, HEADER_BYTES)
  out.set(entry.body, HEADER_BYTES + meta.byteLength)
  return out
}

/** Never throws: whatever storage returned, the answer is an entry, an outdated format, or a reason it is corrupt. */
export async function decodeEntry(value: unknown, expectedKey: string): Promise<Decoded> {
  const bytes = asBytes(value)
  if (!bytes) return { corrupt: `expected bytes, found ${value === null ? 'null' : typeof value}` }
  if (bytes.byteLength < HEADER_BYTES || MAGIC.some((b, i) => bytes[i] !== b)) return { corrupt: 'not an isrkit entry' }
  if (bytes[3] !== FORMAT_VERSION) return { outdated: true }
  const metaLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4)
  if (HEADER_BYTES + metaLength > bytes.byteLength) return { corrupt: 'truncated metadata' }
  let meta: unknown
  try {
    meta = JSON.parse(decoder.decode(bytes.subarray(HEADER_BYTES, HEADER_BYTES + metaLength)))
  } catch {
    return { corrupt: 'metadata is not JSON' }
  }
  const problem = checkMeta(meta)
  if (problem) return { corrupt: problem }
  const m = meta as EntryMeta
  // A hash collision of storage keys, or a value copied between keys, must never serve another page.
  if (m.key !== expectedKey) return { corrupt: 'entry belongs to another key' }
  const body = bytes.subarray(HEADER_BYTES + metaLength)
  if (body.byteLength !== m.size) return { corrupt: `body is ${body.byteLength} bytes, expected ${m.size}` }
  if ((await checksumOf(body)) !== m.checksum) return { corrupt: 'body checksum mismatch' }
  return { entry: { meta: m, body } }
}

function asBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value
  if (value instanceof ArrayBuffer) return new Uint8Array(value)
  return undefined
}

const NUMBER_FIELDS = ['status', 'createdAt', 'revalidateAt', 'expireAt', 'staleIfErrorAt', 'size'] as const
const STRING_FIELDS = ['key', 'url', 'path', 'buildId', 'etag', 'checksum'] as const

function checkMeta(meta: unknown): string | undefined {
  if (typeof meta !== 'object' || meta === null) return 'metadata is not an object'
  const m = meta as Record<string, unknown>
  for (const field of NUMBER_FIELDS) if (typeof m[field] !== 'number') return `metadata.${field} is not a number`
  for (const field of STRING_FIELDS) if (typeof m[field] !== 'string') return `metadata.${field} is not a string`
  if (!isPairs(m.headers)) return 'metadata.headers is not a list of pairs'
  if (!isPairs(m.replay)) return 'metadata.replay is not a list of pairs'
  if (!Array.isArray(m.tags) || !m.tags.every((t) => typeof t === 'string'))
    return 'metadata.tags is not a list of strings'
  if (typeof m.readsCookies !== 'boolean') return 'metadata.readsCookies is not a boolean'
  return undefined
}

function isPairs(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'string')
  )
}
