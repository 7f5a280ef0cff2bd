// docs/architecture.md "Seeing the cache": the dashboard's live tail. Each instance's events go to the dashboards
// connected to it; while any dashboard is connected anywhere, its instance asks the others over the bus (`tail`,
// renewed every TAIL_RENEW_MS) to forward theirs (`event`) until TAIL_FOR_MS after the last ask. Hits are left
// out (the chart counts them): the tail carries what an operator reads one by one.
import { maskedKey } from './credentials.ts'
import { maskCredentials } from './errors.ts'
import type { BusMessage } from './storage-types.ts'
import type { ISREvent } from './types.ts'

export const TAIL_RENEW_MS = 20_000
const TAIL_FOR_MS = 30_000

/** An event as the tail shows it: plain data, an error by its name and (masked) message. */
export interface TailEvent {
  instance: string
  at: number
  type: ISREvent['type']
  key?: string
  url?: string
  detail?: string
}

export interface TailOptions {
  self: string
  now: () => number
  publish: (message: BusMessage) => Promise<void>
}

export class Tail {
  readonly #o: TailOptions
  readonly #listeners = new Set<(event: TailEvent) => void>()
  /** Until when another instance's dashboard wants this instance's events. */
  #wantedUntil = 0
  #asking: ReturnType<typeof setInterval> | undefined

  constructor(options: TailOptions) {
    this.#o = options
  }

  /** A dashboard connects: it gets this instance's events and, through the bus, the others'. */
  open(listener: (event: TailEvent) => void): () => void {
    this.#listeners.add(listener)
    if (!this.#asking) {
      this.#ask()
      this.#asking = setInterval(() => this.#ask(), TAIL_RENEW_MS)
      if (typeof this.#asking === 'object' && 'unref' in this.#asking) this.#asking.unref()
    }
    return () => {
      this.#listeners.delete(listener)
      if (this.#listeners.size === 0) {
        clearInterval(this.#asking)
        this.#asking = undefined
      }
    }
  }

  /** One of this instance's events. */
  local(event: ISREvent): void {
    if (event.type === 'hit' || (this.#listeners.size === 0 && this.#wantedUntil < this.#o.now())) return
    const shown = tailEvent(this.#o.self, this.#o.now(), event)
    for (const listener of this.#listeners) listener(shown)
    if (this.#wantedUntil >= this.#o.now()) void this.#o.publish({ type: 'event', event: shown })
  }

  receive(message: Extract<BusMessage, { type: 'tail' | 'event' }>): void {
    if (message.type === 'tail') {
      this.#wantedUntil = Math.max(this.#wantedUntil, this.#o.now() + TAIL_FOR_MS)
      return
    }
    for (const listener of this.#listeners) listener(message.event)
  }

  close(): void {
    clearInterval(this.#asking)
    this.#listeners.clear()
  }

  #ask(): void {
    void this.#o.publish({ type: 'tail' })
  }
}

function tailEvent(instance: string, at: number, event: ISREvent): TailEvent {
  const shown: TailEvent = { instance, at, type: event.type }
  if ('key' in event && event.key) shown.key = maskedKey(event.key)
  if ('url' in event && event.url) shown.url = event.url
  const detail = detailOf(event)
  if (detail) shown.detail = detail
  return shown
}

function detailOf(event: ISREvent): string | undefined {
  switch (event.type) {
    case 'error':
      return `${event.error.name}: ${maskCredentials(event.error.message)}`
    case 'bypass':
    case 'stale':
      return event.reason
    case 'render':
      return `${event.status} in ${Math.round(event.ms)} ms${event.background ? ', background' : ''}`
    case 'store':
      return `${event.bytes} bytes${event.tags.length > 0 ? `, tags ${event.tags.join(', ')}` : ''}`
    case 'revalidate':
      return `${event.mode}: ${[...event.paths, ...event.tags].join(', ')}`
    case 'miss':
      return event.collapsed ? 'collapsed' : undefined
    case 'cached-hit':
    case 'cached-stale':
    case 'cached-miss':
      return event.name
    default:
      return undefined
  }
}

const encoder = new TextEncoder()
const PING_MS = 15_000

/** GET {endpoint}/events: the tail as Server-Sent Events, a comment every 15 s so proxies keep it open. */
export function tailResponse(tail: Tail, signal: AbortSignal): Response {
  let stop = () => {}
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text))
        } catch {
          stop()
        }
      }
      write(': isrkit events\n\n')
      const unlisten = tail.open((event) => write(`data: ${JSON.stringify(event)}\n\n`))
      const ping = setInterval(() => write(': ping\n\n'), PING_MS)
      if (typeof ping === 'object' && 'unref' in ping) ping.unref()
      stop = () => {
        unlisten()
        clearInterval(ping)
      }
      signal.addEventListener('abort', () => {
        stop()
        try {
          controller.close()
        } catch {}
      })
    },
    cancel() {
      stop()
    },
  })
  return new Response(stream, {
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store', 'x-accel-buffering': 'no' },
  })
}
