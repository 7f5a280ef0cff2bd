import { describe, expect, it } from 'vitest'
import type { RevalidateResult, SiteStatus } from '../src/client.ts'
import { bytes, percent, receiptsBlock, revalidateLine, statusBlock } from '../src/format.ts'

const result = (over: Partial<RevalidateResult>): RevalidateResult => ({
  ok: true,
  mode: 'stale',
  paths: [],
  tags: [],
  at: 0,
  regenerating: 0,
  ...over,
})

describe('revalidateLine', () => {
  it('names the paths and tags, and what happens next in each mode', () => {
    expect(revalidateLine(result({ mode: 'eager', paths: ['/a', '/b'], tags: ['t1'], regenerating: 2 }))).toBe(
      'Revalidated (eager): paths /a, /b; tag t1 — regenerating 2 pages',
    )
    expect(revalidateLine(result({ tags: ['posts', 'post:1'] }))).toBe(
      'Revalidated (stale): tags posts, post:1 — marked stale, re-rendered on their next request',
    )
    expect(revalidateLine(result({ mode: 'purge', paths: ['/'] }))).toBe(
      'Revalidated (purge): path / — deleted, rendered on their next request',
    )
    expect(revalidateLine(result({ mode: 'eager', paths: ['/'], regenerating: 1 }))).toContain('regenerating 1 page')
  })
})

describe('receiptsBlock', () => {
  const base: RevalidateResult = { ok: true, mode: 'stale', paths: [], tags: ['t'], at: 1, regenerating: 0 }
  it('lists who applied an invalidation and who is pending, or says that nobody can tell', () => {
    expect(receiptsBlock({ ...base, instances: { acknowledged: ['a', 'b'], pending: ['c'] } })).toBe(
      '  acknowledged by 2 instances: a, b\n  pending (alive, no answer): c',
    )
    expect(receiptsBlock({ ...base, instances: { acknowledged: ['a'], pending: [] } })).toBe(
      '  acknowledged by 1 instance: a',
    )
    expect(receiptsBlock(base)).toContain('no bus')
  })
})

describe('statusBlock', () => {
  const status: SiteStatus = {
    hits: 1200,
    misses: 30,
    stale: 4,
    bypass: 7,
    renders: 34,
    errors: 0,
    hitRatio: 0.97568,
    memory: { entries: 1, bytes: 5_300_000, maxBytes: 64 * 1024 * 1024 },
    storage: { ok: true, driver: 'redis', latencyMs: 0.4321 },
  }

  it('aligns the labels and humanises ratio, bytes and latency', () => {
    expect(statusBlock(status, 'http://127.0.0.1:3000')).toBe(
      [
        'isrkit at http://127.0.0.1:3000 (counters since the server started)',
        '  hits       1200',
        '  stale      4',
        '  misses     30',
        '  bypass     7',
        '  renders    34',
        '  errors     0',
        '  hit ratio  97.6%',
        '  memory     1 entry, 5.1 MiB of 64 MiB',
        '  storage    redis, ok (0.4 ms)',
      ].join('\n'),
    )
  })

  it('shows a memory tier that is off and storage that fails', () => {
    const text = statusBlock(
      { ...status, memory: false, storage: { ok: false, driver: 'redis', latencyMs: 2000, error: 'timed out' } },
      'http://x',
    )
    expect(text).toContain('  memory     off')
    expect(text).toContain('  storage    redis, FAILING (2000 ms): timed out')
  })
})

describe('units', () => {
  it('formats bytes in binary units', () => {
    expect(bytes(0)).toBe('0 B')
    expect(bytes(1023)).toBe('1023 B')
    expect(bytes(1536)).toBe('1.5 KiB')
    expect(bytes(200 * 1024)).toBe('200 KiB')
    expect(bytes(3 * 1024 ** 3)).toBe('3.0 GiB')
  })
  it('formats ratios as percentages', () => {
    expect(percent(0)).toBe('0.0%')
    expect(percent(1)).toBe('100.0%')
  })
})
