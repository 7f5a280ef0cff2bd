// docs/architecture.md "Across instances": a storage outage is two log lines — one when it starts (what
// failed, on which driver, and that pages are rendered uncached meanwhile), one when storage answers again
// (after how long, how many calls failed) — however many calls fail in between: reads, writes, leases,
// records, the bus. Every failure is still counted in events and metrics.
import { messageOf } from './errors.ts'
import type { Logger } from './types.ts'

const PREFIX = '[isrkit]'

export class Outage {
  readonly #driver: string
  readonly #logger: Logger | undefined
  readonly #now: () => number
  #since: number | undefined
  #failures = 0

  constructor(driver: string, logger: Logger | undefined, now: () => number) {
    this.#driver = driver
    this.#logger = logger
    this.#now = now
  }

  get ongoing(): boolean {
    return this.#since !== undefined
  }

  /** A storage call failed (its error is isrkit's `ISRStorageError`). */
  failed(error: Error): void {
    this.#failures++
    if (this.#since !== undefined) return
    this.#since = this.#now()
    this.#logger?.error(
      `${PREFIX} Storage (${this.#driver}) is failing: ${withoutPrefix(messageOf(error))} Pages are rendered uncached until it answers again.`,
    )
  }

  /** A storage call succeeded: an outage, if any, is over. */
  answered(): void {
    if (this.#since === undefined) return
    const seconds = Math.max(0, this.#now() - this.#since) / 1000
    const calls = this.#failures === 1 ? '1 call' : `${this.#failures} calls`
    this.#logger?.warn(
      `${PREFIX} Storage (${this.#driver}) answers again after ${seconds.toFixed(1)} s; ${calls} failed meanwhile.`,
    )
    this.#since = undefined
    this.#failures = 0
  }
}

function withoutPrefix(message: string): string {
  return message.startsWith(`${PREFIX} `) ? message.slice(PREFIX.length + 1) : message
}
