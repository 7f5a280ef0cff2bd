// Receipts (peers.ts): who is on the bus, and who applied an invalidation.
import { describe, expect, it } from 'vitest'
import { PEER_EXPIRY_MS, Peers } from '../src/peers.ts'
import type { BusMessage } from '../src/storage-types.ts'

function peers() {
  const clock = { now: 1_000 }
  const sent: BusMessage[] = []
  const p = new Peers({ self: 'me', buildId: 'b1', now: () => clock.now, publish: async (m) => void sent.push(m) })
  return { p, clock, sent }
}

const beat = (instance: string, since = 0) => ({ type: 'heartbeat', instance, since, buildId: 'b1' }) as const

describe('Peers', () => {
  it('knows the instances heard within three heartbeats, oldest first, and answers a newcomer at once', () => {
    const { p, clock, sent } = peers()
    p.receive(beat('young', 500))
    p.receive(beat('old', 100))
    expect(p.alive().map((peer) => peer.id)).toEqual(['old', 'young'])
    expect(sent.filter((m) => m.type === 'heartbeat')).toHaveLength(2)
    p.receive(beat('old', 100))
    expect(sent.filter((m) => m.type === 'heartbeat')).toHaveLength(2)
    clock.now += PEER_EXPIRY_MS - 1
    p.receive(beat('young', 500))
    clock.now += 2
    expect(p.alive().map((peer) => peer.id)).toEqual(['young'])
    expect(p.own()).toEqual({ id: 'me', since: 1_000, buildId: 'b1' })
  })

  it('waits for every live instance to acknowledge every message of an invalidation, and no longer', async () => {
    const { p } = peers()
    p.receive(beat('a'))
    p.receive(beat('b'))
    p.expect('inv', 2)
    const waiting = p.receipts('inv', 5_000)
    p.receive({ type: 'ack', id: 'inv', instance: 'a' })
    p.receive({ type: 'ack', id: 'inv', instance: 'b' })
    p.receive({ type: 'ack', id: 'inv', instance: 'a' })
    p.receive({ type: 'ack', id: 'other', instance: 'b' })
    const started = Date.now()
    p.receive({ type: 'ack', id: 'inv', instance: 'b' })
    expect(await waiting).toEqual({ acknowledged: ['me', 'a', 'b'], pending: [] })
    expect(Date.now() - started).toBeLessThan(1_000)
  })

  it('sends this instance’s last hour with each heartbeat, and keeps each peer’s', () => {
    const sent: BusMessage[] = []
    const p = new Peers({
      self: 'me',
      buildId: 'b1',
      now: () => 0,
      publish: async (m) => void sent.push(m),
      minutes: () => [[0, 1, 2, 3, 4]],
    })
    p.beat()
    expect(sent[0]).toMatchObject({ type: 'heartbeat', minutes: [[0, 1, 2, 3, 4]] })
    p.receive({ type: 'heartbeat', instance: 'a', since: 0, buildId: 'b1', minutes: [[0, 5, 0, 0, 0]] })
    expect(p.alive()[0]?.minutes).toEqual([[0, 5, 0, 0, 0]])
  })

  it('names who did not acknowledge within the wait', async () => {
    const { p } = peers()
    p.receive(beat('a'))
    p.receive(beat('b'))
    p.expect('inv', 1)
    p.receive({ type: 'ack', id: 'inv', instance: 'a' })
    expect(await p.receipts('inv', 20)).toEqual({ acknowledged: ['me', 'a'], pending: ['b'] })
  })
})
