// docs/architecture.md "Seeing the cache": which paths are stored, for the dashboard and GET {endpoint}/entries —
// bounded to the MAX_INDEXED most recently stored, one item per path (its latest entry), updated when an entry
// is stored and when one is purged. Shared on Redis (a sorted set by store time and a hash of items, in one
// script, so no instance sees a half-written index); elsewhere each instance indexes what it stored.
import { LRUCache } from 'lru-cache'
import type { EntryMeta } from './entry.ts'

export const MAX_INDEXED = 10_000

export interface IndexItem {
  path: string
  url: string
  status: number
  size: number
  encodings: string[]
  tags: string[]
  createdAt: number
  revalidateAt: number
  expireAt: number
  staleIfErrorAt: number
}

/** What a backend keeps: Redis implements it in redis.ts; `localIndex` is the fallback. */
export interface EntriesIndex {
  readonly shared: boolean
  add(item: IndexItem): Promise<void>
  remove(path: string): Promise<void>
  /** Most recently stored first. */
  list(): Promise<IndexItem[]>
}

export function indexItem(meta: EntryMeta): IndexItem {
  return {
    path: meta.path,
    url: meta.url,
    status: meta.status,
    size: meta.bodies.reduce((sum, body) => sum + body.size, 0),
    encodings: meta.bodies.map((body) => body.coding),
    tags: meta.tags,
    createdAt: meta.createdAt,
    revalidateAt: meta.revalidateAt,
    expireAt: meta.expireAt,
    staleIfErrorAt: meta.staleIfErrorAt,
  }
}

export function localIndex(): EntriesIndex {
  const items = new LRUCache<string, IndexItem>({ max: MAX_INDEXED })
  return {
    shared: false,
    add: async (item) => void items.set(item.path, item),
    remove: async (path) => void items.delete(path),
    list: async () => [...items.values()].sort((a, b) => b.createdAt - a.createdAt),
  }
}
