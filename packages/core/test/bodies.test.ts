// Which stored body answers a request (bodies.ts).
import * as zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { chooseBody, decodedBytes } from '../src/bodies.ts'
import type { Entry } from '../src/entry.ts'

const page = new TextEncoder().encode('<p>page</p>'.repeat(200))

function entry(bodies: [string, Uint8Array][]): Entry {
  return {
    meta: {
      key: 'k',
      etag: '"e"',
      bodies: bodies.map(([coding, bytes]) => ({
        coding,
        size: bytes.byteLength,
        checksum: '',
        etag: `"e-${coding}"`,
      })),
    },
    bodies: bodies.map(([, bytes]) => bytes),
  } as unknown as Entry
}

describe('chooseBody', () => {
  it('sends a stored coding as stored, and decodes identity once, telling the memory tier', () => {
    const e = entry([
      ['br', new Uint8Array(zlib.brotliCompressSync(page))],
      ['gzip', new Uint8Array(zlib.gzipSync(page))],
    ])
    const told: Entry[] = []
    const onDecoded = (decoded: Entry) => told.push(decoded)
    expect(chooseBody(e, 'gzip, br', onDecoded)).toMatchObject({ coding: 'br', etag: '"e-br"' })
    expect(told).toHaveLength(0)
    expect(decodedBytes(e)).toBe(0)
    const identity = chooseBody(e, null, onDecoded)
    expect(identity).toEqual({ coding: 'identity', bytes: page, etag: '"e"' })
    expect(chooseBody(e, 'identity', onDecoded).bytes).toBe(identity.bytes)
    expect(told).toEqual([e])
    expect(decodedBytes(e)).toBe(page.byteLength)
  })

  it('sends the stored body when identity cannot be made from it', () => {
    const e = entry([['x-custom', new Uint8Array([1, 2, 3])]])
    expect(chooseBody(e, null, () => {})).toMatchObject({ coding: 'x-custom' })
  })

  it('answers an identity-only entry without negotiating', () => {
    const e = entry([['identity', page]])
    expect(chooseBody(e, 'br', () => {})).toEqual({ coding: 'identity', bytes: page, etag: '"e-identity"' })
  })
})
