// docs/architecture.md "Entries": a memory tier (L1, bounded in bytes, decoded entries) in front of the shared storage
// (L2, encoded blobs). A storage failure is reported and reads as a miss: the cache fails open.
import { LRUCache } from 'lru-cache'
import { decodedBytes } from './bodies.ts'
import { type EntriesIndex, indexItem, localIndex } from './entries-index.ts'
import { bodyBytes, decodeEntry, type Entry, encodeEntry } from './entry.ts'
import { corruptEntryError } from './errors.ts'
import { storageKey } from './key.ts'
import type { Backend } from './storage-types.ts'

/** Rough cost of the metadata and object headers of one entry, so tiny bodies still count. */
const ENTRY_OVERHEAD_BYTES = 512

export interface StoreOptions {
  backend: () => Promise<Backend>
  /** False when the memory tier is where entries live (`storage: 'memory'`). */
  shared: boolean
  memoryMaxBytes: number | false
  namespace: string
  buildId: string
  now: () => number
  report: (error: Error, key?: string) => void
}

export class EntryStore {
  readonly memory: LRUCache<string, Entry> | undefined
  readonly #o: StoreOptions
  /** Where the backend keeps no shared index: what this instance stored. */
  readonly #local = localIndex()

  constructor(options: StoreOptions) {
    this.#o = options
    this.memory =
      options.memoryMaxBytes === false
        ? undefined
        : new LRUCache<string, Entry>({
            // No smaller cap on one entry: a render's identity is capped at maxEntryBytes, but its stored codings
            // and the identity decoded for a client add up to more, and with 'memory' storage the tier is where
            // an entry lives at all.
            maxSize: options.memoryMaxBytes,
            sizeCalculation: (entry) => bodyBytes(entry) + decodedBytes(entry) + ENTRY_OVERHEAD_BYTES,
          })
  }

  /**
   * Counts again what an entry the memory tier holds has grown by (identity decoded for a client), evicting
   * others to make room. Set anew: lru-cache keeps the size it measured when the same value is set again.
   */
  readonly account = (entry: Entry): void => {
    const id = entry.meta.key
    if (this.memory?.peek(id) !== entry) return
    this.memory.delete(id)
    this.memory.set(id, entry)
  }

  /** The memory tier alone: the synchronous fast path of a hit. */
  peek(id: string): Entry | undefined {
    return this.memory?.get(id)
  }

  async get(id: string, label: string): Promise<Entry | undefined> {
    return this.memory?.get(id) ?? this.readShared(id, label)
  }

  /**
   * Shared storage alone (what another instance may have stored meanwhile); fills the memory tier. `again`:
   * this request read the key already, and a failure or corrupt contents was reported then, not twice.
   */
  async readShared(id: string, label: string, again = false): Promise<Entry | undefined> {
    if (!this.#o.shared) return undefined
    const entry = await this.#read(id, await this.#key(id, label), again)
    if (!entry) return undefined
    const current = this.memory?.get(id)
    if (current && current.meta.createdAt > entry.meta.createdAt) return current
    this.memory?.set(id, entry)
    return entry
  }

  /** An entry of another build (`id` is its key there), from shared storage; never kept in the memory tier. */
  async readBuild(id: string, label: string, buildId: string): Promise<Entry | undefined> {
    if (!this.#o.shared) return undefined
    return this.#read(id, await storageKey(this.#o.namespace, 'e', buildId, id, label))
  }

  /** Shared storage only (callers check `shared`, keeping memory storage free of key hashing). */
  async #read(id: string, key: string, quiet = false): Promise<Entry | undefined> {
    let value: unknown
    try {
      value = await (await this.#o.backend()).getBytes(key)
    } catch (error) {
      if (!quiet) this.#o.report(error as Error, id)
      return undefined
    }
    if (value === null || value === undefined) return undefined
    const decoded = await decodeEntry(value, id)
    if ('corrupt' in decoded) {
      if (!quiet) this.#o.report(corruptEntryError(key, decoded.corrupt), id)
      return undefined
    }
    return 'outdated' in decoded ? undefined : decoded.entry
  }

  /**
   * Stores unless a newer render of the same key is already held, here or in shared storage (a slow render
   * must not replace a faster, later one). Resolves once the shared write is done: false when a newer
   * entry was kept. The memory tier is updated at once, and given up again if shared storage kept a newer
   * one; a failed shared write leaves it there (the cache fails open).
   */
  async set(entry: Entry, label: string): Promise<boolean> {
    const id = entry.meta.key
    const current = this.memory?.get(id)
    if (current && current.meta.createdAt > entry.meta.createdAt) return false
    this.memory?.set(id, entry)
    if (!this.#o.shared) {
      await this.#indexed(entry)
      return true
    }
    const key = await this.#key(id, label)
    // Storage TTL is only a janitor: entries carry their own times, and memory/fs/s3 drivers ignore TTLs.
    const ttl = Math.max(1, Math.ceil((entry.meta.staleIfErrorAt - this.#o.now()) / 1000))
    try {
      const written = await (await this.#o.backend()).setEntry(key, encodeEntry(entry), ttl, entry.meta.createdAt)
      if (!written && this.memory?.get(id) === entry) this.memory.delete(id)
      if (written) await this.#indexed(entry)
      return written
    } catch (error) {
      this.#o.report(error as Error, id)
      return true
    }
  }

  /** The index of stored paths: shared where the backend keeps one, else this instance's. */
  async index(): Promise<EntriesIndex> {
    if (!this.#o.shared) return this.#local
    try {
      return (await this.#o.backend()).index ?? this.#local
    } catch {
      return this.#local
    }
  }

  /** Pages only (a cached function's entry has no path to list); a failing index never fails a store. */
  async #indexed(entry: Entry): Promise<void> {
    if (!entry.meta.path.startsWith('/')) return
    try {
      await (await this.index()).add(indexItem(entry.meta))
    } catch (error) {
      this.#o.report(error as Error, entry.meta.key)
    }
  }

  async delete(id: string, label: string): Promise<void> {
    this.memory?.delete(id)
    if (label.startsWith('/'))
      await (await this.index()).remove(label).catch((error: unknown) => this.#o.report(error as Error, id))
    if (!this.#o.shared) return
    const key = await this.#key(id, label)
    try {
      await (await this.#o.backend()).remove(key)
    } catch (error) {
      this.#o.report(error as Error, id)
    }
  }

  #key(id: string, label: string): Promise<string> {
    return storageKey(this.#o.namespace, 'e', this.#o.buildId, id, label)
  }
}
