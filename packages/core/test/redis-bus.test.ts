// The bus over Redis pub/sub (redis-bus.ts): what a subscription that loses messages without closing does to
// the instance, on an in-process pub/sub that can drop messages (real servers: redis*.test.ts, sentinel.test.ts).
import { EventEmitter } from 'node:events'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ECHO_MS, type RedisClient, redisBus } from '../src/redis-bus.ts'
import type { BusMessage } from '../src/storage-types.ts'

/** Channels and their subscribers; `dropping` loses every message meanwhile, as a subscription moving does. */
class PubSub {
  readonly subscribers = new Map<string, Set<Connection>>()
  dropping = false
  refuse: string | undefined
  deliver(kind: 'message' | 'smessage', channel: string, text: string): number {
    if (this.dropping) return 0
    const subscribers = this.subscribers.get(`${kind}:${channel}`) ?? new Set()
    for (const connection of subscribers) queueMicrotask(() => connection.emit(kind, channel, text))
    return subscribers.size
  }
}

class Connection extends EventEmitter {
  status = 'ready'
  duplicated: unknown[] = []
  constructor(readonly server: PubSub) {
    super()
  }
  publish = async (channel: string, text: string) => this.server.deliver('message', channel, text)
  spublish = async (channel: string, text: string) => this.server.deliver('smessage', channel, text)
  subscribe = async (channel: string) => this.#join('message', channel)
  ssubscribe = async (channel: string) => {
    if (this.server.refuse) throw new Error(this.server.refuse)
    return this.#join('smessage', channel)
  }
  duplicate = (...args: unknown[]) => {
    this.duplicated.push(args)
    const copy = new Connection(this.server)
    setTimeout(() => copy.emit('ready'), 0)
    return copy
  }
  disconnect = () => {
    for (const set of this.server.subscribers.values()) set.delete(this)
  }
  #join(kind: string, channel: string) {
    const key = `${kind}:${channel}`
    const set = this.server.subscribers.get(key) ?? new Set()
    set.add(this)
    this.server.subscribers.set(key, set)
    return 1
  }
}

const timed = <T>(_operation: string, _key: string, call: () => Promise<T>) => call()
const message = (n: number): BusMessage => ({ type: 'invalidate', kind: 'tag', names: [`t${n}`], at: n, purge: false })

/** An instance's bus on `server`: what its handler heard, and how its subscription went up and down. */
function instance(server: PubSub, id: string, mode: 'plain' | 'sharded' = 'plain') {
  const client = new Connection(server)
  const warnings: string[] = []
  const bus = redisBus(client as unknown as RedisClient, 'isr:bus', id, timed, mode, (w) => warnings.push(w))
  const heard: BusMessage[] = []
  const states: string[] = []
  bus.subscribe((m) => heard.push(m), { up: () => states.push('up'), down: () => states.push('down') })
  return { bus, client, heard, states, warnings }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('the Redis bus', () => {
  it('carries one instance’s messages to the others, not back to itself', async () => {
    const server = new PubSub()
    const [a, b] = [instance(server, 'a'), instance(server, 'b')]
    await vi.waitFor(() => expect([a.states, b.states]).toEqual([['up'], ['up']]))
    await a.bus.publish(message(1))
    await vi.waitFor(() => expect(b.heard).toEqual([message(1)]))
    expect(a.heard).toEqual([])
    await Promise.all([a.bus.close(), b.bus.close()])
  })

  it('reads its records again when a sender’s message was lost on the way (a gap in its numbers)', async () => {
    const server = new PubSub()
    const [a, b] = [instance(server, 'a'), instance(server, 'b')]
    await vi.waitFor(() => expect(b.states).toEqual(['up']))
    await a.bus.publish(message(1))
    server.dropping = true
    await a.bus.publish(message(2))
    server.dropping = false
    await a.bus.publish(message(3))
    await vi.waitFor(() => expect(b.heard).toEqual([message(1), message(3)]))
    // Down and up again: the instance forgets its invalidation records and reads them from storage.
    expect(b.states).toEqual(['up', 'down', 'up'])
    await Promise.all([a.bus.close(), b.bus.close()])
  })

  it('is down while its own messages do not come back, and up again once they do', async () => {
    vi.useFakeTimers()
    const server = new PubSub()
    const a = instance(server, 'a')
    await vi.advanceTimersByTimeAsync(1)
    expect(a.states).toEqual(['up'])
    server.dropping = true
    await a.bus.publish(message(1))
    await vi.advanceTimersByTimeAsync(ECHO_MS + 1000)
    // Down, then subscribed again: up until its own messages say otherwise.
    expect(a.states).toEqual(['up', 'down', 'up'])
    server.dropping = false
    await a.bus.publish(message(2))
    await vi.advanceTimersByTimeAsync(ECHO_MS + 1000)
    // Subscribed again after the silence, and its own messages heard since: up, and not down again.
    expect(a.states.at(-1)).toBe('up')
    expect(a.states.filter((s) => s === 'down')).toHaveLength(1)
    await a.bus.close()
  })

  it('speaks SPUBLISH and SSUBSCRIBE on a cluster, with ioredis’s sharded subscribers', async () => {
    const server = new PubSub()
    const [a, b] = [instance(server, 'a', 'sharded'), instance(server, 'b', 'sharded')]
    await vi.waitFor(() => expect(b.states).toEqual(['up']))
    expect(b.client.duplicated).toEqual([[[], { shardedSubscribers: true }]])
    await a.bus.publish(message(1))
    await vi.waitFor(() => expect(b.heard).toEqual([message(1)]))
    expect(server.subscribers.get('message:isr:bus')).toBeUndefined()
    await Promise.all([a.bus.close(), b.bus.close()])
  })

  it('says once that a cluster refusing SSUBSCRIBE (Redis before 7) leaves invalidations to polling', async () => {
    const server = new PubSub()
    server.refuse = "ERR unknown command 'SSUBSCRIBE'"
    const a = instance(server, 'a', 'sharded')
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(a.states).toEqual([])
    expect(a.warnings).toHaveLength(1)
    expect(a.warnings[0]).toMatch(/SSUBSCRIBE.*Redis or Valkey 7.*invalidationPoll/)
    await a.bus.close()
  })
})
