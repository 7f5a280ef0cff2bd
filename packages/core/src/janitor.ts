// docs/architecture.md "Bounded storage": drivers that ignore TTLs (fs, fs-lite, s3, …) keep whatever isrkit
// writes until someone deletes it, so 1,000 random 404s would leave 1,000 files forever. Every `janitor`
// seconds this sweeps what nobody may be served any more: entries past `staleIfErrorAt` (a negative entry
// past its own short life), unreadable or outdated ones, invalidation records older than any entry they
// could affect, and expired leases and webhook ids. Redis expires entries and leases itself and gets no janitor;
// its invalidation records, which carry no TTL, are swept by redis.ts.

import { decodeMeta } from './entry.ts'
import type { Backend } from './storage-types.ts'

export interface JanitorOptions {
  backend: () => Promise<Backend>
  namespace: string
  now: () => number
  report: (error: Error) => void
  intervalMs: number
  /** How long an invalidation record can affect an entry (CompiledRoutes.maxLifetime), in ms. */
  recordLifetimeMs: number
}

/** Keys looked at together: a sweep is background work and must not crowd out the pages' own calls. */
const BATCH = 8

type Verdict = 'keep' | 'remove'

export class Janitor {
  readonly #o: JanitorOptions
  #timer: ReturnType<typeof setInterval> | undefined
  #sweeping: Promise<number> | undefined

  constructor(options: JanitorOptions) {
    this.#o = options
  }

  start(): void {
    this.#timer = setInterval(() => void this.sweep(), this.#o.intervalMs)
    if (typeof this.#timer === 'object' && 'unref' in this.#timer) this.#timer.unref()
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer)
    await this.#sweeping
  }

  /** Removes what may no longer be served; resolves to how many keys went. One sweep at a time. */
  sweep(): Promise<number> {
    this.#sweeping ??= this.#sweep().finally(() => {
      this.#sweeping = undefined
    })
    return this.#sweeping
  }

  async #sweep(): Promise<number> {
    let removed = 0
    try {
      const backend = await this.#o.backend()
      if (!backend.keys) return 0
      const keys = await backend.keys(`${this.#o.namespace}:`)
      for (let i = 0; i < keys.length; i += BATCH) {
        const verdicts = await Promise.all(keys.slice(i, i + BATCH).map((key) => this.#judge(backend, key)))
        const doomed = keys.slice(i, i + BATCH).filter((_, j) => verdicts[j] === 'remove')
        await Promise.all(doomed.map((key) => backend.remove(key)))
        removed += doomed.length
      }
    } catch (error) {
      this.#o.report(error as Error)
    }
    return removed
  }

  async #judge(backend: Backend, key: string): Promise<Verdict> {
    const kind = kindOf(key, this.#o.namespace)
    const now = this.#o.now()
    if (kind === 'entry') {
      const decoded = decodeMeta(await backend.getBytes(key))
      return !('meta' in decoded) || now >= decoded.meta.staleIfErrorAt ? 'remove' : 'keep'
    }
    if (kind === 'record') {
      const record = (await backend.getJSON(key)) as { stale?: unknown; purge?: unknown } | null
      const at = Math.max(Number(record?.stale) || 0, Number(record?.purge) || 0)
      return at + this.#o.recordLifetimeMs < now ? 'remove' : 'keep'
    }
    if (kind === 'expiring') {
      const held = (await backend.getJSON(key)) as { until?: unknown } | null
      return typeof held?.until === 'number' && held.until < Date.now() ? 'remove' : 'keep'
    }
    return 'keep'
  }
}

/**
 * What a key holds, from its shape (key.ts storageKey, lease.ts, replay.ts): `<ns>:<build>:e:…` entries,
 * `<ns>:t:…` / `<ns>:p:…` records, `<ns>:l:…` leases and `<ns>:w:…` webhook ids (both `{ until }`).
 */
export function kindOf(key: string, namespace: string): 'entry' | 'record' | 'expiring' | 'other' {
  const rest = key.slice(namespace.length + 1).split(':')
  if (rest[1] === 'e') return 'entry'
  if (rest[0] === 't' || rest[0] === 'p') return 'record'
  if (rest[0] === 'l' || rest[0] === 'w') return 'expiring'
  return 'other'
}
