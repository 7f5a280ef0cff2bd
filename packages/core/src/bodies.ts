// Which stored body answers a request (docs/architecture.md "Compression"): the representation the client
// prefers among those stored, or identity, decoded once from a stored one and kept beside the entry.
import { decodable, decode } from './compress.ts'
import { IDENTITY, negotiate } from './encoding.ts'
import type { Entry } from './entry.ts'

export interface ChosenBody {
  coding: string
  bytes: Uint8Array
  etag: string
}

/** Identity bodies decoded from a stored representation (null: decoding failed), kept as long as the entry. */
const decoded = new WeakMap<Entry, Uint8Array | null>()
/** What each entry can answer with: its stored codings, and identity when stored or decodable. */
const codings = new WeakMap<Entry, readonly string[]>()

/**
 * The body to send for `acceptEncoding`. `onDecoded` is told when identity is decoded for the entry, so the
 * memory tier counts the bytes it now holds.
 */
export function chooseBody(entry: Entry, acceptEncoding: string | null, onDecoded: (entry: Entry) => void): ChosenBody {
  const { bodies } = entry.meta
  if (bodies.length === 1 && bodies[0]?.coding === IDENTITY) return storedBody(entry, 0)
  const coding = negotiate(acceptEncoding, availableCodings(entry))
  const index = bodies.findIndex((body) => body.coding === coding)
  if (index !== -1) return storedBody(entry, index)
  const identity = identityOf(entry, onDecoded)
  return identity ? { coding: IDENTITY, bytes: identity, etag: entry.meta.etag } : storedBody(entry, 0)
}

/** Bytes decoded and kept for this entry, beyond its stored bodies. */
export function decodedBytes(entry: Entry): number {
  return decoded.get(entry)?.byteLength ?? 0
}

/** A stored body as it is, by its place in the entry. */
export function storedBody(entry: Entry, index: number): ChosenBody {
  const meta = entry.meta.bodies[index]
  const bytes = entry.bodies[index]
  if (!meta || !bytes) throw new Error(`entry ${entry.meta.key} has no stored body ${index}`)
  return { coding: meta.coding, bytes, etag: meta.etag }
}

function availableCodings(entry: Entry): readonly string[] {
  let available = codings.get(entry)
  if (!available) {
    const own = entry.meta.bodies.map((body) => body.coding)
    const canDecode = !own.includes(IDENTITY) && own.some((coding) => decodable(coding))
    available = canDecode ? [...own, IDENTITY] : own
    codings.set(entry, available)
  }
  return available
}

/** Identity decoded from the first stored body this runtime decodes, once per entry. */
function identityOf(entry: Entry, onDecoded: (entry: Entry) => void): Uint8Array | undefined {
  const known = decoded.get(entry)
  if (known !== undefined) return known ?? undefined
  let identity: Uint8Array | undefined
  for (const [index, body] of entry.meta.bodies.entries()) {
    const bytes = entry.bodies[index]
    if (bytes && decodable(body.coding)) identity = decode({ coding: body.coding, bytes })
    if (identity) break
  }
  decoded.set(entry, identity ?? null)
  if (identity) onDecoded(entry)
  return identity
}
