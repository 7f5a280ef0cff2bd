// Invalidation records (tags.ts): one small record per tag or path, kept in storage and in memory.
import { createStorage, type Storage } from 'unstorage'
import { describe, expect, it } from 'vitest'
import { Invalidations } from '../src/tags.ts'

function records(storage: Storage = createStorage()) {
  const reported: Error[] = []
  const inv = new Invalidations(
    async () => storage,
    'isr',
    (e) => reported.push(e),
  )
  return { inv, storage, reported }
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

  it('never moves a record back in time', async () => {
    const { inv } = records()
    await inv.record('tag', ['a'], true, 500)
    await inv.record('tag', ['a'], false, 400)
    expect(await inv.times(meta(['a']))).toEqual({ stale: 500, purge: 500 })
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
})
