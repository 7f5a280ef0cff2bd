// docs/architecture.md "Seeing the cache": what the cache did minute by minute over the last hour — hits, stale,
// misses, bypasses — kept per instance in 60 buckets (a few hundred bytes), sent with each heartbeat so any
// instance can show the whole site's (peers.ts), merged by minute.
import type { ISREvent } from './types.ts'

export const HISTORY_MINUTES = 60
const MINUTE_MS = 60_000
const COUNTED = ['hit', 'stale', 'miss', 'bypass'] as const
type Counted = (typeof COUNTED)[number]

/** One minute: its start (epoch ms) and its counts, in COUNTED's order. */
export type Minute = [start: number, hits: number, stale: number, misses: number, bypass: number]

export class History {
  readonly #now: () => number
  readonly #minutes: Minute[] = []

  constructor(now: () => number) {
    this.#now = now
  }

  record(event: ISREvent): void {
    const index = COUNTED.indexOf(event.type as Counted)
    if (index === -1) return
    const start = Math.floor(this.#now() / MINUTE_MS) * MINUTE_MS
    let last = this.#minutes.at(-1)
    if (!last || last[0] !== start) {
      last = [start, 0, 0, 0, 0]
      this.#minutes.push(last)
      if (this.#minutes.length > HISTORY_MINUTES) this.#minutes.shift()
    }
    last[index + 1] = (last[index + 1] as number) + 1
  }

  /** The last hour's minutes that saw anything, oldest first. */
  minutes(): Minute[] {
    const since = this.#now() - HISTORY_MINUTES * MINUTE_MS
    return this.#minutes.filter((minute) => minute[0] > since).map((minute) => [...minute] as Minute)
  }
}

/** Several instances' minutes as one: summed minute by minute, every minute of the last hour present. */
export function mergeMinutes(now: number, ...sources: Minute[][]): Minute[] {
  const end = Math.floor(now / MINUTE_MS) * MINUTE_MS
  const merged = new Map<number, Minute>()
  for (let i = HISTORY_MINUTES - 1; i >= 0; i--) {
    const start = end - i * MINUTE_MS
    merged.set(start, [start, 0, 0, 0, 0])
  }
  for (const minutes of sources) {
    for (const minute of minutes) {
      const into = merged.get(minute[0])
      if (!into) continue
      for (let k = 1; k < 5; k++) into[k] = (into[k] as number) + (minute[k] ?? 0)
    }
  }
  return [...merged.values()]
}
