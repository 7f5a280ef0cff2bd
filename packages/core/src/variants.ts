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

/** Most paths have one variant: it is held as it is, and a Map (about 200 bytes a path) only from the second. */
type Known = Variant | Map<string, Variant>

export class Variants {
  readonly #paths = new LRUCache<string, Known>({ max: MAX_PATHS })

  /** A key already stored is always admitted; a new one only while its path is under the cap. */
  admits(key: CacheKey, max: number): boolean {
    const known = this.#paths.get(key.path)
    if (!known) return true
    if (known instanceof Map) return known.has(key.id) || known.size < max
    return known.id === key.id || max > 1
  }

  add(meta: EntryMeta): void {
    const variant: Variant = { id: meta.key, url: meta.url, replay: meta.replay }
    const known = this.#paths.get(meta.path)
    if (known instanceof Map) known.set(variant.id, variant)
    else if (!known || known.id === variant.id) this.#paths.set(meta.path, variant)
    else
      this.#paths.set(
        meta.path,
        new Map([
          [known.id, known],
          [variant.id, variant],
        ]),
      )
  }

  remove(path: string, id: string): void {
    const known = this.#paths.get(path)
    if (!known) return
    if (!(known instanceof Map)) {
      if (known.id === id) this.#paths.delete(path)
      return
    }
    known.delete(id)
    if (known.size === 0) this.#paths.delete(path)
  }

  of(path: string): Variant[] {
    const known = this.#paths.get(path)
    if (!known) return []
    return known instanceof Map ? [...known.values()] : [known]
  }
}
