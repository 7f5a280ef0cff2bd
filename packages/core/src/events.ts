// Counters for the status and metrics endpoints and the `onEvent` observer, fed from one place.
import { observerError } from './errors.ts'
import { Metrics } from './metrics.ts'
import type { Counters, ISREvent, Logger } from './types.ts'

/** Errors that repeat on every request while a backend is down. */
const QUIETED = new Set(['ISRStorageError', 'ISRDriverLoadError'])
const OUTAGE_LOG_INTERVAL_MS = 60_000

export class Events {
  readonly counters: Counters = { hits: 0, misses: 0, stale: 0, bypass: 0, renders: 0, errors: 0 }
  readonly metrics = new Metrics()
  readonly #observer: ((event: ISREvent) => void) | undefined
  readonly #logger: Logger | undefined
  /** Messages already logged: a misconfiguration is logged once, not once per request. */
  readonly #logged = new Set<string>()
  /** When each kind of storage error was last logged: an outage is one log line a minute, not one per request. */
  readonly #lastLogged = new Map<string, number>()

  constructor(observer: ((event: ISREvent) => void) | undefined, logger: Logger | undefined) {
    this.#observer = observer
    this.#logger = logger
  }

  emit(event: ISREvent): void {
    this.#count(event)
    this.metrics.record(event)
    if (event.type === 'error' && this.#shouldLog(event.error)) this.#logger?.error(event.error.message)
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

  #shouldLog(error: Error): boolean {
    if (!QUIETED.has(error.name)) return true
    const now = Date.now()
    const last = this.#lastLogged.get(error.name)
    if (last !== undefined && now - last < OUTAGE_LOG_INTERVAL_MS) return false
    this.#lastLogged.set(error.name, now)
    return true
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
