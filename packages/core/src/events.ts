// Counters for the status and metrics endpoints and the `onEvent` observer, fed from one place. Logging is
// decided here too: storage failures go through the outage's two lines (outage.ts), everything else once.
import { observerError } from './errors.ts'
import { History } from './history.ts'
import { Metrics } from './metrics.ts'
import { Outage } from './outage.ts'
import type { Counters, ISREvent, Logger } from './types.ts'

/** Errors that repeat on every request while a driver cannot be loaded. */
const QUIETED = new Set(['ISRDriverLoadError'])
const QUIET_LOG_INTERVAL_MS = 60_000

export interface EventsOptions {
  /** The storage driver's name, for the outage lines. */
  driver?: string
  /** The clock outages are timed on. */
  now?: () => number
}

export class Events {
  readonly counters: Counters = { hits: 0, misses: 0, stale: 0, bypass: 0, renders: 0, errors: 0 }
  readonly metrics = new Metrics()
  /** The last hour, minute by minute (history.ts). */
  readonly history: History
  readonly #observer: ((event: ISREvent) => void) | undefined
  readonly #listeners = new Set<(event: ISREvent) => void>()
  readonly #logger: Logger | undefined
  /** Messages already logged: a misconfiguration is logged once, not once per request. */
  readonly #logged = new Set<string>()
  /** When each kind of storage error was last logged: an outage is one log line a minute, not one per request. */
  readonly #lastLogged = new Map<string, number>()

  readonly #outage: Outage

  constructor(
    observer: ((event: ISREvent) => void) | undefined,
    logger: Logger | undefined,
    options: EventsOptions = {},
  ) {
    this.#observer = observer
    this.#logger = logger
    this.#outage = new Outage(options.driver ?? 'storage', logger, options.now ?? Date.now)
    this.history = new History(options.now ?? Date.now)
  }

  /** Every storage call, answered or not (backend.ts times them all): what ends an outage. */
  storageCall(operation: string, seconds: number, ok: boolean): void {
    this.metrics.storage(operation, seconds, ok)
    if (ok) this.#outage.answered()
  }

  /** Also tells `listener` of every event (the dashboard's tail); returns how to stop. */
  listen(listener: (event: ISREvent) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  emit(event: ISREvent): void {
    for (const listener of this.#listeners) listener(event)
    this.#count(event)
    this.metrics.record(event)
    this.history.record(event)
    if (event.type === 'error') this.#log(event.error)
    if (!this.#observer) return
    try {
      this.#observer(event)
    } catch (cause) {
      this.#logger?.error(observerError(cause).message)
    }
  }

  error(error: Error, key?: string, url?: string): void {
    this.emit({ type: 'error', error, key, url })
  }

  /** Logs a warning the first time it is seen. */
  warnOnce(message: string): void {
    if (this.#logged.has(message)) return
    if (this.#logged.size > 1000) this.#logged.clear()
    this.#logged.add(message)
    this.#logger?.warn(message)
  }

  #log(error: Error): void {
    if (error.name === 'ISRStorageError') {
      this.#outage.failed(error)
      return
    }
    if (QUIETED.has(error.name)) {
      const now = Date.now()
      const last = this.#lastLogged.get(error.name)
      if (last !== undefined && now - last < QUIET_LOG_INTERVAL_MS) return
      this.#lastLogged.set(error.name, now)
    }
    this.#logger?.error(error.message)
  }

  #count(event: ISREvent): void {
    const c = this.counters
    switch (event.type) {
      case 'hit':
        c.hits++
        break
      case 'miss':
        c.misses++
        break
      case 'stale':
        c.stale++
        break
      case 'bypass':
        c.bypass++
        break
      case 'render':
        c.renders++
        break
      case 'error':
        c.errors++
        break
    }
  }
}
