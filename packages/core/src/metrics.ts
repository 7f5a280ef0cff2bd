// GET {endpoint}/metrics: what the cache did, in the Prometheus text exposition format (version 0.0.4,
// https://prometheus.io/docs/instrumenting/exposition_formats/). A small writer rather than prom-client:
// core runs on edge runtimes, where prom-client's Node dependencies do not.
import type { ISREvent } from './types.ts'

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

/** Seconds: renders take milliseconds to seconds. */
const RENDER_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
/** Seconds: storage calls take sub-millisecond (memory) to the timeout (500 ms by default). */
const STORAGE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1]

type Labels = Record<string, string>

class Histogram {
  readonly counts: number[]
  sum = 0
  count = 0
  constructor(readonly buckets: number[]) {
    this.counts = buckets.map(() => 0)
  }
  observe(value: number): void {
    this.sum += value
    this.count++
    const index = this.buckets.findIndex((bound) => value <= bound)
    if (index >= 0) this.counts[index] = (this.counts[index] ?? 0) + 1
  }
}

/**
 * Counters and histograms by label values; label sets stay small (a few fixed values each). Callers pass
 * the values joined as the id: this runs on every hit, where serializing the labels would be waste.
 */
class Family<T> {
  readonly series = new Map<string, { labels: Labels; value: T }>()
  constructor(readonly create: () => T) {}
  get(id: string, labels: () => Labels): T {
    let found = this.series.get(id)
    if (!found) {
      found = { labels: labels(), value: this.create() }
      this.series.set(id, found)
    }
    return found.value
  }
}

export interface Gauges {
  memoryBytes: number
  memoryEntries: number
  memoryMaxBytes: number
}

export class Metrics {
  readonly #requests = new Family(() => ({ n: 0 }))
  readonly #renders = new Family(() => new Histogram(RENDER_BUCKETS))
  readonly #stores = new Family(() => ({ n: 0 }))
  readonly #revalidations = new Family(() => ({ n: 0 }))
  readonly #errors = new Family(() => ({ n: 0 }))
  readonly #storage = new Family(() => new Histogram(STORAGE_BUCKETS))
  readonly #storageFailures = new Family(() => ({ n: 0 }))
  readonly #cached = new Family(() => ({ n: 0 }))

  record(event: ISREvent): void {
    switch (event.type) {
      case 'hit':
      case 'stale':
      case 'miss':
      case 'bypass':
        this.#requests.get(event.type, () => ({ cache: event.type })).n++
        return
      case 'render': {
        const mode = event.background ? 'background' : 'foreground'
        const status = statusClass(event.status)
        this.#renders.get(`${mode} ${status}`, () => ({ mode, status })).observe(event.ms / 1000)
        return
      }
      case 'store':
        this.#stores.get('', () => ({})).n++
        return
      case 'revalidate':
        this.#revalidations.get(event.mode, () => ({ mode: event.mode })).n++
        return
      case 'error':
        this.#errors.get(event.error.name, () => ({ error: event.error.name })).n++
        return
      case 'cached-hit':
      case 'cached-stale':
      case 'cached-miss': {
        // Names come from code, not requests: one series per cached function and outcome.
        const result = event.type.slice('cached-'.length)
        this.#cached.get(`${event.name} ${result}`, () => ({ name: event.name, result })).n++
        return
      }
    }
  }

  /** One storage call, answered or failed (a timeout counts as failed at the timeout). */
  storage(operation: string, seconds: number, ok: boolean): void {
    this.#storage.get(operation, () => ({ operation })).observe(seconds)
    if (!ok) this.#storageFailures.get(operation, () => ({ operation })).n++
  }

  text(gauges: Gauges): string {
    const out: string[] = []
    counter(out, 'isrkit_requests_total', 'Requests the cache answered, by outcome.', this.#requests)
    histogram(out, 'isrkit_render_duration_seconds', 'Renders, by who waited and status class.', this.#renders)
    counter(out, 'isrkit_stores_total', 'Entries written to the cache.', this.#stores)
    counter(out, 'isrkit_revalidations_total', 'Invalidations requested, by mode.', this.#revalidations)
    counter(out, 'isrkit_errors_total', 'Errors, by isrkit error name.', this.#errors)
    histogram(out, 'isrkit_storage_duration_seconds', 'Shared storage calls, by operation.', this.#storage)
    counter(
      out,
      'isrkit_storage_failures_total',
      'Shared storage calls that failed or timed out.',
      this.#storageFailures,
    )
    counter(out, 'isrkit_cached_calls_total', 'Calls of cached functions, by function and outcome.', this.#cached)
    gauge(out, 'isrkit_memory_bytes', 'Bytes held by the memory tier.', gauges.memoryBytes)
    gauge(out, 'isrkit_memory_entries', 'Entries held by the memory tier.', gauges.memoryEntries)
    gauge(out, 'isrkit_memory_max_bytes', 'Size limit of the memory tier.', gauges.memoryMaxBytes)
    return `${out.join('\n')}\n`
  }
}

function statusClass(status: number): string {
  return status === 0 ? 'threw' : `${Math.floor(status / 100)}xx`
}

function counter(out: string[], name: string, help: string, family: Family<{ n: number }>): void {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`)
  for (const { labels, value } of family.series.values()) out.push(`${name}${labelText(labels)} ${value.n}`)
}

function gauge(out: string[], name: string, help: string, value: number): void {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${value}`)
}

/** Buckets are cumulative in the exposition format, ending with `le="+Inf"` equal to the count. */
function histogram(out: string[], name: string, help: string, family: Family<Histogram>): void {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`)
  for (const { labels, value } of family.series.values()) {
    let cumulative = 0
    value.buckets.forEach((bound, i) => {
      cumulative += value.counts[i] ?? 0
      out.push(`${name}_bucket${labelText({ ...labels, le: String(bound) })} ${cumulative}`)
    })
    out.push(`${name}_bucket${labelText({ ...labels, le: '+Inf' })} ${value.count}`)
    out.push(`${name}_sum${labelText(labels)} ${value.sum}`, `${name}_count${labelText(labels)} ${value.count}`)
  }
}

/** Label values escape `\`, `"` and newlines, as the format requires. */
function labelText(labels: Labels): string {
  const pairs = Object.entries(labels).map(
    ([name, value]) => `${name}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
  )
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`
}
