// Single flight (docs/architecture.md "The request flow" 6): one render per key at a time in this process; concurrent requests for
// the key wait for its outcome instead of rendering again. Failures back off before the next attempt.
import type { Entry } from './entry.ts'

export type Outcome =
  | { kind: 'stored'; entry: Entry }
  /** The render may not be shared (a cookie, private, no policy): every waiter renders for itself. */
  | { kind: 'uncacheable' }
  /**
   * Threw, timed out, or answered 5xx (buffered, as waiters may get it: see render.ts forWaiters). Waiters
   * serve a stale entry if they have one.
   */
  | { kind: 'failed'; error?: unknown; response?: BufferedResponse; timedOut?: boolean }
  /** Another instance holds the lease and renders: waiters serve what they have, or render themselves. */
  | { kind: 'elsewhere' }

export interface BufferedResponse {
  status: number
  statusText: string
  headers: [string, string][]
  body: Uint8Array
}

/** `T`: what a flight settles with (a render's Outcome; a cached call's result for cached functions). */
export class Flights<T = Outcome> {
  readonly #running = new Map<string, Promise<T>>()
  /** Keys whose regeneration request is on its way: the receiver's flight starts only when it arrives. */
  readonly sending = new Set<string>()

  isRunning(id: string): boolean {
    return this.#running.has(id)
  }

  /** Joins the render of `id` if one is running; it settles by its deadline at the latest (deadline.ts). */
  join(id: string): Promise<T> | undefined {
    return this.#running.get(id)
  }

  /** Becomes the leader for `id`: call the returned function exactly once with the outcome. */
  lead(id: string): (outcome: T) => void {
    let settle!: (outcome: T) => void
    const promise = new Promise<T>((resolve) => {
      settle = resolve
    })
    this.#running.set(id, promise)
    let done = false
    return (outcome) => {
      if (done) return
      done = true
      if (this.#running.get(id) === promise) this.#running.delete(id)
      settle(outcome)
    }
  }
}

const FIRST_RETRY_MS = 5_000
const MAX_RETRY_MS = 5 * 60_000

/** Exponential backoff per key after failed renders, measured on the injected clock. */
export class Backoff {
  readonly #failures = new Map<string, { count: number; retryAt: number }>()
  readonly #now: () => number

  constructor(now: () => number) {
    this.#now = now
  }

  blocked(id: string): boolean {
    const state = this.#failures.get(id)
    return state !== undefined && this.#now() < state.retryAt
  }

  fail(id: string): number {
    const count = (this.#failures.get(id)?.count ?? 0) + 1
    const delay = Math.min(FIRST_RETRY_MS * 2 ** (count - 1), MAX_RETRY_MS)
    this.#failures.set(id, { count, retryAt: this.#now() + delay })
    if (this.#failures.size > 10_000) this.#failures.delete(this.#failures.keys().next().value as string)
    return delay
  }

  succeed(id: string): void {
    this.#failures.delete(id)
  }
}
