// The parts one ISR instance is made of, passed to the request flow's modules.
import type { Credentials } from './auth.ts'
import type { Events } from './events.ts'
import type { Backoff, Flights } from './flight.ts'
import type { ResolvedOptions } from './options.ts'
import type { Backend, BusMessage } from './storage-types.ts'
import type { EntryStore } from './store.ts'
import type { Invalidations } from './tags.ts'
import type { RegenerateTokens } from './token.ts'
import type { HandleContext, Render } from './types.ts'
import type { Variants } from './variants.ts'

export interface Runtime {
  o: ResolvedOptions
  events: Events
  store: EntryStore
  invalidations: Invalidations
  flights: Flights
  backoff: Backoff
  variants: Variants
  credentials: Credentials
  tokens: RegenerateTokens
  /**
   * The clock for render starts and invalidations: strictly increasing within the process, so a render that
   * began after an invalidation is never mistaken for one that raced it (ties count as stale).
   */
  stamp(): number
  /** The shared storage, opened on first use. */
  backend(): Promise<Backend>
  /** Resolves when another instance says it stored `id`, or after `ms`. */
  storedSignal(id: string, ms: number): Promise<void>
  /** Tells the other instances (where a bus exists); never throws. */
  publish(message: BusMessage): Promise<void>
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
