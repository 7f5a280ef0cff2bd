// docs/architecture.md "Invalidation": tags and paths scale by timestamps, not lists. `revalidateTag('post:42')` writes one
// small record (tag → time); an entry is stale when any of its tags or its path was invalidated at or after
// it was rendered, and gone when purged at or after. O(1) per invalidation, whatever the number of pages.
// Each instance keeps the records it has read in memory: the bus (Redis pub/sub) brings it other instances'
// invalidations at once; without a bus a record is read again once it is `refreshMs` old.
import { LRUCache } from 'lru-cache'
import type { EntryMeta } from './entry.ts'
import { corruptEntryError } from './errors.ts'
import { storageKey } from './key.ts'
import type { Backend } from './storage-types.ts'

export interface InvalidationTimes {
  /** Latest invalidation (any mode) of the entry's tags or path, epoch ms; 0 when none. */
  stale: number
  /** Latest purge, epoch ms; 0 when none. */
  purge: number
}

export interface ConsultedRecord {
  kind: 'path' | 'tag'
  name: string
  /** Epoch ms of its latest invalidation (any mode); 0 when none. */
  at: number
  /** Epoch ms of its latest purge; 0 when none. */
  purge: number
  /** The end of a settle window still to come; 0 when none. */
  settle: number
}

interface Record {
  stale: number
  purge: number
  /** The end of a settle window still to come, or past (see InvalidationRecord.settle); 0 when none. */
  settle: number
  /** When this instance last read or learned it (its clock). */
  known: number
}

/** A record's latest invalidation as of `now`: a settle window counts once it has ended. */
function staleAt(record: Pick<Record, 'stale' | 'settle'>, now: number): number {
  return record.settle > record.stale && record.settle <= now ? record.settle : record.stale
}

const MAX_RECORDS = 100_000

export interface InvalidationsOptions {
  backend: () => Promise<Backend>
  namespace: string
  report: (error: Error) => void
  now: () => number
  /** How old a record read from storage may get before it is read again; Infinity with a bus. */
  refreshMs: () => number
  /**
   * Seconds a record lives in storage: as long as any entry rendered before it could still be served
   * (CompiledRoutes.maxLifetime), after which it can make nothing stale.
   */
  recordTtl: number
}

export class Invalidations {
  readonly #records = new LRUCache<string, Record>({ max: MAX_RECORDS })
  readonly #o: InvalidationsOptions

  constructor(options: InvalidationsOptions) {
    this.#o = options
  }

  /** Synchronous when every record the entry depends on is known and recent; undefined otherwise. */
  peek(meta: Pick<EntryMeta, 'tags' | 'path'>): InvalidationTimes | undefined {
    const now = this.#o.now()
    const path = this.#current(pathId(meta.path), now)
    if (!path) return undefined
    let stale = staleAt(path, now)
    let purge = path.purge
    for (const tag of meta.tags) {
      const record = this.#current(tagId(tag), now)
      if (!record) return undefined
      const recordStale = staleAt(record, now)
      if (recordStale > stale) stale = recordStale
      if (record.purge > purge) purge = record.purge
    }
    return { stale, purge }
  }

