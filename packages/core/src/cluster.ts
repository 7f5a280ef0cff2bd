// This instance's link to the others: the shared storage opened on first use, and the bus carrying
// invalidations (applied to the local records at once) and new entries (memory tiers drop their older copy
// and waiters wake). Without a bus, invalidation records are read again every `invalidationPoll` seconds.
import { openBackend } from './backend.ts'
import type { Minute } from './history.ts'
import type { ResolvedOptions } from './options.ts'
import { Peers } from './peers.ts'
import { isStorage } from './storage.ts'
import type { Backend, BusMessage } from './storage-types.ts'
import type { EntryStore } from './store.ts'
import type { Invalidations } from './tags.ts'
import type { Tail } from './tail.ts'

export interface Cluster {
  backend(): Promise<Backend>
  /** Publishes where a bus exists; failures are reported, never thrown. */
  publish(message: BusMessage): Promise<void>
  storedSignal(id: string, ms: number): Promise<void>
  /** How old a local invalidation record may get: forever while the bus is up, else the poll interval. */
  refreshMs(): number
  /** Whether the bus is up: other instances hear invalidations at once, and acknowledge them. */
  hasBus(): boolean
  /** The other instances on the bus, and their acknowledgements. */
  peers: Peers
  /**
   * Where the bus's messages go: this instance's records and memory tier, made after the cluster (they read
   * storage through it). Called once, before the storage is first opened.
   */
  listen(parts: Listeners): void
  close(): Promise<void>
}

export interface ClusterParts {
  /** A storage configuration problem, said once. */
  warn?: (message: string) => void
  /** This instance's last hour, which its heartbeats carry to the others. */
  minutes?: () => Minute[]
  report: (error: Error) => void
  observeStorage: (operation: string, seconds: number, ok: boolean) => void
}

export interface Listeners {
  store: EntryStore
  invalidations: Invalidations
  tail?: Tail
}

export function createCluster(o: ResolvedOptions, parts: ClusterParts): Cluster {
  const instance = crypto.randomUUID()
  const signals = new Map<string, Set<() => void>>()
  let hasBus = false
  let opened: Promise<Backend> | undefined

  let listeners: Listeners | undefined
  const receive = (message: BusMessage) => {
    if (message.type === 'heartbeat' || message.type === 'ack') return peers.receive(message)
    if (!listeners) return
    if (message.type === 'tail' || message.type === 'event') return listeners.tail?.receive(message)
    if (message.type === 'invalidate') {
      listeners.invalidations.apply(message.kind, message.names, message.purge, message.at, message.settle ?? 0)
      if (message.id) void publish({ type: 'ack', id: message.id, instance })
      return
    }
    const memory = listeners.store.memory
    const local = memory?.get(message.key)
    if (local && local.meta.createdAt < message.createdAt) memory?.delete(message.key)
    for (const wake of signals.get(message.key) ?? []) wake()
  }

  const backend = () => {
    opened ??= openBackend(o.backing, {
      namespace: o.namespace,
      timeout: o.storageTimeoutMs,
      instance,
      owned: !isStorage(o.storage),
      observe: parts.observeStorage,
      warn: parts.warn,
    }).then((b) => {
      b.bus?.subscribe(receive, {
        // Records read before the subscription (or during an outage of it) may have missed invalidations.
        up: () => {
          hasBus = true
          listeners?.invalidations.forget()
          peers.start()
        },
        down: () => {
          hasBus = false
          peers.stop()
        },
      })
      return b
    })
    return opened
  }

  async function publish(message: BusMessage): Promise<void> {
    try {
      await (await backend()).bus?.publish(message)
    } catch (error) {
      parts.report(error as Error)
    }
  }
  const peers = new Peers({ self: instance, buildId: o.buildId, now: o.now, publish, minutes: parts.minutes })

  return {
    backend,
    publish,
    peers,
    hasBus: () => hasBus,
    storedSignal(id, ms) {
      return new Promise((resolve) => {
        const waiters = signals.get(id) ?? new Set()
        signals.set(id, waiters)
        const done = () => {
          clearTimeout(timer)
          waiters.delete(done)
          if (waiters.size === 0) signals.delete(id)
          resolve()
        }
        const timer = setTimeout(done, ms)
        waiters.add(done)
      })
    },
    refreshMs: () => (hasBus ? Number.POSITIVE_INFINITY : o.invalidationPollMs),
    listen(parts) {
      listeners = parts
    },
    async close() {
      peers.stop()
      if (opened) await (await opened.catch(() => undefined))?.dispose()
    },
  }
}
