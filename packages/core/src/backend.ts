// docs/architecture.md "Across instances": the one gateway to shared storage. Every call has a timeout, so a storage
// that hangs fails like one that refuses: the cache fails open to rendering. It also carries the lease
// (one render per key across instances) and, where the driver has one, the bus that tells every instance
// of invalidations and new entries.
import type { Storage } from 'unstorage'
import { createdAtOf } from './entry.ts'
import { storageError } from './errors.ts'
import { localLease, storageLease } from './lease.ts'
import { openRedis } from './redis.ts'
import { openStorage, type ResolvedStorage } from './storage.ts'
import type { Backend, BackendOptions, InvalidationRecord, Timed } from './storage-types.ts'

/** Listing keys is the janitor's, in the background: a large fs cache takes longer than one page's call. */
const LIST_TIMEOUT_MS = 60_000

/** Opens the storage the options name: Redis through core's own client, the rest through unstorage. */
export async function openBackend(storage: ResolvedStorage, o: BackendOptions): Promise<Backend> {
  const timed = timeoutWrapper(o.timeout, o.observe)
  if (storage.kind === 'redis') return openRedis(storage.option as Record<string, unknown>, o, timed)
  const opened = unstorageBackend(await openStorage(storage.option), o, timed)
  // Memory storage is this process alone: the in-process single flight is the whole lease.
  return storage.kind === 'memory' ? { ...opened, lease: localLease } : opened
}

/** Any unstorage Storage: one read-then-write where Redis has a script, a best-effort lease, no bus. */
export function unstorageBackend(
  storage: Storage,
  o: BackendOptions,
  timed: Timed = timeoutWrapper(o.timeout, o.observe),
): Backend {
  const listed = timeoutWrapper(LIST_TIMEOUT_MS, o.observe)
  const generic: Backend = {
    getBytes: (key) => timed('read', key, () => storage.getItemRaw(key)),
    setEntry: (key, bytes, ttl, createdAt) =>
      timed('write', key, async () => {
        const stored = createdAtOf(await storage.getItemRaw(key))
        if (stored !== undefined && stored > createdAt) return false
        await storage.setItemRaw(key, bytes, { ttl })
        return true
      }),
    mergeRecord: (key, record, ttl) =>
      timed('write', key, async () => {
        const stored = (await storage.getItem(key)) as Partial<InvalidationRecord> | null
        await storage.setItem(key, mergeRecords(stored, record) as never, { ttl })
      }),
    getJSON: (key) => timed('read', key, () => storage.getItem(key)),
    setJSON: (key, value) => timed('write', key, () => storage.setItem(key, value as never)),
    remove: (key) => timed('delete', key, () => storage.removeItem(key)),
    claim: (key, ttl) =>
      timed('claim', key, async () => {
        const held = (await storage.getItem(key)) as { until?: unknown } | null
        if (typeof held?.until === 'number' && held.until > Date.now()) return false
        await storage.setItem(key, { until: Date.now() + ttl * 1000 }, { ttl })
        return true
      }),
    ping: () => timed('read', `${o.namespace}:health`, () => storage.hasItem(`${o.namespace}:health`)).then(() => {}),
    keys: (prefix) => listed('list', prefix, () => storage.getKeys(prefix)),
    get lease() {
      return lease
    },
    bus: undefined,
    dispose: async () => {
      if (o.owned) await storage.dispose()
    },
  }
  const lease = storageLease(generic, o.namespace)
  return generic
}

/** Each time the later of the two: a record never moves back in time, whoever wrote last. */
export function mergeRecords(stored: Partial<InvalidationRecord> | null, mine: InvalidationRecord): InvalidationRecord {
  const later = (a: unknown, b: number) => (typeof a === 'number' && a > b ? a : b)
  return {
    stale: later(stored?.stale, mine.stale),
    purge: later(stored?.purge, mine.purge),
    settle: later(stored?.settle, mine.settle),
  }
}

/** Rejects with a storage error after `ms`; a late answer of the call is dropped, its failure swallowed. */
export function timeoutWrapper(ms: number, observe: BackendOptions['observe']): Timed {
  return (operation, key, call) =>
    new Promise((resolve, reject) => {
      const started = performance.now()
      let settled = false
      const settle = (ok: boolean) => {
        if (settled) return
        settled = true
        observe?.(operation, (performance.now() - started) / 1000, ok)
      }
      const timer = setTimeout(() => {
        settle(false)
        reject(storageError(operation, key, new Error(`no answer within ${ms} ms`)))
      }, ms)
      if (typeof timer === 'object' && timer && 'unref' in timer) (timer as { unref(): void }).unref()
      let pending: Promise<unknown>
      try {
        pending = call()
      } catch (cause) {
        pending = Promise.reject(cause)
      }
      pending.then(
        (value) => {
          clearTimeout(timer)
          settle(true)
          resolve(value as never)
        },
        (cause: unknown) => {
          clearTimeout(timer)
          settle(false)
          reject(
            cause instanceof Error && cause.name === 'ISRStorageError' ? cause : storageError(operation, key, cause),
          )
        },
      )
    })
}
