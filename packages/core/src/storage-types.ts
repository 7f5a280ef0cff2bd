// The contracts of shared storage (design choices in backend.ts, lease.ts, redis.ts): what every storage call
// offers, the lease and the bus. Kept apart so the files that pick implementations import only contracts.
import type { EntriesIndex } from './entries-index.ts'
import type { Minute } from './history.ts'
import type { TailEvent } from './tail.ts'

export interface Backend {
  /** The bytes of an entry as stored (a Uint8Array where the driver keeps bytes), or null. */
  getBytes(key: string): Promise<unknown>
  /**
   * Writes an encoded entry unless the one stored was created later (newest wins across instances): atomic
   * on Redis (a script comparing the header's creation time); elsewhere read-then-write, which the lease
   * the writer holds keeps from racing. False when a newer entry was kept.
   */
  setEntry(key: string, bytes: Uint8Array, ttlSeconds: number, createdAt: number): Promise<boolean>
  /** Merges an invalidation record, never moving either time back; it expires after `ttlSeconds`. */
  mergeRecord(key: string, record: InvalidationRecord, ttlSeconds: number): Promise<void>
  getJSON(key: string): Promise<unknown>
  setJSON(key: string, value: unknown): Promise<void>
  remove(key: string): Promise<void>
  /**
   * Marks `key` as used for `ttlSeconds`; false when it already was. Atomic on Redis (SET NX EX), best effort
   * elsewhere (read, then write).
   */
  claim(key: string, ttlSeconds: number): Promise<boolean>
  ping(): Promise<void>
  /** Keys under a prefix, for the janitor of drivers without TTLs; undefined where the driver keeps TTLs. */
  readonly keys: ((prefix: string) => Promise<string[]>) | undefined
  readonly lease: Lease
  readonly bus: Bus | undefined
  /** The index of stored paths shared by every instance, where the backend keeps one (Redis). */
  readonly index?: EntriesIndex
  dispose(): Promise<void>
}

export interface BackendOptions {
  namespace: string
  /** Milliseconds any storage call may take before it counts as failed. */
  timeout: number
  /** This instance's id on the bus, so it ignores its own messages. */
  instance: string
  /** Own the Storage (dispose it on close), or leave that to whoever passed it in. */
  owned: boolean
  /** Told of every call: its operation, how long it took and whether it succeeded (for metrics). */
  observe?: (operation: string, seconds: number, ok: boolean) => void
  /** A configuration problem of the storage, said once (Redis's `maxmemory-policy`). */
  warn?: (message: string) => void
}

export interface InvalidationRecord {
  stale: number
  purge: number
  /**
   * A stale time still to come (epoch ms; 0 when none): the end of a settle window. Until then it counts for
   * nothing; from then on as `stale` does, so what was rendered during the window is rendered once more.
   */
  settle: number
}

export type Timed = <T>(operation: string, key: string, call: () => Promise<T>) => Promise<T>

export interface Lease {
  /** A token when this instance may render `key`, null while another instance holds it. */
  acquire(key: string, ttlMs: number): Promise<string | null>
  /** Extends the lease while a slow render runs; false when it was lost. */
  renew(key: string, token: string, ttlMs: number): Promise<boolean>
  release(key: string, token: string): Promise<void>
  /** Whether any instance holds the lease on `key` now. */
  held(key: string): Promise<boolean>
}

export type BusMessage =
  /** `id`: the invalidation's, which receivers acknowledge (one invalidation may be a message per kind). */
  | {
      type: 'invalidate'
      kind: 'tag' | 'path'
      names: string[]
      at: number
      purge: boolean
      settle?: number
      id?: string
    }
  /** An instance on the bus, every few seconds (peers.ts). */
  | { type: 'heartbeat'; instance: string; since: number; buildId: string; minutes?: Minute[] }
  /** `instance` applied message `id` of an invalidation. */
  | { type: 'ack'; id: string; instance: string }
  /** A dashboard is connected: forward events for a while (tail.ts). */
  | { type: 'tail' }
  /** An event of another instance, for the dashboards connected here. */
  | { type: 'event'; event: TailEvent }
  /** A new entry for `key` is in shared storage: memory tiers drop their copy of it. */
  | { type: 'stored'; key: string; createdAt: number }

export interface Bus {
  publish(message: BusMessage): Promise<void>
  /**
   * `up`: subscribed (again) — what was published before is unknown. `down`: the subscription is lost;
   * messages are missed until `up`.
   */
  subscribe(handler: (message: BusMessage) => void, state: { up(): void; down(): void }): void
  close(): Promise<void>
}
