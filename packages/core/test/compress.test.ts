// Compression at rest (compress.ts): what is compressed, into what, and decoded back.
import * as zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { compressAll, compressible, decodable, decode, supported } from '../src/compress.ts'

const text = new TextEncoder().encode(
  Array.from({ length: 300 }, (_, i) => `<p class="para">Paragraph ${i}: ${(i * 31) % 97}</p>`).join('\n'),
)

describe('compressible', () => {
  it('takes text, JSON, JavaScript, XML and SVG of 1 KiB or more', () => {
    for (const type of [
      'text/html; charset=utf-8',
      'text/css',
      'application/json',
      'application/ld+json',
      'application/javascript',
      'application/xml',
      'application/rss+xml',
      'image/svg+xml',
    ]) {
      expect(compressible(type, 2048), type).toBe(true)
    }
    expect(compressible('text/html', 1023)).toBe(false)
    for (const type of ['image/png', 'font/woff2', 'application/zip', 'application/octet-stream']) {
      expect(compressible(type, 2048), type).toBe(false)
    }
    expect(compressible(null, 2048)).toBe(false)
  })
})

describe('compressAll', () => {
  it('makes each coding once, each decoding back to the body', async () => {
    const made = await compressAll(text, ['br', 'gzip', 'zstd'])
    expect(made.map((r) => r.coding)).toEqual(['br', 'gzip', 'zstd'])
    for (const r of made) {
      expect(r.bytes.byteLength).toBeLessThan(text.byteLength / 3)
      expect(decode(r)).toEqual(text)
    }
    // Best quality: smaller than a default-quality brotli of the same body.
    expect(made[0]?.bytes.byteLength).toBeLessThanOrEqual(zlib.brotliCompressSync(text).byteLength)
  })

  it('keeps the body as it is when no coding makes it smaller', async () => {
    let state = 2463534242
    const noise = new Uint8Array(4096).map(() => {
      state ^= state << 13
      state ^= state >>> 17
      state ^= state << 5
      return state & 0xff
    })
    expect(await compressAll(noise, ['br', 'gzip'])).toEqual([{ coding: 'identity', bytes: noise }])
  })
})

describe('decode', () => {
  it('decodes br, gzip, deflate and zstd; nothing for an unknown coding or broken bytes', () => {
    expect(decode({ coding: 'deflate', bytes: zlib.deflateSync(text) })).toEqual(text)
    expect(decode({ coding: 'x-gzip', bytes: zlib.gzipSync(text) })).toEqual(text)
    expect(decode({ coding: 'compress', bytes: text })).toBeUndefined()
    expect(decode({ coding: 'gzip', bytes: text })).toBeUndefined()
    expect(decodable('GZIP')).toBe(true)
    expect(decodable('x-custom')).toBe(false)
  })

  it('says nothing is makeable or decodable without node:zlib (an edge runtime)', () => {
    expect(supported('br', null)).toBe(false)
    expect(decodable('br', null)).toBe(false)
    expect(supported('br')).toBe(true)
  })
})
