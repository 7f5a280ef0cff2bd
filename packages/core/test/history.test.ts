// The last hour, minute by minute (history.ts), and its merge across instances.
import { describe, expect, it } from 'vitest'
import { History, mergeMinutes } from '../src/history.ts'
import { harness, html } from './support/harness.ts'

const at = (minute: number) => Date.UTC(2026, 0, 1, 12, minute)

describe('History', () => {
  it('counts hits, stale, misses and bypasses per minute, and keeps the last hour', () => {
    let now = at(0)
    const h = new History(() => now)
    h.record({ type: 'hit', key: 'k', url: 'u', age: 0 })
    h.record({ type: 'hit', key: 'k', url: 'u', age: 0 })
    h.record({ type: 'miss', key: 'k', url: 'u', collapsed: false })
    h.record({ type: 'render', key: 'k', url: 'u', status: 200, ms: 1, background: false })
    now = at(1) + 500
    h.record({ type: 'stale', key: 'k', url: 'u', age: 9, reason: 'revalidate' })
    h.record({ type: 'bypass', url: 'u', reason: 'method' })
    expect(h.minutes()).toEqual([
      [at(0), 2, 0, 1, 0],
      [at(1), 0, 1, 0, 1],
    ])
    now = at(60) + 30_000
    expect(h.minutes()).toEqual([[at(1), 0, 1, 0, 1]])
    now = at(61)
    expect(h.minutes()).toEqual([])
  })

  it('merges instances minute by minute, with every minute of the hour present', () => {
    const merged = mergeMinutes(
      at(59) + 10,
      [[at(58), 1, 0, 0, 0]],
      [
        [at(58), 2, 1, 0, 0],
        [at(59), 0, 0, 3, 0],
      ],
    )
    expect(merged).toHaveLength(60)
    expect(merged[0]?.[0]).toBe(at(0))
    expect(merged.at(-2)).toEqual([at(58), 3, 1, 0, 0])
    expect(merged.at(-1)).toEqual([at(59), 0, 0, 3, 0])
  })

  it('is answered at GET /__isr/history to the holder of the secret', async () => {
    const h = harness(
      { secret: 'a-history-secret-0123', routes: { '/**': { revalidate: 60 } } },
      { '*': () => html('p') },
    )
    await (await h.get('/a')).text()
    await h.settle()
    await (await h.get('/a')).text()
    const answer = await h.get('/__isr/history', { headers: { authorization: 'Bearer a-history-secret-0123' } })
    const body = await answer.json()
    expect(body.instances).toBe(1)
    expect(body.minutes).toHaveLength(60)
    expect(body.minutes.at(-1).slice(1)).toEqual([1, 0, 1, 0])
    await h.isr.close()
  })
})
