// The variants (query strings, vary values) this process has stored per path: what caps them, so a bot
// cannot fill the cache with `?x=1..∞`, and what purge and eager regeneration of a path reach.
import { LRUCache } from 'lru-cache'
import type { EntryMeta } from './entry.ts'
import type { CacheKey } from './key.ts'

export interface Variant {
  id: string
  url: string
  replay: [string, string][]
}

const MAX_PATHS = 50_000

export class Variants {
  readonly #paths = new LRUCache<string, Map<string, Variant>>({ max: MAX_PATHS })

  /** A key already stored is always admitted; a new one only while its path is under the cap. */
  admits(key: CacheKey, max: number): boolean {
    const known = this.#paths.get(key.path)
    return !known || known.has(key.id) || known.size < max
  }

  add(meta: EntryMeta): void {
    let known = this.#paths.get(meta.path)
    if (!known) {
      known = new Map()
      this.#paths.set(meta.path, known)
    }
    known.set(meta.key, { id: meta.key, url: meta.url, replay: meta.replay })
  }

  remove(path: string, id: string): void {
    const known = this.#paths.get(path)
    known?.delete(id)
    if (known?.size === 0) this.#paths.delete(path)
  }

  of(path: string): Variant[] {
    return [...(this.#paths.get(path)?.values() ?? [])]
  }
}
