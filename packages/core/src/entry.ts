// docs/architecture.md "Entries": metadata + the stored representations' bytes in one versioned blob, so one
// read serves a page and a half-written or foreign value is detected (magic, lengths, checksums) rather than
// served. The creation
// time sits at a fixed offset of the header, so storage can compare it without decoding the rest (the
// newest-wins write on Redis reads 16 bytes; the janitor reads the metadata only).
import { toHex } from './key.ts'

/** Bump on any change to the layout or the meaning of a field: older entries then read as misses. */
export const FORMAT_VERSION = 3
const MAGIC = [0x49, 0x53, 0x52] // "ISR"
/** magic (3) + version (1) + createdAt (float64 BE) + meta length (uint32 BE). */
export const HEADER_BYTES = 16
const CREATED_AT_OFFSET = 4
const META_LENGTH_OFFSET = 12

export interface EntryMeta {
  key: string
  url: string
  /** The pathname the entry belongs to, whatever its origin: what path invalidations and the variant cap count. */
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
  /** The ETag of the identity representation, whether stored or decoded from a stored one. */
  etag: string
  /** The stored representations, in the blob's order (identity alone when nothing was compressed). */
  bodies: StoredBody[]
  /** Request headers (vary values) to replay when regenerating without a visitor. */
  replay: [string, string][]
  /** The render read the request's cookies: only visitors without unkeyed cookies may be served it. */
  readsCookies: boolean
}

export interface StoredBody {
  /** Its content coding: `br`, `gzip`, `zstd`, `identity`, or the render's own. */
  coding: string
  size: number
  /** SHA-256 of the bytes, hex. */
  checksum: string
  etag: string
}

export interface Entry {
  meta: EntryMeta
  /** The bytes of each of `meta.bodies`, in that order. */
  bodies: Uint8Array[]
}

export type Decoded = { entry: Entry } | { corrupt: string } | { outdated: true }

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

export async function checksumOf(body: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', body as Uint8Array<ArrayBuffer>)))
}

/** Bytes the entry's bodies hold in memory. */
export function bodyBytes(entry: Entry): number {
  let total = 0
  for (const body of entry.bodies) total += body.byteLength
  return total
}

export function encodeEntry(entry: Entry): Uint8Array {
  const meta = encoder.encode(JSON.stringify(entry.meta))
  const out = new Uint8Array(HEADER_BYTES + meta.byteLength + bodyBytes(entry))
  out.set(MAGIC, 0)
  out[3] = FORMAT_VERSION
  const view = new DataView(out.buffer)
  view.setFloat64(CREATED_AT_OFFSET, entry.meta.createdAt)
  view.setUint32(META_LENGTH_OFFSET, meta.byteLength)
  out.set(meta, HEADER_BYTES)
  let offset = HEADER_BYTES + meta.byteLength
  for (const body of entry.bodies) {
    out.set(body, offset)
    offset += body.byteLength
  }
  return out
}

/** Never throws: whatever storage returned, the answer is an entry, an outdated format, or a reason it is corrupt. */
export async function decodeEntry(value: unknown, expectedKey: string): Promise<Decoded> {
  const framed = decodeMeta(value)
  if (!('meta' in framed)) return framed
  const { meta, bytes, bodyStart } = framed
  // A hash collision of storage keys, or a value copied between keys, must never serve another page.
  if (meta.key !== expectedKey) return { corrupt: 'entry belongs to another key' }
  const expected = meta.bodies.reduce((sum, body) => sum + body.size, 0)
  if (bytes.byteLength - bodyStart !== expected) {
    return { corrupt: `body is ${bytes.byteLength - bodyStart} bytes, expected ${expected}` }
  }
  // One tight copy for all bodies: a view into what storage returned could pin a larger buffer (a driver's
  // read buffer) for as long as the memory tier keeps the entry.
  const own = bytes.slice(bodyStart)
  const bodies: Uint8Array[] = []
  let offset = 0
  for (const stored of meta.bodies) {
    const body = own.subarray(offset, offset + stored.size)
    if ((await checksumOf(body)) !== stored.checksum) {
      return { corrupt: `body checksum mismatch${stored.coding === 'identity' ? '' : ` (${stored.coding})`}` }
    }
    bodies.push(body)
    offset += stored.size
  }
  return { entry: { meta, bodies } }
}

export type DecodedMeta =
  | { meta: EntryMeta; bytes: Uint8Array; bodyStart: number }
  | { corrupt: string }
  | { outdated: true }

/** The metadata alone, checked for shape but not against a key or the body: what the janitor needs. */
export function decodeMeta(value: unknown): DecodedMeta {
  const bytes = asBytes(value)
  if (!bytes) return { corrupt: `expected bytes, found ${value === null ? 'null' : typeof value}` }
  if (bytes.byteLength < 4 || MAGIC.some((b, i) => bytes[i] !== b)) return { corrupt: 'not an isrkit entry' }
  if (bytes[3] !== FORMAT_VERSION) return { outdated: true }
  if (bytes.byteLength < HEADER_BYTES) return { corrupt: 'truncated header' }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const metaLength = view.getUint32(META_LENGTH_OFFSET)
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
  if (m.createdAt !== view.getFloat64(CREATED_AT_OFFSET)) return { corrupt: 'header and metadata disagree' }
  return { meta: m, bytes, bodyStart: HEADER_BYTES + metaLength }
}

/** The creation time in a stored value's header, or undefined when it is not a current-format entry. */
export function createdAtOf(value: unknown): number | undefined {
  const bytes = asBytes(value)
  if (!bytes || bytes.byteLength < HEADER_BYTES || MAGIC.some((b, i) => bytes[i] !== b)) return undefined
  if (bytes[3] !== FORMAT_VERSION) return undefined
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getFloat64(CREATED_AT_OFFSET)
}

function asBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value
  if (value instanceof ArrayBuffer) return new Uint8Array(value)
  return undefined
}

const NUMBER_FIELDS = ['status', 'createdAt', 'revalidateAt', 'expireAt', 'staleIfErrorAt'] as const
const STRING_FIELDS = ['key', 'url', 'path', 'buildId', 'etag'] as const

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
  if (!Array.isArray(m.bodies) || m.bodies.length === 0 || !m.bodies.every(isStoredBody)) {
    return 'metadata.bodies is not a list of stored bodies'
  }
  return undefined
}

function isStoredBody(value: unknown): boolean {
  const b = value as Partial<StoredBody> | null
  return (
    typeof b === 'object' &&
    b !== null &&
    typeof b.coding === 'string' &&
    Number.isInteger(b.size) &&
    (b.size as number) >= 0 &&
    typeof b.checksum === 'string' &&
    typeof b.etag === 'string'
  )
}

function isPairs(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'string')
  )
}
