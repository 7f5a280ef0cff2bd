// design.md "Across instances": the one gateway to shared storage. Every call has a timeout, so a storage
// that hangs fails like one that refuses: the cache fails open to rendering. It also carries the lease
// (one render per key across instances) and, where the driver has one, the bus that tells every instance
// of invalidations and new entries.
import type { Storage } from 'unstorage'
import { storageError } from './errors.ts'
import { type Bus, type Lease, storageLease } from './lease.ts'
import { redisBackend } from './redis.ts'

export interface Backend {
  /** The bytes of an entry as stored (a Uint8Array where the driver keeps bytes), or null. */
  getBytes(key: string): Promise<unknown>
  setBytes(key: string, bytes: Uint8Array, ttlSeconds: number): Promise<void>
  getJSON(key: string): Promise<unknown>
  setJSON(key: string, value: unknown): Promise<void>
  remove(key: string): Promise<void>
  ping(): Promise<void>
  readonly lease: Lease
  readonly bus: Bus | undefined
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
}

export function openBackend(storage: Storage, o: BackendOptions): Backend {
  const timed = timeoutWrapper(o.timeout, o.observe)
  const generic: Backend = {
    getBytes: (key) => timed('read', key, () => storage.getItemRaw(key)),
    setBytes: (key, bytes, ttl) => timed('write', key, () => storage.setItemRaw(key, bytes, { ttl })),
    getJSON: (key) => timed('read', key, () => storage.getItem(key)),
    setJSON: (key, value) => timed('write', key, () => storage.setItem(key, value as never)),
    remove: (key) => timed('delete', key, () => storage.removeItem(key)),
    ping: () => timed('read', `${o.namespace}:health`, () => storage.hasItem(`${o.namespace}:health`)).then(() => {}),
    get lease() {
      return lease
    },
    bus: undefined,
    dispose: async () => {
      if (o.owned) await storage.dispose()
    },
  }
  const lease = storageLease(generic, o.namespace)
  return redisBackend(storage, generic, o, timed) ?? generic
}

export type Timed = <T>(operation: string, key: string, call: () => Promise<T>) => Promise<T>

/** Rejects with a storage error after `ms`; a late answer of the call is dropped, its failure swallowed. */
function timeoutWrapper(ms: number, observe: BackendOptions['observe']): Timed {
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
