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

  it('logs a storage outage once, not once per failing call, while counting every failure', () => {
    const log = logger()
    const events = new Events(undefined, log)
    for (let i = 0; i < 50; i++) events.error(storageError('read', `key-${i}`, new Error('ECONNREFUSED')))
    expect(log.error).toHaveBeenCalledTimes(1)
    expect(events.counters.errors).toBe(50)
    events.error(new Error('a render failed'))
    expect(log.error).toHaveBeenCalledTimes(2)
  })

  it('warns once per message', () => {
    const log = logger()
    const events = new Events(undefined, log)
    events.warnOnce('eager needs origin')
    events.warnOnce('eager needs origin')
    expect(log.warn).toHaveBeenCalledTimes(1)
  })
})
