// Counters, the onEvent observer and logging (events.ts).
import { describe, expect, it, vi } from 'vitest'
import { storageError } from '../src/errors.ts'
import { Events } from '../src/events.ts'

function logger() {
  return { warn: vi.fn<(m: string) => void>(), error: vi.fn<(m: string) => void>() }
}

describe('Events', () => {
  it('counts what the cache did and hands every event to the observer', () => {
    const seen: string[] = []
    const events = new Events((e) => seen.push(e.type), undefined)
    events.emit({ type: 'hit', key: 'k', url: 'u', age: 1 })
    events.emit({ type: 'miss', key: 'k', url: 'u', collapsed: false })
    events.emit({ type: 'render', key: 'k', url: 'u', status: 200, ms: 3, background: false })
    events.error(new Error('x'))
    expect(events.counters).toMatchObject({ hits: 1, misses: 1, renders: 1, errors: 1 })
    expect(seen).toEqual(['hit', 'miss', 'render', 'error'])
  })

  it('survives an observer that throws, and logs what it threw', () => {
    const log = logger()
    const events = new Events(() => {
      throw new Error('observer bug')
    }, log)
    expect(() => events.emit({ type: 'bypass', url: 'u', reason: 'method' })).not.toThrow()
    expect(log.error).toHaveBeenCalledWith(expect.stringContaining('observer bug'))
  })

  it('logs a storage outage in two lines, when it starts and when it ends, while counting every failure', () => {
    const log = logger()
    let now = 1_000
    const events = new Events(undefined, log, { driver: 'redis', now: () => now })
    for (let i = 0; i < 50; i++) events.error(storageError('read', `key-${i}`, new Error('ECONNREFUSED')))
    expect(log.error).toHaveBeenCalledTimes(1)
    expect(log.error.mock.calls[0]?.[0]).toMatch(
      /^\[isrkit\] Storage \(redis\) is failing: Storage read failed for 'key-0': ECONNREFUSED\. Pages are rendered uncached/,
    )
    expect(events.counters.errors).toBe(50)
    now += 3_200
    events.storageCall('read', 0.001, true)
    events.storageCall('read', 0.001, true)
    expect(log.warn).toHaveBeenCalledTimes(1)
    expect(log.warn).toHaveBeenCalledWith(
      '[isrkit] Storage (redis) answers again after 3.2 s; 50 calls failed meanwhile.',
    )
    events.error(new Error('a render failed'))
    expect(log.error).toHaveBeenCalledTimes(2)
    events.error(storageError('write', 'k', new Error('down again')))
    expect(log.error).toHaveBeenCalledTimes(3)
  })

  it('warns once per message', () => {
    const log = logger()
    const events = new Events(undefined, log)
    events.warnOnce('eager needs origin')
    events.warnOnce('eager needs origin')
    expect(log.warn).toHaveBeenCalledTimes(1)
  })
})
