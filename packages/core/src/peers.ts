// docs/architecture.md "Receipts": which instances applied an invalidation. Every instance on a bus says it
// is there (a heartbeat every few seconds: its id, since when, its build) and acknowledges each invalidation
// it applies; `revalidate` waits a bounded time for the acknowledgements of the instances it knows to be
// alive, and names the ones that did not answer.
import type { Minute } from './history.ts'
import type { BusMessage } from './storage-types.ts'

export const HEARTBEAT_MS = 5_000
/** Three heartbeats missed: an instance is no longer counted (it crashed or was stopped). */
export const PEER_EXPIRY_MS = 3 * HEARTBEAT_MS

export interface PeerInfo {
  /** Its last hour, minute by minute, as its last heartbeat carried it. */
  minutes: Minute[]
  id: string
  /** Epoch ms the instance started. */
  since: number
  buildId: string
  /** Epoch ms of its last heartbeat, on this instance's clock. */
  seen: number
}

export interface Receipts {
  acknowledged: string[]
  pending: string[]
}

export interface PeersOptions {
  /** This instance's last hour, sent with each heartbeat. */
  minutes?: () => Minute[]
  self: string
  buildId: string
  now: () => number
  publish: (message: BusMessage) => Promise<void>
}

export class Peers {
  readonly #o: PeersOptions
  readonly #since: number
  readonly #peers = new Map<string, PeerInfo>()
  /** Acknowledgements by invalidation id: how many of its messages each instance applied, and who waits. */
  readonly #acks = new Map<string, { parts: number; from: Map<string, number>; changed: () => void }>()
  #timer: ReturnType<typeof setInterval> | undefined

  constructor(options: PeersOptions) {
    this.#o = options
    this.#since = options.now()
  }

  /** The bus is up: say so now and every HEARTBEAT_MS (others learn of this instance within one beat). */
  start(): void {
    this.beat()
    if (this.#timer) return
    this.#timer = setInterval(() => this.beat(), HEARTBEAT_MS)
    if (typeof this.#timer === 'object' && 'unref' in this.#timer) this.#timer.unref()
  }

  stop(): void {
    clearInterval(this.#timer)
    this.#timer = undefined
  }

  beat(): void {
    const minutes = this.#o.minutes?.() ?? []
    void this.#o.publish({
      type: 'heartbeat',
      instance: this.#o.self,
      since: this.#since,
      buildId: this.#o.buildId,
      minutes,
    })
  }

  /** A heartbeat or acknowledgement from another instance. */
  receive(message: Extract<BusMessage, { type: 'heartbeat' | 'ack' }>): void {
    if (message.type === 'heartbeat') {
      const known = this.#peers.has(message.instance)
      this.#peers.set(message.instance, {
        minutes: message.minutes ?? [],
        id: message.instance,
        since: message.since,
        buildId: message.buildId,
        seen: this.#o.now(),
      })
      // A newcomer learns of this instance now rather than at the next beat.
      if (!known) this.beat()
      return
    }
    const acks = this.#acks.get(message.id)
    if (!acks) return
    acks.from.set(message.instance, (acks.from.get(message.instance) ?? 0) + 1)
    acks.changed()
  }

  /** The other instances heard from within PEER_EXPIRY_MS, oldest first. */
  alive(): PeerInfo[] {
    const now = this.#o.now()
    for (const [id, peer] of this.#peers) if (now - peer.seen > PEER_EXPIRY_MS) this.#peers.delete(id)
    return [...this.#peers.values()].sort((a, b) => a.since - b.since)
  }

  /** This instance, as its heartbeat describes it. */
  own(): Omit<PeerInfo, 'seen' | 'minutes'> {
    return { id: this.#o.self, since: this.#since, buildId: this.#o.buildId }
  }

  /** Starts counting acknowledgements of `id`, sent as `parts` messages: before publishing, so none is missed. */
  expect(id: string, parts: number): void {
    this.#acks.set(id, { parts, from: new Map(), changed: () => {} })
  }

  /** Who acknowledged `id` within `ms` (this instance first), and which live instances did not. */
  async receipts(id: string, ms: number): Promise<Receipts> {
    const acks = this.#acks.get(id) ?? { parts: 1, from: new Map<string, number>(), changed: () => {} }
    const expected = this.alive().map((peer) => peer.id)
    const missing = () => expected.filter((peer) => (acks.from.get(peer) ?? 0) < acks.parts)
    if (missing().length > 0 && ms > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms)
        acks.changed = () => {
          if (missing().length > 0) return
          clearTimeout(timer)
          resolve()
        }
      })
    }
    this.#acks.delete(id)
    const pending = missing()
    return { acknowledged: [this.#o.self, ...expected.filter((peer) => !pending.includes(peer))], pending }
  }
}
