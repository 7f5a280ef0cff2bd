// Compression at rest (compress.ts): what is compressed, into what, and decoded back.
import * as zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { BestBudget, compressAll, compressible, decodable, decode, supported } from '../src/compress.ts'

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

describe('BestBudget', () => {
  const clock = () => {
    let time = 0
    return { now: () => time, advance: (ms: number) => (time += ms) }
  }

  it('gives best quality while its saved-up time lasts, then only as its share of a core refills it', () => {
    const c = clock()
    const budget = new BestBudget({ share: 0.1, burstMs: 100, now: c.now })
    let granted = 0
    // A burst of misses, one after another, each 40 ms at best quality.
    for (let i = 0; i < 10; i++) {
      const done = budget.take()
      if (!done) continue
      granted++
      c.advance(40)
      done()
    }
    // 100 ms saved up (no more: the first's 4 ms of refill is over the cap), 10% of the next two's 80 ms:
    // the third ran into debt (-12 ms).
    expect(granted).toBe(3)
    expect(budget.take()).toBeUndefined()
    c.advance(119) // 10% of it does not yet repay the debt
    expect(budget.take()).toBeUndefined()
    c.advance(2)
    expect(budget.take()).toBeDefined()
  })

  it('runs at most two at a time, however much time it has', () => {
    const budget = new BestBudget({ burstMs: 10_000, now: clock().now })
    const first = budget.take()
    expect(first).toBeDefined()
    expect(budget.take()).toBeDefined()
    expect(budget.take()).toBeUndefined()
    first?.()
    expect(budget.take()).toBeDefined()
  })

  it('stores quality-5 brotli once it is spent, best quality while it lasts', async () => {
    const spent = new BestBudget({ burstMs: 0, now: clock().now })
    const fresh = new BestBudget({ now: clock().now })
    const [best] = await compressAll(text, ['br'], fresh)
    const [fast] = await compressAll(text, ['br'], spent)
    const quality = (q: number) =>
      zlib.brotliCompressSync(text, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: q,
          [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: text.byteLength,
        },
      })
    expect(Buffer.from(fast?.bytes ?? [])).toEqual(quality(5))
    expect(Buffer.from(best?.bytes ?? [])).toEqual(quality(11))
    expect(best?.bytes.byteLength).toBeLessThan(fast?.bytes.byteLength ?? 0)
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
