import { describe, expect, it } from 'vitest'
import { duration, MAX_FAILED_LINES, warmSummary } from '../src/summary.ts'
import type { PageResult, WarmReport } from '../src/warm.ts'

const failed = (path: string, reason: string): PageResult => ({
  url: new URL(path, 'http://127.0.0.1:3000'),
  outcome: 'failed',
  reason,
})

describe('warmSummary', () => {
  it('counts each outcome under an aligned label, then lists the failed pages', () => {
    const report: WarmReport = {
      total: 12,
      counts: { rendered: 7, cached: 1, stale: 1, uncacheable: 1, failed: 2 },
      failed: [failed('/posts/gone', '404 Not Found'), failed('/slow?x=1', 'no answer within 30 s')],
      ms: 1234,
    }
    expect(warmSummary(report, 'pages.txt')).toBe(
      [
        'Warmed 12 pages from pages.txt in 1.2 s',
        '  rendered              7',
        '  already cached        1',
        '  stale, regenerating   1',
        '  not cacheable         1',
        '  failed                2',
        'Failed:',
        '  /posts/gone  404 Not Found',
        '  /slow?x=1  no answer within 30 s',
      ].join('\n'),
    )
  })

  it(`lists at most ${MAX_FAILED_LINES} failed pages and counts the rest`, () => {
    const pages = Array.from({ length: 25 }, (_, i) => failed(`/p${i}`, 'connection refused'))
    const text = warmSummary(
      { total: 25, counts: { rendered: 0, cached: 0, stale: 0, uncacheable: 0, failed: 25 }, failed: pages, ms: 5 },
      'sitemap http://127.0.0.1:3000/sitemap.xml',
    )
    const lines = text.split('\n')
    expect(lines[0]).toBe('Warmed 25 pages from sitemap http://127.0.0.1:3000/sitemap.xml in 5 ms')
    expect(lines.filter((l) => l.endsWith('connection refused'))).toHaveLength(MAX_FAILED_LINES)
    expect(lines.at(-1)).toBe('  … and 5 more')
  })

  it('says "1 page" and leaves out the failed list when nothing failed', () => {
    const text = warmSummary(
      { total: 1, counts: { rendered: 0, cached: 1, stale: 0, uncacheable: 0, failed: 0 }, failed: [], ms: 0.4 },
      'p.txt',
    )
    expect(text.split('\n')[0]).toBe('Warmed 1 page from p.txt in 0 ms')
    expect(text).not.toContain('Failed')
  })
})

describe('duration', () => {
  it('reads in ms below a second, in seconds above', () => {
    expect(duration(999.4)).toBe('999 ms')
    expect(duration(61_500)).toBe('61.5 s')
  })
})
