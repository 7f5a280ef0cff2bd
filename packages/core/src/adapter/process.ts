// Closing an adapter's instances when the process stops (docs/architecture.md "Work no visitor waits on").

export interface ShutdownOptions {
  /**
   * An event the server emits on `process` once it has closed (adapter-node's `sveltekit:shutdown`): closes
   * then, and leaves the signals to that server.
   */
  after?: string
}

/**
 * Closes what `close` closes when the process is told to stop (SIGTERM, SIGINT) or runs out of work. Where
 * nothing else handles those signals (a server with no shutdown of its own, as @astrojs/node's standalone
 * one), it stands in for Node's default: it exits once closed. A server that handles them exits by itself.
 */
export function closeOnShutdown(close: () => Promise<void>, options: ShutdownOptions = {}): void {
  if (typeof process === 'undefined' || typeof process.once !== 'function') return
  if (options.after !== undefined) {
    process.once(options.after, () => void close())
    return
  }
  closers.add(close)
  if (closers.size > 1) return
  const closeAll = () => Promise.allSettled([...closers].map((closeOne) => closeOne()))
  process.once('beforeExit', () => void closeAll())
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      const alone = process.listenerCount(signal) === 0
      void closeAll().finally(() => {
        if (alone) process.exit(0)
      })
    })
  }
}

/** Everything to close in this process (one instance per server, more in tests): handlers are installed once. */
const closers = new Set<() => Promise<void>>()
