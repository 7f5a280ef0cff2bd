// The collaborators one ISR instance is made of, handed to the request flow's modules: what is kept and what
// makes it stale (cache), who renders a key now and who waits (flight), the other instances (cluster), what
// is reported (events). Made in that order in isr.ts, none referring to one made after it.
import type { Cluster } from './cluster.ts'
import type { Events } from './events.ts'
import type { Backoff, Flights } from './flight.ts'
import type { ResolvedOptions } from './options.ts'
import type { EntryStore } from './store.ts'
import type { Invalidations } from './tags.ts'
import type { RegenerateTokens } from './token.ts'
import type { HandleContext, Render } from './types.ts'
import type { Variants } from './variants.ts'

/** What is kept, and what makes it stale. */
export interface Cache {
  /** Entries: the memory tier in front of shared storage. */
  store: EntryStore
  /** The variants of each path this process has stored: the cap, and what purge and eager reach. */
  variants: Variants
  /** Tag and path invalidation records. */
  invalidations: Invalidations
  /** Why the last render of a key was not stored (a refusal's `detail`), for `explain`; bounded. */
  notStored: NotStored
}

/** Key id → the detail of its last render's refusal (`set-cookie`, `private`, `status-500`, `too-large`, …). */
export interface NotStored {
  get(id: string): string | undefined
  set(id: string, reason: string): unknown
  delete(id: string): unknown
}

/** Who renders a key now, and when a failing one may try again (the lease across instances is the cluster's). */
export interface Flight {
  single: Flights
  backoff: Backoff
}

export interface Runtime {
  o: ResolvedOptions
  events: Events
  cache: Cache
  flight: Flight
  /** The shared storage (opened on first use), the bus, and word of entries other instances stored. */
  cluster: Pick<Cluster, 'backend' | 'publish' | 'storedSignal'>
  tokens: RegenerateTokens
  /**
   * The clock for render starts and invalidations: strictly increasing within the process, so a render that
   * began after an invalidation is never mistaken for one that raced it (ties count as stale).
   */
  stamp(): number
  /** The build that ran before this one (`previousBuild: 'stale'`), once learnt from shared storage. */
  previousBuild(): Promise<string | undefined>
  /** Background work not tied to a request's life (close() waits for it). */
  track(promise: Promise<unknown>, ctx?: HandleContext): void
}

export interface Call {
  request: Request
  render: Render
  ctx: HandleContext
}
