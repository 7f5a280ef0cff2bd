import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Entry } from '../src/entry.ts'
import { Backoff, Flights, type Outcome } from '../src/flight.ts'

const stored = (name: string): Outcome => ({ kind: 'stored', entry: { meta: { key: name } } as unknown as Entry })

describe('Flights', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('has nothing to join while no render runs', () => {
    const flights = new Flights()
    expect(flights.join('a')).toBeUndefined()
    expect(flights.isRunning('a')).toBe(false)
  })

  it('gives every waiter the outcome of the one render, then frees the key', async () => {
    const flights = new Flights()
    const settle = flights.lead('a')
    expect(flights.isRunning('a')).toBe(true)
    expect(flights.join('b')).toBeUndefined()
    const waiters = [flights.join('a'), flights.join('a')]
    const outcome = stored('first')
    settle(outcome)
    expect(await Promise.all(waiters)).toEqual([outcome, outcome])
    expect(flights.isRunning('a')).toBe(false)
    expect(flights.join('a')).toBeUndefined()
  })

  it('ignores a second settle, even once a new render leads the key', async () => {
    const flights = new Flights()
    const first = flights.lead('a')
    const early = flights.join('a')
    first(stored('first'))
    first({ kind: 'uncacheable' })
    expect(await early).toEqual(stored('first'))

    const second = flights.lead('a')
    const late = flights.join('a')
    first({ kind: 'failed', error: new Error('late') })
    expect(flights.isRunning('a')).toBe(true)
    second(stored('second'))
    expect(await late).toEqual(stored('second'))
  })
})

describe('Backoff', () => {
  class Clock {
    now = 1_000_000
    readonly read = () => this.now
  }

  it('doubles the wait after each failure from 5 s, up to 5 minutes', () => {
    const backoff = new Backoff(new Clock().read)
    const delays = Array.from({ length: 9 }, () => backoff.fail('a'))
    expect(delays).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000])
  })

  it('blocks the key until the wait has passed on the clock, other keys not at all', () => {
    const clock = new Clock()
    const backoff = new Backoff(clock.read)
    expect(backoff.blocked('a')).toBe(false)
    backoff.fail('a')
    expect(backoff.blocked('a')).toBe(true)
    expect(backoff.blocked('b')).toBe(false)
    clock.now += 4_999
    expect(backoff.blocked('a')).toBe(true)
    clock.now += 1
    expect(backoff.blocked('a')).toBe(false)
    expect(backoff.fail('a')).toBe(10_000)
    clock.now += 9_999
    expect(backoff.blocked('a')).toBe(true)
  })

  it('forgets the failures once a render succeeds', () => {
    const backoff = new Backoff(new Clock().read)
    backoff.fail('a')
    backoff.fail('a')
    backoff.succeed('a')
    expect(backoff.blocked('a')).toBe(false)
    expect(backoff.fail('a')).toBe(5_000)
  })
})
