// Closing instances when the process stops (adapter/process.ts), for a server that says when it has closed.
import { afterEach, describe, expect, it } from 'vitest'
import { closeOnShutdown } from '../../src/adapter/process.ts'

const EVENT = 'isrkit-test:shutdown'

afterEach(() => {
  process.removeAllListeners(EVENT)
})

describe('closeOnShutdown({ after })', () => {
  it("closes once the server's event comes, not before, and installs no signal handler", async () => {
    const signals = process.listenerCount('SIGTERM')
    let closed = 0
    closeOnShutdown(
      async () => {
        closed++
      },
      { after: EVENT },
    )
    expect(process.listenerCount('SIGTERM')).toBe(signals)
    expect(closed).toBe(0)
    process.emit(EVENT as 'beforeExit', 0)
    process.emit(EVENT as 'beforeExit', 0)
    await Promise.resolve()
    expect(closed).toBe(1)
  })
})
