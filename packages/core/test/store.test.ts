// The two tiers (store.ts): whatever storage holds or does, a visitor gets a page and the cache heals.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createStorage, type Driver } from 'unstorage'
import { afterAll, describe, expect, it } from 'vitest'
import { FORMAT_VERSION } from '../src/entry.ts'
import { harness, html, state } from './support/harness.ts'

const root = mkdtempSync(join(tmpdir(), 'isrkit-store-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let dirs = 0

function fsSite(memory = false) {
  const base = join(root, String(++dirs))
  const h = harness(
    { storage: { driver: 'fs', base }, memory: memory ? {} : false, routes: { '/**': { revalidate: 60 } } },
    { '*': (r, n) => html(`${new URL(r.url).pathname} render ${n}`) },
  )
  return { ...h, base }
}

/** Every file under `dir`, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
}

function entryFile(base: string): string {
  const [file] = files(base).filter((f) => f.includes(`${join('isr', '_', 'e')}`))
  if (!file) throw new Error('no entry file written')
  return file
}

describe('corrupt storage contents', () => {
  const corruptions: [string, (bytes: Buffer) => Buffer | string][] = [
    ['garbage', () => 'this is not an entry'],
    ['truncated body', (bytes) => bytes.subarray(0, bytes.length - 3)],
    ['flipped body byte', (bytes) => Buffer.concat([bytes.subarray(0, -1), Buffer.from([bytes.at(-1)! ^ 0xff])])],
    ['truncated metadata', (bytes) => bytes.subarray(0, 20)],
    ['empty file', () => Buffer.alloc(0)],
  ]
  for (const [name, corrupt] of corruptions) {
    it(`treats a ${name} as a miss, reports it, and overwrites it`, async () => {
      const h = fsSite()
      await (await h.get('/page')).text()
      await h.settle()
      const file = entryFile(h.base)
      writeFileSync(file, corrupt(readFileSync(file)))
      const response = await h.get('/page')
      expect(response.status).toBe(200)
      expect(state(response)).toBe('MISS')
      expect(await response.text()).toBe('/page render 2')
      await h.settle()
      const reported = h.events.filter((e) => e.type === 'error')
      expect(reported).toHaveLength(1)
      expect(reported[0]?.type === 'error' && reported[0].error.name).toBe('ISRCorruptEntryError')
      expect(state(await h.get('/page'))).toBe('HIT')
      await h.isr.close()
    })
  }

  it('reads an entry of another format version as a plain miss', async () => {
    const h = fsSite()
    await (await h.get('/page')).text()
    await h.settle()
    const file = entryFile(h.base)
    const bytes = readFileSync(file)
    bytes[3] = FORMAT_VERSION + 1
    writeFileSync(file, bytes)
    expect(state(await h.get('/page'))).toBe('MISS')
    await h.settle()
    expect(h.events.filter((e) => e.type === 'error')).toHaveLength(0)
    await h.isr.close()
  })

  it('never serves an entry copied under another key', async () => {
    const h = fsSite()
    await (await h.get('/a')).text()
    await (await h.get('/b')).text()
    await h.settle()
    const [a, b] = files(h.base).filter((f) => f.includes(join('isr', '_', 'e')))
    writeFileSync(b!, readFileSync(a!))
    const bodies = [await (await h.get('/a')).text(), await (await h.get('/b')).text()]
    expect(bodies.sort()).toEqual(['/a render 1', '/b render 2'])
    await h.isr.close()
  })
})

/** A driver whose every call fails, as a storage outage looks to unstorage. */
function brokenDriver(): Driver {
  const fail = () => Promise.reject(new Error('connection refused'))
  return { name: 'broken', hasItem: fail, getItem: fail, setItem: fail, removeItem: fail, getKeys: fail, clear: fail }
}

describe('a storage outage', () => {
  it('fails open: pages are rendered and served, errors reported', async () => {
    const h = harness(
      { storage: createStorage({ driver: brokenDriver() }), memory: false, routes: { '/': { revalidate: 60 } } },
      { '/': (_r, n) => html(`render ${n}`) },
    )
    for (let i = 1; i <= 3; i++) {
      const response = await h.get('/')
      expect(response.status).toBe(200)
      expect(await response.text()).toBe(`render ${i}`)
      // The failed write ends the render's flight; a request after it renders again.
      await h.settle()
    }
    await h.settle()
    expect(h.events.some((e) => e.type === 'error' && e.error.name === 'ISRStorageError')).toBe(true)
    const status = await h.isr.status()
    expect(status.storage).toMatchObject({ ok: false, driver: 'custom' })
    expect(status.storage.error).toContain('connection refused')
    await h.isr.close()
  })

  it('keeps serving from the memory tier while the shared write fails', async () => {
    const h = harness(
      { storage: createStorage({ driver: brokenDriver() }), routes: { '/': { revalidate: 60 } } },
      { '/': (_r, n) => html(`render ${n}`) },
    )
    await (await h.get('/')).text()
    await h.settle()
    expect(state(await h.get('/'))).toBe('HIT')
    await h.isr.close()
  })
})

describe('the memory tier', () => {
  it('stays within maxBytes, evicting the least recently used entries', async () => {
    const body = 'x'.repeat(10_000)
    const h = harness(
      // Stored as rendered: 10 KB each (compressed, all twenty would fit).
      { memory: { maxBytes: 50_000 }, compress: false, routes: { '/**': { revalidate: 60 } } },
      { '*': () => html(body) },
    )
    for (let i = 0; i < 20; i++) {
      await (await h.get(`/p${i}`)).text()
      await h.settle()
    }
    const { memory } = await h.isr.status()
    if (memory === false) throw new Error('expected a memory tier')
    expect(memory.bytes).toBeLessThanOrEqual(50_000)
    expect(memory.entries).toBeGreaterThan(0)
    expect(state(await h.get('/p19'))).toBe('HIT')
    expect(state(await h.get('/p0'))).toBe('MISS')
    await h.settle()
    await h.isr.close()
  })

  it('counts the identity it decodes for clients that accept no coding, and still stays within maxBytes', async () => {
    const body = 'x'.repeat(10_000)
    const h = harness(
      { memory: { maxBytes: 100_000 }, routes: { '/**': { revalidate: 60 } } },
      { '*': () => html(body) },
    )
    for (let i = 0; i < 20; i++) {
      await (await h.get(`/p${i}`)).text()
      await h.settle()
      // A hit without Accept-Encoding: identity, decoded from the stored brotli (a few dozen bytes) and kept.
      const hit = await h.get(`/p${i}`)
      expect(state(hit)).toBe('HIT')
      expect(await hit.text()).toBe(body)
    }
    const { memory } = await h.isr.status()
    if (memory === false) throw new Error('expected a memory tier')
    // Each entry now holds 10 KB of identity: at most ten of them fit, however small their stored bodies.
    expect(memory.entries).toBeLessThanOrEqual(10)
    expect(memory.bytes).toBeGreaterThan(memory.entries * 10_000)
    expect(memory.bytes).toBeLessThanOrEqual(100_000)
    await h.isr.close()
  })

  it('fills from shared storage and then answers without it', async () => {
    const first = fsSite(true)
    await (await first.get('/page')).text()
    await first.settle()
    await first.isr.close()
    const second = harness(
      { storage: { driver: 'fs', base: first.base }, routes: { '/**': { revalidate: 60 } } },
      { '*': () => html('never rendered') },
    )
    expect(await (await second.get('/page')).text()).toBe('/page render 1')
    rmSync(first.base, { recursive: true, force: true })
    const fromMemory = await second.get('/page')
    expect(state(fromMemory)).toBe('HIT')
    expect(await fromMemory.text()).toBe('/page render 1')
    await second.isr.close()
  })
})

describe('lookup() without a memory tier', () => {
  it('answers nothing, leaving storage reads to handle()', async () => {
    const h = fsSite(false)
    await (await h.get('/page')).text()
    await h.settle()
    expect(state(await h.get('/page'))).toBe('HIT')
    expect(await h.isr.lookup(new Request('http://site.test/page'))).toBeUndefined()
    await h.isr.close()
  })
})
