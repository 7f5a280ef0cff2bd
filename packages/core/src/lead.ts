// One render per key across instances (docs/architecture.md "Across instances"): the lease an instance takes before it
// renders, kept alive while a slow render runs, and the wait of the others for the entry it will store.

import type { Entry } from './entry.ts'
import type { Outcome } from './flight.ts'
import { classify } from './freshness.ts'
import type { CacheKey } from './key.ts'
import type { Runtime } from './runtime.ts'

/** What the leader of a render holds: the flight its waiters wait on, and the lease across instances. */
export interface Lead {
  settle: (outcome: Outcome) => void
  held: Held
}

export interface Held {
  /** Stops renewing and gives the lease back (after the entry is in shared storage). */
  release(): Promise<void>
}

const NOT_SHARED: Held = { release: async () => {} }
/** How often waiters look for the entry another instance is rendering (a bus message wakes them sooner). */
const POLL_MS = 50

/** The lease on `id`, renewed every third of its TTL; null while another instance holds it. */
export async function takeLease(rt: Runtime, id: string): Promise<Held | null> {
  const ttl = rt.o.leaseTtlMs
  let token: string | null
  try {
    token = await (await rt.cluster.backend()).lease.acquire(id, ttl)
  } catch (error) {
    // Storage is down: render here rather than not at all (the cache fails open).
    rt.events.error(error as Error, id)
    return NOT_SHARED
  }
  if (token === null) return null
  const lease = (await rt.cluster.backend()).lease
  const held = token
  const renewal = setInterval(() => {
    lease.renew(id, held, ttl).then(
      (kept) => kept || clearInterval(renewal),
      (error: unknown) => rt.events.error(error as Error, id),
    )
  }, ttl / 3)
  if (typeof renewal === 'object' && 'unref' in renewal) renewal.unref()
  return {
    async release() {
      clearInterval(renewal)
      await lease.release(id, held).catch((error: unknown) => rt.events.error(error as Error, id))
    },
  }
}

/**
 * Waits for the entry another instance is rendering: until it is in shared storage (fresh), until that
 * instance no longer holds the lease (it failed or stored something unusable), or until `lease.wait` passes.
 */
export async function waitForEntry(
  rt: Runtime,
  { id, path }: Pick<CacheKey, 'id' | 'path'>,
): Promise<Entry | undefined> {
  const deadline = Date.now() + rt.o.leaseWaitMs
  let backend: Awaited<ReturnType<Runtime['cluster']['backend']>>
  try {
    backend = await rt.cluster.backend()
  } catch {
    return undefined
  }
  while (Date.now() < deadline) {
    const entry = await freshShared(rt, id, path)
    if (entry) return entry
    const held = await backend.lease.held(id).catch(() => false)
    if (!held) return freshShared(rt, id, path)
    await rt.cluster.storedSignal(id, POLL_MS)
  }
  return undefined
}

/**
 * A fresh entry another instance stored between this instance's read and its taking the lease (that
 * instance rendered and gave the lease back meanwhile): the lease is given back and the entry used, so a
 * key is rendered once across instances however the reads and the lease interleave.
 */
export async function storedMeanwhile(
  rt: Runtime,
  held: Held,
  { id, path }: Pick<CacheKey, 'id' | 'path'>,
): Promise<Entry | undefined> {
  if (held === NOT_SHARED) return undefined
  const entry = await freshShared(rt, id, path, { again: true })
  if (entry) await held.release()
  return entry
}

/**
 * The entry in shared storage, if fresh (an invalidation record may have made it stale) and created after
 * `newerThan`. `again`: this request has read the key already (store.ts `readShared`).
 */
export async function freshShared(
  rt: Runtime,
  id: string,
  path: string,
  { again = false, newerThan = Number.NEGATIVE_INFINITY } = {},
): Promise<Entry | undefined> {
  const entry = await rt.cache.store.readShared(id, path, again)
  if (!entry || entry.meta.createdAt <= newerThan) return undefined
  return classify(entry.meta, rt.o.now(), await rt.cache.invalidations.times(entry.meta)) === 'fresh'
    ? entry
    : undefined
}
