// Pub/sub for invalidations and new entries between instances sharing one Redis (docs/architecture.md
// "Across instances").
import type { Bus, BusMessage, Timed } from './storage-types.ts'

/** The part of an ioredis client this module uses. */
export interface RedisClient {
  status: string
  get(key: string): Promise<string | null>
  getBuffer(key: string): Promise<Uint8Array | null>
  set(key: string, value: unknown, ...args: (string | number)[]): Promise<string | null>
  del(...keys: string[]): Promise<number>
  exists(key: string): Promise<number>
  eval(script: string, keys: number, ...args: (string | number)[]): Promise<unknown>
  publish(channel: string, message: string): Promise<number>
  zrevrange(key: string, start: number, stop: number): Promise<string[]>
  hmget(key: string, ...fields: string[]): Promise<(string | null)[]>
  scan(cursor: string, ...args: (string | number)[]): Promise<[string, string[]]>
  mget(...keys: string[]): Promise<(string | null)[]>
  config(subcommand: 'GET', parameter: string): Promise<unknown>
  /** A cluster's nodes (ioredis `Cluster`); absent on one server. */
  nodes?(role: 'master'): RedisClient[]
  subscribe(channel: string): Promise<unknown>
  duplicate(): RedisClient
  on(event: string, listener: (...args: unknown[]) => void): unknown
  once(event: string, listener: (...args: unknown[]) => void): unknown
  disconnect(): void
}

interface Envelope {
  from: string
  message: BusMessage
}

/**
 * Pub/sub on a second connection (a subscribed Redis connection can do nothing else). Publishing has the
 * deadline of every storage call: a paused Redis delays no invalidation by more than `storageTimeout`.
 */
export function redisBus(client: RedisClient, channel: string, instance: string, timed: Timed): Bus {
  let subscriber: RedisClient | undefined
  return {
    async publish(message) {
      const envelope = JSON.stringify({ from: instance, message } satisfies Envelope)
      await timed('publish', channel, () => client.publish(channel, envelope))
    },
    subscribe(handler, state) {
      subscriber = client.duplicate()
      const connection = subscriber
      connection.on('error', () => {})
      // Without an offline queue, SUBSCRIBE waits for the connection, and is sent again after each reconnect.
      connection.on('ready', () => {
        connection.subscribe(channel).then(
          () => state.up(),
          () => {},
        )
      })
      connection.on('close', () => state.down())
      connection.on('message', (...args: unknown[]) => {
        if (args[0] !== channel) return
        try {
          const envelope = JSON.parse(String(args[1])) as Envelope
          if (envelope.from !== instance) handler(envelope.message)
        } catch {
          // Not ours: other software may share the channel name.
        }
      })
    },
    async close() {
      // The publishing client is the driver's: disposing the storage closes it.
      subscriber?.disconnect()
    },
  }
}
