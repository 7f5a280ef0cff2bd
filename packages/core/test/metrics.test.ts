// The Prometheus text writer (metrics.ts), read back by a Prometheus text-format parser.
import { describe, expect, it } from 'vitest'
import { Metrics } from '../src/metrics.ts'
import { histogram, parseMetrics, sample } from './support/prometheus.ts'

const gauges = { memoryBytes: 2048, memoryEntries: 2, memoryMaxBytes: 4096 }

describe('Metrics', () => {
  it('counts requests by outcome, renders, stores, revalidations and errors', () => {
    const m = new Metrics()
    m.record({ type: 'hit', key: 'k', url: 'u', age: 1 })
    m.record({ type: 'hit', key: 'k', url: 'u', age: 2 })
    m.record({ type: 'stale', key: 'k', url: 'u', age: 9, reason: 'revalidate' })
    m.record({ type: 'miss', key: 'k', url: 'u', collapsed: false })
    m.record({ type: 'bypass', url: 'u', reason: 'method' })
    m.record({ type: 'store', key: 'k', url: 'u', status: 200, bytes: 10, tags: [] })
    m.record({ type: 'revalidate', mode: 'eager', paths: ['/'], tags: [] })
    const error = new Error('down')
    error.name = 'ISRStorageError'
    m.record({ type: 'error', error })
    const parsed = parseMetrics(m.text(gauges))
    expect(parsed.families.get('isrkit_requests_total')?.type).toBe('COUNTER')
    expect(sample(parsed, 'isrkit_requests_total', { cache: 'hit' })).toBe(2)
    expect(sample(parsed, 'isrkit_requests_total', { cache: 'stale' })).toBe(1)
    expect(sample(parsed, 'isrkit_requests_total', { cache: 'miss' })).toBe(1)
    expect(sample(parsed, 'isrkit_requests_total', { cache: 'bypass' })).toBe(1)
    expect(sample(parsed, 'isrkit_stores_total')).toBe(1)
    expect(sample(parsed, 'isrkit_revalidations_total', { mode: 'eager' })).toBe(1)
    expect(sample(parsed, 'isrkit_errors_total', { error: 'ISRStorageError' })).toBe(1)
  })

  it('counts cached function calls by function and outcome', () => {
    const m = new Metrics()
    m.record({ type: 'cached-miss', name: 'getPost', key: 'k', collapsed: false })
    m.record({ type: 'cached-hit', name: 'getPost', key: 'k' })
    m.record({ type: 'cached-hit', name: 'getPost', key: 'k' })
    m.record({ type: 'cached-stale', name: 'listPosts', key: 'k' })
    const parsed = parseMetrics(m.text(gauges))
    expect(sample(parsed, 'isrkit_cached_calls_total', { name: 'getPost', result: 'hit' })).toBe(2)
    expect(sample(parsed, 'isrkit_cached_calls_total', { name: 'getPost', result: 'miss' })).toBe(1)
    expect(sample(parsed, 'isrkit_cached_calls_total', { name: 'listPosts', result: 'stale' })).toBe(1)
    // Page requests are not cached calls.
    expect(sample(parsed, 'isrkit_requests_total', { cache: 'hit' })).toBe(0)
  })

  it('puts render durations into cumulative buckets, by who waited and status class', () => {
    const m = new Metrics()
    for (const ms of [3, 40, 40, 2000]) {
      m.record({ type: 'render', key: 'k', url: 'u', status: 200, ms, background: false })
    }
    m.record({ type: 'render', key: 'k', url: 'u', status: 0, ms: 5, background: true })
    const parsed = parseMetrics(m.text(gauges))
    expect(parsed.families.get('isrkit_render_duration_seconds')?.type).toBe('HISTOGRAM')
    const foreground = histogram(parsed, 'isrkit_render_duration_seconds', { mode: 'foreground', status: '2xx' })
    expect(foreground.buckets).toMatchObject({ '0.005': 1, '0.05': 3, '1': 3, '2.5': 4, '10': 4, '+Inf': 4 })
    expect(foreground.count).toBe(4)
    expect(foreground.sum).toBeCloseTo(2.083)
    expect(histogram(parsed, 'isrkit_render_duration_seconds', { mode: 'background', status: 'threw' }).count).toBe(1)
  })

  it('times storage calls and counts the failed ones', () => {
    const m = new Metrics()
    m.storage('read', 0.0004, true)
    m.storage('read', 0.6, false)
    m.storage('write', 0.002, true)
    const parsed = parseMetrics(m.text(gauges))
    const reads = histogram(parsed, 'isrkit_storage_duration_seconds', { operation: 'read' })
    expect(reads.buckets).toMatchObject({ '0.0005': 1, '0.5': 1, '1': 2 })
    expect(histogram(parsed, 'isrkit_storage_duration_seconds', { operation: 'write' }).count).toBe(1)
    expect(sample(parsed, 'isrkit_storage_failures_total', { operation: 'read' })).toBe(1)
    expect(sample(parsed, 'isrkit_storage_failures_total', { operation: 'write' })).toBe(0)
  })

  it('reports the memory tier as gauges', () => {
    const parsed = parseMetrics(new Metrics().text(gauges))
    expect(parsed.families.get('isrkit_memory_bytes')?.type).toBe('GAUGE')
    expect(sample(parsed, 'isrkit_memory_bytes')).toBe(2048)
    expect(sample(parsed, 'isrkit_memory_entries')).toBe(2)
    expect(sample(parsed, 'isrkit_memory_max_bytes')).toBe(4096)
  })

  it('escapes label values the format cannot carry raw', () => {
    const m = new Metrics()
    const error = new Error('x')
    error.name = 'Odd"Name\\with\nnewline'
    m.record({ type: 'error', error })
    expect(sample(parseMetrics(m.text(gauges)), 'isrkit_errors_total', { error: 'Odd"Name\\with\nnewline' })).toBe(1)
  })
})
