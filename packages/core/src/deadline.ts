// docs/architecture.md "Deadlines": every render has one (`renderTimeout`, per route), from its start to its
// last byte. Past it the render counts as failed — waiters are released, the lease given back, a stale entry
// stands in — and whatever the render still produces is dropped. The render's request carries the signal,
// so a framework that honours it stops working too.

export const TIMED_OUT: unique symbol = Symbol('timed out')

export class Deadline {
  readonly seconds: number
  readonly #controller = new AbortController()
  readonly #expired: Promise<typeof TIMED_OUT>
  #timer: ReturnType<typeof setTimeout> | undefined

  constructor(seconds: number) {
    this.seconds = seconds
    this.#expired = new Promise((resolve) => {
      this.#timer = setTimeout(() => {
        this.#controller.abort()
        resolve(TIMED_OUT)
      }, seconds * 1000)
      unref(this.#timer)
    })
  }

  get signal(): AbortSignal {
    return this.#controller.signal
  }

  get expired(): boolean {
    return this.#controller.signal.aborted
  }

  /** `work`'s result, or TIMED_OUT if the deadline comes first; `drop` then receives the late result. */
  async race<T>(work: Promise<T>, drop: (late: T) => void = () => {}): Promise<T | typeof TIMED_OUT> {
    const result = await Promise.race([work, this.#expired])
    if (result === TIMED_OUT) work.then(drop, () => {})
    return result
  }

  /** The render is done: nothing is aborted any more. */
  clear(): void {
    clearTimeout(this.#timer)
  }
}

/** Resolves when `work` settles or after `ms`, whichever is first; `work` goes on either way. */
export function waitAtMost(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const elapsed = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms)
    unref(timer)
  })
  return Promise.race([work.then(noop, noop), elapsed]).finally(() => clearTimeout(timer))
}

const noop = () => {}

/** A late response's body is read by no one: cancelling it lets the framework stop producing it. */
export function dropResponse(response: unknown): void {
  if (response instanceof Response) response.body?.cancel().catch(() => {})
}

function unref(timer: unknown): void {
  if (typeof timer === 'object' && timer !== null && 'unref' in timer) (timer as { unref(): void }).unref()
}
