// Pub/sub for invalidations and new entries between instances sharing one Redis (docs/architecture.md
// "Across instances"): PUBLISH on one server or Sentinel, sharded SPUBLISH on a cluster of Redis >= 7 (the
// shard owning the channel alone carries it: bench/README.md "Bus"), and a watch that notices what a
// subscription moving between nodes lost.
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
  spublish?(channel: string, message: string): Promise<number>
  zrevrange(key: string, start: number, stop: number): Promise<string[]>
  hmget(key: string, ...fields: string[]): Promise<(string | null)[]>
  scan(cursor: string, ...args: (string | number)[]): Promise<[string, string[]]>
  mget(...keys: string[]): Promise<(string | null)[]>
  config(subcommand: 'GET', parameter: string): Promise<unknown>
  /** A cluster's nodes (ioredis `Cluster`); absent on one server. */
  nodes?(role: 'master'): RedisClient[]
  subscribe(channel: string): Promise<unknown>
  ssubscribe?(channel: string): Promise<unknown>
  duplicate(startupNodes?: unknown[], options?: Record<string, unknown>): RedisClient
  on(event: string, listener: (...args: unknown[]) => void): unknown
  once(event: string, listener: (...args: unknown[]) => void): unknown
  disconnect(): void
}

interface Envelope {
  from: string
  /** The sender's count of its messages: a gap says messages were lost on the way. */
  seq?: number
  message: BusMessage
}

/** How pub/sub is spoken: SPUBLISH/SSUBSCRIBE on a cluster that has them, else PUBLISH/SUBSCRIBE. */
type PubSub = 'sharded' | 'plain'

/** An own message not heard back within this: the subscription receives nothing (it is down). */
export const ECHO_MS = 3000
/** Senders not heard from for this long are forgotten (instances restart under new ids). */
const SENDER_EXPIRY_MS = 60_000

/**
 * Pub/sub on a second connection (a subscribed Redis connection can do nothing else). Publishing has the
 * deadline of every storage call: a paused Redis delays no invalidation by more than `storageTimeout`.
 *
 * A subscription may lose messages without its connection closing: on a cluster it lives on one node, and
 * ioredis moves it when that node fails. So every message carries its sender's sequence number, and this
 * instance hears its own: a gap in anyone's numbers reports the subscription `up` again (this instance's
 * invalidation records are read again, as after any reconnection), and an own message not heard back within
 * ECHO_MS reports it `down` (records are polled) until one is.
 */
export function redisBus(
  client: RedisClient,
  channel: string,
  instance: string,
  timed: Timed,
  mode: PubSub,
  warn?: (message: string) => void,
): Bus {
  let warned = false
  let subscriber: RedisClient | undefined
  let watch: ReturnType<typeof setInterval> | undefined
  let sent = 0
  /** Own messages published and not heard back yet: their numbers, and when they were sent. */
  const unheard = new Map<number, number>()
  const send = (text: string) =>
    mode === 'sharded' && client.spublish ? client.spublish(channel, text) : client.publish(channel, text)
  return {
    async publish(message) {
      const seq = ++sent
      const envelope = JSON.stringify({ from: instance, seq, message } satisfies Envelope)
      // Counted before it is sent: its echo may come back before Redis's reply does.
      if (subscriber) unheard.set(seq, Date.now())
      try {
        await timed('publish', channel, () => send(envelope))
      } catch (error) {
        unheard.delete(seq)
        throw error
      }
    },
    subscribe(handler, state) {
      const connection = mode === 'sharded' ? client.duplicate([], { shardedSubscribers: true }) : client.duplicate()
      subscriber = connection
      const link = subscriptionState(state)
      const senders = new Map<string, { seq: number; at: number }>()
      const listen = () => {
        const subscribed = mode === 'sharded' ? connection.ssubscribe?.(channel) : connection.subscribe(channel)
        subscribed?.then(
          () => link.up(),
          (error: unknown) => {
            if (warned || !/unknown command/i.test(String(error))) return
            warned = true
            warn?.(
              `[isrkit] Redis Cluster refused SSUBSCRIBE: isrkit's bus on a cluster needs sharded pub/sub (Redis or Valkey 7 and later). Until then other instances learn of invalidations by reading storage every invalidationPoll seconds.`,
            )
          },
        )
      }
      connection.on('error', () => {})
      // Without an offline queue, SUBSCRIBE waits for the connection, and is sent again after each reconnect.
      connection.on('ready', listen)
      connection.on('close', () => link.down())
      connection.on(mode === 'sharded' ? 'smessage' : 'message', (...args: unknown[]) => {
        if (args[0] !== channel) return
        const envelope = parseEnvelope(args[1])
        if (!envelope) return
        const now = Date.now()
        if (envelope.seq !== undefined && followsGap(senders, envelope.from, envelope.seq, now)) link.resync()
        if (envelope.from !== instance) return handler(envelope.message)
        if (envelope.seq !== undefined) unheard.delete(envelope.seq)
        link.up()
      })
      watch = setInterval(() => {
        const oldest = unheard.values().next().value
        if (oldest !== undefined && Date.now() - oldest > ECHO_MS) {
          unheard.clear()
          link.down()
          // Up again once subscribed: its heartbeats then say whether messages arrive.
          listen()
        }
      }, ECHO_MS / 3)
      if (typeof watch === 'object' && 'unref' in watch) watch.unref()
    },
    async close() {
      clearInterval(watch)
      // The publishing client is the driver's: disposing the storage closes it.
      subscriber?.disconnect()
    },
  }
}

/** `up` and `down` said once per change; `resync`: up again, what came before being unknown. */
function subscriptionState(state: { up(): void; down(): void }) {
  let up = false
  return {
    up() {
      if (up) return
      up = true
      state.up()
    },
    down() {
      if (!up) return
      up = false
      state.down()
    },
    resync() {
      if (!up) return
      state.down()
      state.up()
    },
  }
}

/**
 * Whether `seq` skips a number of `from`'s (a message lost, or a publish that failed: either way records are
 * read again). A message arriving late is no gap.
 */
function followsGap(senders: Map<string, { seq: number; at: number }>, from: string, seq: number, now: number) {
  const last = senders.get(from)
  if (!last || seq > last.seq) senders.set(from, { seq, at: now })
  if (senders.size > 64) {
    for (const [id, sender] of senders) if (now - sender.at > SENDER_EXPIRY_MS) senders.delete(id)
  }
  return last !== undefined && seq > last.seq + 1
}

function parseEnvelope(text: unknown): Envelope | undefined {
  try {
    const envelope = JSON.parse(String(text)) as Envelope
    return typeof envelope?.from === 'string' && typeof envelope.message === 'object' ? envelope : undefined
  } catch {
    // Not ours: other software may share the channel name.
    return undefined
  }
}
