// Invalidation records (tags.ts): one small record per tag or path, kept in storage and in memory.
import { createStorage, type Storage } from 'unstorage'
import { describe, expect, it } from 'vitest'
import { unstorageBackend } from '../src/backend.ts'
import { Invalidations } from '../src/tags.ts'

function records(storage: Storage = createStorage(), refreshMs = Number.POSITIVE_INFINITY, clock = { now: 0 }) {
  const reported: Error[] = []
  const backend = unstorageBackend(storage, { namespace: 'isr', timeout: 500, instance: 'test', owned: false })
  const inv = new Invalidations({
    backend: async () => backend,
    namespace: 'isr',
    report: (e) => reported.push(e),
    now: () => clock.now,
    refreshMs: () => refreshMs,
    recordTtl: 3600,
  })
  return { inv, storage, reported, clock }
}

const meta = (tags: string[], path = '/a') => ({ tags, path })

describe('Invalidations', () => {
  it('answers synchronously once the records an entry depends on are known', async () => {
    const { inv } = records()
    expect(inv.peek(meta(['t']))).toBeUndefined()
    expect(await inv.times(meta(['t']))).toEqual({ stale: 0, purge: 0 })
    expect(inv.peek(meta(['t']))).toEqual({ stale: 0, purge: 0 })
  })

  it('takes the latest invalidation of any of the tags and the path', async () => {
    const { inv } = records()
    await inv.record('tag', ['a'], false, 100)
    await inv.record('tag', ['b'], true, 200)
    await inv.record('path', ['/a'], false, 300)
    expect(await inv.times(meta(['a', 'b']))).toEqual({ stale: 300, purge: 200 })
    expect(await inv.times(meta(['a'], '/other'))).toEqual({ stale: 100, purge: 0 })
  })

  it('keeps what it read when the records are forgotten while it reads them (the bus coming up)', async () => {
    const storage = createStorage()
    const writer = records(storage)
    await writer.inv.record('tag', ['blog'], false, 100)
    const reader = records(storage)
    // A read answered just after the bus came up: the records this instance knew are forgotten meanwhile.
    const getItem = storage.getItem.bind(storage)
    storage.getItem = (async (key: string) => {
      const value = await getItem(key)
      if (!key.includes(':p:')) return value
      // The path's record comes back last: the tag's is known by then, and forgotten now.
      await new Promise((resolve) => setTimeout(resolve, 10))
      reader.inv.forget()
      return value
    }) as Storage['getItem']
    expect(await reader.inv.times(meta(['blog']))).toEqual({ stale: 100, purge: 0 })
  })

  it('never moves a record back in time', async () => {
    const { inv } = records()
    await inv.record('tag', ['a'], true, 500)
    await inv.record('tag', ['a'], false, 400)
    expect(await inv.times(meta(['a']))).toEqual({ stale: 500, purge: 500 })
  })

  it('counts a settle window from its end, keeps the later one, and reads records written before windows existed', async () => {
    const storage = createStorage()
    const { inv, clock } = records(storage)
    clock.now = 1000
    await inv.record('tag', ['cms'], false, 1000, 31_000)
    expect(await inv.times(meta(['cms']))).toEqual({ stale: 1000, purge: 0 })
    await inv.record('tag', ['cms'], false, 2000, 11_000)
    clock.now = 30_999
    expect(await inv.times(meta(['cms']))).toEqual({ stale: 2000, purge: 0 })
    clock.now = 31_000
    expect(await inv.times(meta(['cms']))).toEqual({ stale: 31_000, purge: 0 })
    const other = records(storage, Number.POSITIVE_INFINITY, clock).inv
    expect(await other.times(meta(['cms']))).toEqual({ stale: 31_000, purge: 0 })
    const [key] = await storage.getKeys()
    await storage.setItem(key as string, { stale: 5, purge: 0 })
    expect(await records(storage, Number.POSITIVE_INFINITY, clock).inv.times(meta(['cms']))).toEqual({
      stale: 5,
      purge: 0,
    })
  })

  it('persists records, so another instance on the same storage sees them', async () => {
    const storage = createStorage()
    await records(storage).inv.record('tag', ['post:42'], false, 1234)
    const other = records(storage).inv
    expect(await other.times(meta(['post:42']))).toEqual({ stale: 1234, purge: 0 })
    const keys = await storage.getKeys()
    expect(keys).toHaveLength(1)
    expect(keys[0]).toMatch(/^isr:t:post_42\.[0-9a-f]{32}$/)
  })

  it('reports a corrupt record and treats it as no invalidation', async () => {
    const storage = createStorage()
    await records(storage).inv.record('tag', ['x'], false, 1)
    const [key] = await storage.getKeys()
    await storage.setItem(key!, 'garbage')
    const { inv, reported } = records(storage)
    expect(await inv.times(meta(['x']))).toEqual({ stale: 0, purge: 0 })
    expect(reported[0]?.name).toBe('ISRCorruptEntryError')
  })

  it('does not remember a record it could not read', async () => {
    let failing = true
    const storage = createStorage()
    const flaky = {
      ...storage,
      getItem: (key: string) => (failing ? Promise.reject(new Error('timeout')) : storage.getItem(key)),
    } as Storage
    await records(storage).inv.record('tag', ['x'], false, 77)
    const { inv, reported } = records(flaky)
    expect(await inv.times(meta(['x']))).toEqual({ stale: 0, purge: 0 })
    expect(reported[0]?.name).toBe('ISRStorageError')
    failing = false
    expect(await inv.times(meta(['x']))).toEqual({ stale: 77, purge: 0 })
  })

  it('without a bus, reads a record again once it is older than the poll interval', async () => {
    const storage = createStorage()
    const clock = { now: 0 }
    const { inv } = records(storage, 1000, clock)
    expect(await inv.times(meta(['post']))).toEqual({ stale: 0, purge: 0 })
    // Another instance invalidates the tag.
    await records(storage).inv.record('tag', ['post'], false, 500)
    clock.now = 999
    expect(inv.peek(meta(['post']))).toEqual({ stale: 0, purge: 0 })
    clock.now = 1000
    expect(inv.peek(meta(['post']))).toBeUndefined()
    expect(await inv.times(meta(['post']))).toEqual({ stale: 500, purge: 0 })
  })

  it('learns another instance’s invalidation from the bus without reading storage, and forgets on reconnect', async () => {
    const { inv } = records()
    inv.apply('path', ['/a'], false, 0)
    inv.apply('tag', ['post'], true, 700)
    expect(inv.peek(meta(['post']))).toEqual({ stale: 700, purge: 700 })
    inv.forget()
    expect(inv.peek(meta(['post']))).toBeUndefined()
  })

  it('keeps what it knew when storage cannot answer, and asks again only after the poll interval', async () => {
    let failing = false
    let reads = 0
    const storage = createStorage()
    const flaky = {
      ...storage,
      getItem: (key: string) => {
        reads++
        return failing ? Promise.reject(new Error('down')) : storage.getItem(key)
      },
    } as Storage
    const clock = { now: 0 }
    await records(storage).inv.record('tag', ['t'], false, 10)
    const { inv, reported } = records(flaky, 1000, clock)
    expect(await inv.times(meta(['t'], '/p'))).toEqual({ stale: 10, purge: 0 })
    failing = true
    clock.now = 2000
    const before = reads
    expect(await inv.times(meta(['t'], '/p'))).toEqual({ stale: 10, purge: 0 })
    expect(reported.length).toBeGreaterThan(0)
    const after = reads
    expect(after).toBeGreaterThan(before)
    expect(inv.peek(meta(['t'], '/p'))).toEqual({ stale: 10, purge: 0 })
    expect(reads).toBe(after)
  })
})
