// design.md "Invalidation": tags and paths scale by timestamps, not lists. `revalidateTag('post:42')` writes one
// small record (tag → time); an entry is stale when any of its tags or its path was invalidated at or after
// it was rendered, and gone when purged at or after. O(1) per invalidation, whatever the number of pages.
import { LRUCache } from 'lru-cache'
import type { Storage } from 'unstorage'
import type { EntryMeta } from './entry.ts'
import { corruptEntryError, storageError } from './errors.ts'
import { storageKey } from './key.ts'

export interface InvalidationTimes {
  /** Latest invalidation (any mode) of the entry's tags or path, epoch ms; 0 when none. */
  stale: number
  /** Latest purge, epoch ms; 0 when none. */
  purge: number
}

interface Record {
  stale: number
  purge: number
}

const NONE: Record = Object.freeze({ stale: 0, purge: 0 })
const MAX_RECORDS = 100_000

export class Invalidations {
  readonly #records = new LRUCache<string, Record>({ max: MAX_RECORDS })
  readonly #storage: () => Promise<Storage>
  readonly #namespace: string
  readonly #report: (error: Error) => void

  constructor(storage: () => Promise<Storage>, namespace: string, report: (error: Error) => void) {
    this.#storage = storage
    this.#namespace = namespace
    this.#report = report
  }

  /** Synchronous when every record the entry depends on is known locally; undefined otherwise. */
  peek(meta: Pick<EntryMeta, 'tags' | 'path'>): InvalidationTimes | undefined {
    const path = this.#records.get(pathId(meta.path))
    if (!path) return undefined
    let stale = path.stale
    let purge = path.purge
    for (const tag of meta.tags) {
      const record = this.#records.get(tagId(tag))
      if (!record) return undefined
      if (record.stale > stale) stale = record.stale
      if (record.purge > purge) purge = record.purge
    }
    return { stale, purge }
  }

  async times(meta: Pick<EntryMeta, 'tags' | 'path'>): Promise<InvalidationTimes> {
    const known = this.peek(meta)
    if (known) return known
    await Promise.all([
      this.#load(pathId(meta.path), meta.path),
      ...meta.tags.map((tag) => this.#load(tagId(tag), tag)),
    ])
    return this.peek(meta) ?? NONE
  }

  /** Records an invalidation locally at once and in storage; storage failures are reported, not thrown. */
  async record(kind: 'tag' | 'path', names: readonly string[], purge: boolean, at: number): Promise<void> {
    const storage = await this.#storage()
    await Promise.all(
      names.map(async (name) => {
        const id = kind === 'tag' ? tagId(name) : pathId(name)
        const previous = this.#records.get(id) ?? NONE
        const next = {
          stale: Math.max(previous.stale, at),
          purge: purge ? Math.max(previous.purge, at) : previous.purge,
        }
        this.#records.set(id, next)
        const key = await this.#key(id, name)
        try {
          await storage.setItem(key, next)
        } catch (cause) {
          this.#report(storageError('write', key, cause))
        }
      }),
    )
  }

  async #load(id: string, name: string): Promise<void> {
    if (this.#records.has(id)) return
    const key = await this.#key(id, name)
    let value: unknown
    try {
      value = await (await this.#storage()).getItem(key)
    } catch (cause) {
      // Unknown for now: do not remember NONE, so the next lookup asks storage again.
      this.#report(storageError('read', key, cause))
      return
    }
    if (value === null || value === undefined) {
      this.#records.set(id, NONE)
    } else if (isRecord(value)) {
      this.#records.set(id, { stale: value.stale, purge: value.purge })
    } else {
      this.#report(corruptEntryError(key, 'invalidation record is not { stale, purge }'))
      this.#records.set(id, NONE)
    }
  }

  #key(id: string, name: string): Promise<string> {
    return storageKey(this.#namespace, id.startsWith('t') ? 't' : 'p', '', id, name)
  }
}

function tagId(tag: string): string {
  return `t ${tag}`
}

function pathId(path: string): string {
  return `p ${path}`
}

function isRecord(value: unknown): value is Record {
  if (typeof value !== 'object' || value === null) return false
  const r = value as { stale?: unknown; purge?: unknown }
  return typeof r.stale === 'number' && typeof r.purge === 'number'
}
