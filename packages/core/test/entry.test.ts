import { describe, expect, it } from 'vitest'
import {
  checksumOf,
  createdAtOf,
  decodeEntry,
  type Entry,
  type EntryMeta,
  encodeEntry,
  FORMAT_VERSION,
} from '../src/entry.ts'

const KEY = 'isr::http://site.test/blog/post#'
const CREATED_AT = 1_000
const encoder = new TextEncoder()

async function entry(text = '<h1>post</h1>'): Promise<Entry> {
  const body = encoder.encode(text)
  const meta: EntryMeta = {
    key: KEY,
    url: 'http://site.test/blog/post',
    path: '/blog/post',
    status: 200,
    headers: [['content-type', 'text/html']],
    tags: ['blog', 'post:42'],
    createdAt: CREATED_AT,
    revalidateAt: 61_000,
    expireAt: 3_601_000,
    staleIfErrorAt: 90_001_000,
    buildId: 'v1',
    etag: '"abc"',
    bodies: [{ coding: 'identity', size: body.byteLength, checksum: await checksumOf(body), etag: '"abc"' }],
    replay: [['cookie', 'lang=de']],
    readsCookies: false,
  }
  return { meta, bodies: [body] }
}

/** The entry's one body. */
const only = (e: Entry) => e.bodies[0] as Uint8Array

/** A blob with this exact metadata text and body, as another writer (or a bug) might have stored it. */
function frame(metaText: string, body: Uint8Array, version = FORMAT_VERSION, createdAt = CREATED_AT): Uint8Array {
  const meta = encoder.encode(metaText)
  const out = new Uint8Array(16 + meta.byteLength + body.byteLength)
  out.set([0x49, 0x53, 0x52, version], 0)
  new DataView(out.buffer).setFloat64(4, createdAt)
  new DataView(out.buffer).setUint32(12, meta.byteLength)
  out.set(meta, 16)
  out.set(body, 16 + meta.byteLength)
  return out
}

async function withMeta(change: (meta: Record<string, unknown>) => void) {
  const e = await entry()
  const meta: Record<string, unknown> = { ...e.meta }
  change(meta)
  return decodeEntry(frame(JSON.stringify(meta), only(e)), KEY)
}

