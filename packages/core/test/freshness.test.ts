import { describe, expect, it } from 'vitest'
import type { EntryMeta } from '../src/entry.ts'
import { classify, ttlOf } from '../src/freshness.ts'

const T = Date.UTC(2026, 0, 1)
const NONE = { stale: 0, purge: 0 }

/** Rendered at T: fresh for 10 s, served stale until 100 s, standing in for errors until 200 s. */
function meta(status = 200, createdAt = T): EntryMeta {
  return {
    key: 'k',
    url: 'http://site.test/',
    path: '/',
    status,
    headers: [],
    tags: [],
    createdAt,
    revalidateAt: createdAt + 10_000,
    expireAt: createdAt + 100_000,
    staleIfErrorAt: createdAt + 200_000,
    buildId: '',
    etag: '"e"',
    bodies: [{ coding: 'identity', size: 0, checksum: '', etag: '"e"' }],
    replay: [],
    readsCookies: false,
  }
}

describe('classify', () => {
  it('moves from fresh to stale to expired to gone at each boundary', () => {
    const at = (ms: number) => classify(meta(), T + ms, NONE)
    expect([at(0), at(9_999)]).toEqual(['fresh', 'fresh'])
    expect([at(10_000), at(99_999)]).toEqual(['stale', 'stale'])
    expect([at(100_000), at(199_999)]).toEqual(['expired', 'expired'])
    expect([at(200_000), at(10_000_000)]).toEqual(['gone', 'gone'])
  })

  it('makes an entry stale when its tags or path were invalidated at or after its render began', () => {
    expect(classify(meta(), T + 1, { stale: T, purge: 0 })).toBe('stale')
    expect(classify(meta(), T + 1, { stale: T + 1, purge: 0 })).toBe('stale')
    expect(classify(meta(), T + 1, { stale: T - 1, purge: 0 })).toBe('fresh')
    expect(classify(meta(), T + 150_000, { stale: T, purge: 0 })).toBe('expired')
  })

  it('makes a purged entry gone, but not one rendered after the purge', () => {
    expect(classify(meta(), T + 1, { stale: T, purge: T })).toBe('gone')
    expect(classify(meta(), T + 1, { stale: T + 5, purge: T + 5 })).toBe('gone')
    expect(classify(meta(), T + 1, { stale: T - 1, purge: T - 1 })).toBe('fresh')
  })

  it('never serves a 404 or 410 stale: past its freshness or invalidated, it is gone', () => {
    for (const status of [404, 410]) {
      expect(classify(meta(status), T + 9_999, NONE)).toBe('fresh')
      expect(classify(meta(status), T + 10_000, NONE)).toBe('gone')
      expect(classify(meta(status), T + 100_000, NONE)).toBe('gone')
      expect(classify(meta(status), T + 1, { stale: T, purge: 0 })).toBe('gone')
    }
  })

  it('reads zero invalidation times as none, even for an entry rendered at epoch 0', () => {
    expect(classify(meta(200, 0), 0, NONE)).toBe('fresh')
  })
})

describe('ttlOf', () => {
  it('counts whole seconds of freshness left, negative once stale', () => {
    expect(ttlOf(meta(), T)).toBe(10)
    expect(ttlOf(meta(), T + 9_001)).toBe(0)
    expect(ttlOf(meta(), T + 10_000)).toBe(0)
    expect(ttlOf(meta(), T + 10_500)).toBe(-1)
    expect(ttlOf(meta(), T + 70_000)).toBe(-60)
  })
})