  async times(meta: Pick<EntryMeta, 'tags' | 'path'>): Promise<InvalidationTimes> {
    const known = this.peek(meta)
    if (known) return known
    const read = await Promise.all([
      this.#load(pathId(meta.path), meta.path),
      ...meta.tags.map((tag) => this.#load(tagId(tag), tag)),
    ])
    const loaded = this.peek(meta)
    if (loaded) return loaded
    // Storage could not answer (what is known, however old, beats nothing), or the records were forgotten
    // while being read (the bus came up): what was read still holds for this request.
    return combined(read, this.#o.now())
  }

  /**
   * The records an entry depends on, as known now (read from storage where not yet known): what `explain`
   * shows. `at` is when each last made entries stale (a settle window's end once passed), 0 when never.
   */
  async consulted(meta: Pick<EntryMeta, 'tags' | 'path'>): Promise<ConsultedRecord[]> {
    await this.times(meta)
    const now = this.#o.now()
    const named: [ConsultedRecord['kind'], string][] = [
      ['path', meta.path],
      ...meta.tags.map((t): [ConsultedRecord['kind'], string] => ['tag', t]),
    ]
    return named.map(([kind, name]) => {
      const record = this.#records.get(idOf(kind, name))
      return {
        kind,
        name,
        at: record ? staleAt(record, now) : 0,
        purge: record?.purge ?? 0,
        settle: record && record.settle > now ? record.settle : 0,
      }
    })
  }

  /**
   * Records an invalidation locally at once and in storage; storage failures are reported, not thrown.
   * `settle`: the end of its settle window (epoch ms), or 0.
   */
  async record(kind: 'tag' | 'path', names: readonly string[], purge: boolean, at: number, settle = 0): Promise<void> {
    this.apply(kind, names, purge, at, settle)
    let backend: Backend
    try {
      backend = await this.#o.backend()
    } catch (error) {
      this.#o.report(error as Error)
      return
    }
    await Promise.all(
      names.map(async (name) => {
        const id = idOf(kind, name)
        const mine = this.#records.get(id) ?? { stale: at, purge: purge ? at : 0, settle }
        try {
          // Merged in storage: another instance may have written a later invalidation.
          await backend.mergeRecord(
            await this.#key(id, name),
            { stale: mine.stale, purge: mine.purge, settle: mine.settle },
            this.#o.recordTtl,
          )
        } catch (error) {
          this.#o.report(error as Error)
        }
      }),
    )
  }

  /** Learns an invalidation (this instance's, or another's from the bus) without writing it. */
  apply(kind: 'tag' | 'path', names: readonly string[], purge: boolean, at: number, settle = 0): void {
    const now = this.#o.now()
    for (const name of names) {
      const id = idOf(kind, name)
      const previous = this.#records.get(id)
      this.#records.set(id, {
        stale: Math.max(previous?.stale ?? 0, at),
        purge: purge ? Math.max(previous?.purge ?? 0, at) : (previous?.purge ?? 0),
        settle: Math.max(previous?.settle ?? 0, settle),
        known: now,
      })
    }
  }

  /** After the bus was down, what it carried meanwhile is unknown: read every record again. */
  forget(): void {
    this.#records.clear()
  }

  #current(id: string, now: number): Record | undefined {
    const record = this.#records.get(id)
    return record && now - record.known < this.#o.refreshMs() ? record : undefined
  }

  /** The record of `id` as known once read (storage's, merged with what this instance knew), if any. */
  async #load(id: string, name: string): Promise<Record | undefined> {
    const now = this.#o.now()
    const current = this.#current(id, now)
    if (current) return current
    const previous = this.#records.get(id)
    const key = await this.#key(id, name)
    let value: unknown
    try {
      value = await (await this.#o.backend()).getJSON(key)
    } catch (error) {
      this.#o.report(error as Error)
      // Try again after `refreshMs`, not on every request of an outage; keep what was known.
      if (previous) this.#records.set(id, { ...previous, known: now })
      return previous
    }
    const kept = { stale: previous?.stale ?? 0, purge: previous?.purge ?? 0, settle: previous?.settle ?? 0 }
    let record: Record = { ...kept, known: now }
    if (isStored(value)) {
      record = {
        stale: Math.max(value.stale, kept.stale),
        purge: Math.max(value.purge, kept.purge),
        // Records written before settle windows existed have none.
        settle: Math.max(typeof value.settle === 'number' ? value.settle : 0, kept.settle),
        known: now,
      }
    } else if (value !== null && value !== undefined) {
      this.#o.report(corruptEntryError(key, 'invalidation record is not { stale, purge }'))
    }
    this.#records.set(id, record)
    return record
  }

  #key(id: string, name: string): Promise<string> {
    return storageKey(this.#o.namespace, id.startsWith('t') ? 't' : 'p', '', id, name)
  }
}

function idOf(kind: 'tag' | 'path', name: string): string {
  return kind === 'tag' ? tagId(name) : pathId(name)
}

function tagId(tag: string): string {
  return `t ${tag}`
}

function pathId(path: string): string {
  return `p ${path}`
}

function isStored(value: unknown): value is { stale: number; purge: number; settle?: unknown } {
  if (typeof value !== 'object' || value === null) return false
  const r = value as { stale?: unknown; purge?: unknown }
  return typeof r.stale === 'number' && typeof r.purge === 'number'
}

/** The times of records read one by one (a record not read counts as never invalidated). */
function combined(records: (Record | undefined)[], now: number): InvalidationTimes {
  let stale = 0
  let purge = 0
  for (const record of records) {
    if (record && staleAt(record, now) > stale) stale = staleAt(record, now)
    if (record && record.purge > purge) purge = record.purge
  }
  return { stale, purge }
}