describe('encodeEntry / decodeEntry', () => {
  it('round-trips metadata and body, the body copied out of what storage returned', async () => {
    const e = await entry()
    const bytes = encodeEntry(e)
    const decoded = await decodeEntry(bytes, KEY)
    if (!('entry' in decoded)) throw new Error(`not decoded: ${JSON.stringify(decoded)}`)
    expect(decoded.entry.meta).toEqual(e.meta)
    expect(new TextDecoder().decode(only(decoded.entry))).toBe('<h1>post</h1>')
    // A driver's read buffer is never pinned by the memory tier.
    expect(only(decoded.entry).buffer).not.toBe(bytes.buffer)
    expect(only(decoded.entry).buffer.byteLength).toBe(13)
  })

  it('round-trips an empty body and binary bytes', async () => {
    for (const body of [new Uint8Array(0), new Uint8Array([0, 255, 0x49, 0x53, 0x52, 1])]) {
      const e = await entry()
      e.bodies = [body]
      e.meta.bodies = [{ coding: 'identity', size: body.byteLength, checksum: await checksumOf(body), etag: '"abc"' }]
      const decoded = await decodeEntry(encodeEntry(e), KEY)
      expect(decoded).toEqual({ entry: { meta: e.meta, bodies: [body] } })
    }
  })

  it('round-trips several representations, each checked on its own', async () => {
    const e = await entry()
    const br = new Uint8Array([1, 2, 3])
    const gzip = new Uint8Array([4, 5, 6, 7])
    e.bodies = [br, gzip]
    e.meta.bodies = [
      { coding: 'br', size: 3, checksum: await checksumOf(br), etag: '"abc-br"' },
      { coding: 'gzip', size: 4, checksum: await checksumOf(gzip), etag: '"abc-gzip"' },
    ]
    const bytes = encodeEntry(e)
    expect(await decodeEntry(bytes, KEY)).toEqual({ entry: { meta: e.meta, bodies: [br, gzip] } })
    const flipped = bytes.slice()
    flipped[flipped.byteLength - 1] = 0
    expect(await decodeEntry(flipped, KEY)).toEqual({ corrupt: 'body checksum mismatch (gzip)' })
  })

  it('accepts an ArrayBuffer, and a view into a larger buffer', async () => {
    const bytes = encodeEntry(await entry())
    expect(await decodeEntry(bytes.slice().buffer, KEY)).toHaveProperty('entry')
    const larger = new Uint8Array(bytes.byteLength + 10)
    larger.set(bytes, 5)
    expect(await decodeEntry(larger.subarray(5, 5 + bytes.byteLength), KEY)).toHaveProperty('entry')
  })

  it('reads another format version as outdated', async () => {
    const bytes = encodeEntry(await entry())
    for (const version of [0, FORMAT_VERSION + 1]) {
      bytes[3] = version
      expect(await decodeEntry(bytes, KEY)).toEqual({ outdated: true })
    }
  })

  it.each<[string, unknown, string]>([
    ['a string', '<h1>post</h1>', 'expected bytes, found string'],
    ['null', null, 'expected bytes, found null'],
    ['undefined', undefined, 'expected bytes, found undefined'],
    ['a JSON object', { meta: {}, body: [] }, 'expected bytes, found object'],
    ['bytes of something else', encoder.encode('{"hello":"world"}'), 'not an isrkit entry'],
    ['fewer bytes than the header', new Uint8Array([0x49, 0x53, 0x52, FORMAT_VERSION]), 'truncated header'],
  ])('reads %s as corrupt, without throwing', async (_, value, reason) => {
    expect(await decodeEntry(value, KEY)).toEqual({ corrupt: reason })
  })

  it('keeps the creation time in the header, where storage compares it without decoding', async () => {
    const bytes = encodeEntry(await entry())
    expect(createdAtOf(bytes)).toBe(CREATED_AT)
    expect(createdAtOf(new Uint8Array([1, 2, 3]))).toBeUndefined()
    expect(createdAtOf(frame('{}', new Uint8Array(), FORMAT_VERSION - 1))).toBeUndefined()
    const e = await entry()
    const lying = frame(JSON.stringify(e.meta), only(e), FORMAT_VERSION, 99_999)
    expect(await decodeEntry(lying, KEY)).toEqual({ corrupt: 'header and metadata disagree' })
  })

  it('reads a blob cut short as corrupt', async () => {
    const bytes = encodeEntry(await entry())
    expect(await decodeEntry(bytes.subarray(0, 40), KEY)).toEqual({ corrupt: 'truncated metadata' })
  })

  it('reads metadata that is not JSON, or not UTF-8, as corrupt', async () => {
    const body = encoder.encode('x')
    expect(await decodeEntry(frame('{"key":', body), KEY)).toEqual({ corrupt: 'metadata is not JSON' })
    const latin1 = frame('{}', body)
    latin1[16] = 0xff
    expect(await decodeEntry(latin1, KEY)).toEqual({ corrupt: 'metadata is not JSON' })
    expect(await decodeEntry(frame('null', body), KEY)).toEqual({ corrupt: 'metadata is not an object' })
  })

  it.each<[string, (meta: Record<string, unknown>) => void, string]>([
    ['a status as text', (m) => (m.status = '200'), 'metadata.status is not a number'],
    ['a missing expireAt', (m) => delete m.expireAt, 'metadata.expireAt is not a number'],
    ['a numeric key', (m) => (m.key = 42), 'metadata.key is not a string'],
    [
      'a body without a checksum',
      (m) => (m.bodies = [{ coding: 'identity', size: 13, checksum: null, etag: '"abc"' }]),
      'metadata.bodies is not a list of stored bodies',
    ],
    ['no bodies', (m) => (m.bodies = []), 'metadata.bodies is not a list of stored bodies'],
    ['headers as an object', (m) => (m.headers = { 'content-type': 'text/html' }), 'metadata.headers is not a list'],
    ['a header without a value', (m) => (m.headers = [['content-type']]), 'metadata.headers is not a list of pairs'],
    ['a numeric replay value', (m) => (m.replay = [['x-a', 1]]), 'metadata.replay is not a list of pairs'],
    ['a numeric tag', (m) => (m.tags = ['blog', 42]), 'metadata.tags is not a list of strings'],
  ])('reads metadata with %s as corrupt', async (_, change, reason) => {
    const decoded = await withMeta(change)
    expect(decoded).toHaveProperty('corrupt')
    expect((decoded as { corrupt: string }).corrupt).toContain(reason)
  })

  it('never serves an entry under another key', async () => {
    const bytes = encodeEntry(await entry())
    expect(await decodeEntry(bytes, 'isr::http://site.test/blog/other#')).toEqual({
      corrupt: 'entry belongs to another key',
    })
  })

  it('detects a body of the wrong length, and a body that changed', async () => {
    const bytes = encodeEntry(await entry())
    const longer = new Uint8Array(bytes.byteLength + 1)
    longer.set(bytes)
    expect(await decodeEntry(longer, KEY)).toEqual({ corrupt: 'body is 14 bytes, expected 13' })
    expect(await decodeEntry(bytes.subarray(0, bytes.byteLength - 1), KEY)).toEqual({
      corrupt: 'body is 12 bytes, expected 13',
    })
    const flipped = bytes.slice()
    const last = flipped.byteLength - 1
    flipped[last] = flipped[last]! ^ 1
    expect(await decodeEntry(flipped, KEY)).toEqual({ corrupt: 'body checksum mismatch' })
  })
})
