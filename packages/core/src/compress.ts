// Compression at rest (docs/architecture.md "Compression"): a stored body is compressed once, when it is
// stored, and hits send the bytes as stored. Node's zlib runs it on libuv's thread pool, off the event loop.
// Where the runtime has no node:zlib (an edge runtime, which compresses at its own edge), nothing is.
import type * as zlib from 'node:zlib'
import { nodeBuiltin } from './builtin.ts'
import { type Coding, IDENTITY } from './encoding.ts'

type Zlib = typeof zlib

/** node:zlib where the runtime has it: Node, Bun and Deno; not an edge runtime. */
export const ZLIB: Zlib | undefined = nodeBuiltin<Zlib>('node:zlib')

/** Which of the codings this runtime can make (`z`: its zlib, null where it has none). */
export function supported(coding: Coding, z: Zlib | null = ZLIB ?? null): boolean {
  if (!z) return false
  return coding !== 'zstd' || typeof z.zstdCompress === 'function'
}

/** Smaller bodies gain less than their headers and the CPU cost (Akamai, Cloudflare and nginx use ~1 KiB). */
export const MIN_COMPRESS_BYTES = 1024
/**
 * Brotli's best quality (11) costs ~1.2 ms of CPU per KiB (~47 ms for a 39 KB page), for bodies 10–15% smaller
 * than quality 5 at a twentieth of the cost. A page is stored once and sent many times, so it is worth it up to
 * this size, for the misses of a site's ordinary traffic. A burst of misses (a deploy, a crawler) would spend a
 * whole core on it: there `BestBudget` hands best quality out only as far as its share of a core allows, and
 * quality 5 keeps stores short and the thread pool free for storage I/O.
 */
const MAX_BEST_BROTLI_BYTES = 64 * 1024
const BEST_AT_ONCE = 2
const FAST_BROTLI_QUALITY = 5

/**
 * Time for best-quality brotli, a token bucket: `share` of one core on average (measured as the wall time of
 * each compression, from its start to its callback: its CPU time or more), at most `burstMs` saved up, and
 * at most `BEST_AT_ONCE` at a time. `now` is injectable for tests.
 */
export class BestBudget {
  readonly #share: number
  readonly #burst: number
  readonly #now: () => number
  #tokens: number
  #at: number
  #running = 0

  constructor({ share = 0.1, burstMs = 1000, now = () => performance.now() } = {}) {
    this.#share = share
    this.#burst = burstMs
    this.#now = now
    this.#tokens = burstMs
    this.#at = now()
  }

  /** Whether a compression may run at best quality now; if so, it must call the returned `done` when finished. */
  take(): (() => void) | undefined {
    const now = this.#refill()
    if (this.#tokens <= 0 || this.#running >= BEST_AT_ONCE) return undefined
    this.#running++
    return () => {
      this.#running--
      this.#refill()
      this.#tokens -= this.#now() - now
    }
  }

  #refill(): number {
    const now = this.#now()
    this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#at) * this.#share)
    this.#at = now
    return now
  }
}

const BEST_BUDGET = new BestBudget()

/** Text, JSON, JavaScript, XML and SVG: what compresses well (images, fonts and archives already are). */
const COMPRESSIBLE =
  /^(?:text\/|image\/svg\+xml|application\/(?:[\w.-]+\+)?(?:json|xml)\b|application\/(?:x-)?(?:javascript|ecmascript)\b|application\/(?:xhtml\+xml|wasm|manifest\+json))/i

export function compressible(contentType: string | null, size: number): boolean {
  return size >= MIN_COMPRESS_BYTES && contentType !== null && COMPRESSIBLE.test(contentType.trim())
}

export interface Representation {
  coding: string
  bytes: Uint8Array
}

/**
 * The representations to store of an identity body: one per coding that makes it smaller, in the order
 * given. Compression that fails (it should not) is skipped: the identity body is then stored instead.
 */
export async function compressAll(
  body: Uint8Array,
  codings: readonly Coding[],
  budget: BestBudget = BEST_BUDGET,
): Promise<Representation[]> {
  const made = await Promise.all(
    codings.map((coding) =>
      compress(body, coding, budget).then(
        (bytes): Representation => ({ coding, bytes }),
        () => undefined,
      ),
    ),
  )
  // Less than 5% saved is not worth a second lookup, a Vary, or the decoding of identity.
  const kept = made.filter((r): r is Representation => r !== undefined && r.bytes.byteLength < body.byteLength * 0.95)
  return kept.length > 0 ? kept : [{ coding: IDENTITY, bytes: body }]
}

function compress(body: Uint8Array, coding: Coding, budget: BestBudget): Promise<Uint8Array> {
  const z = ZLIB
  if (!z) return Promise.reject(new Error('node:zlib is not available'))
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, result: Buffer) => (error ? reject(error) : resolve(owned(result)))
    if (coding === 'br') {
      const spent = body.byteLength <= MAX_BEST_BROTLI_BYTES ? budget.take() : undefined
      if (!spent) return z.brotliCompress(body, brotliParams(z, FAST_BROTLI_QUALITY, body.byteLength), done)
      z.brotliCompress(body, brotliParams(z, z.constants.BROTLI_MAX_QUALITY, body.byteLength), (error, result) => {
        spent()
        done(error, result)
      })
    } else if (coding === 'gzip') z.gzip(body, { level: z.constants.Z_BEST_COMPRESSION }, done)
    else z.zstdCompress(body, {}, done)
  })
}

/**
 * zlib's output as a Uint8Array without a copy when the Buffer has its memory to itself (outputs of a page's
 * size do); a small one cut from Node's shared 8 KiB pool is copied, so a kept body never holds the pool.
 */
function owned(buffer: Buffer): Uint8Array {
  const whole = buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength
  return whole ? new Uint8Array(buffer.buffer, 0, buffer.byteLength) : new Uint8Array(buffer)
}

function brotliParams(z: Zlib, quality: number, size: number): zlib.BrotliOptions {
  return {
    params: {
      [z.constants.BROTLI_PARAM_QUALITY]: quality,
      [z.constants.BROTLI_PARAM_MODE]: z.constants.BROTLI_MODE_TEXT,
      [z.constants.BROTLI_PARAM_SIZE_HINT]: size,
    },
  }
}

/** Whether this runtime can decode a stored body of this coding to identity. */
export function decodable(coding: string, z: Zlib | null = ZLIB ?? null): boolean {
  if (!z) return false
  const name = coding.toLowerCase()
  if (name === 'zstd') return typeof z.zstdDecompressSync === 'function'
  return name === 'br' || name === 'gzip' || name === 'x-gzip' || name === 'deflate'
}

/**
 * A stored representation decoded to identity, synchronously (once per entry and process: the result is
 * kept), or undefined when the coding is not one this runtime decodes.
 */
export function decode(representation: Representation): Uint8Array | undefined {
  const z = ZLIB
  if (!z || !decodable(representation.coding, z)) return undefined
  try {
    switch (representation.coding.toLowerCase()) {
      case 'br':
        return owned(z.brotliDecompressSync(representation.bytes))
      case 'gzip':
      case 'x-gzip':
        return owned(z.gunzipSync(representation.bytes))
      case 'deflate':
        return owned(z.inflateSync(representation.bytes))
      default:
        return owned(z.zstdDecompressSync(representation.bytes))
    }
  } catch {
    return undefined
  }
}
