// Test harness: an injectable clock, a counting renderer, and a client for `isr.handle`.
import { createISR } from '../../src/index.ts'
import type { HandleContext, ISR, ISREvent, ISROptions, Render } from '../../src/types.ts'

export const START = Date.UTC(2026, 0, 1)

export class Clock {
  now = START
  readonly read = () => this.now
  advance(seconds: number): void {
    this.now += seconds * 1000
  }
}

export type PageHandler = (request: Request, count: number) => Response | Promise<Response>

/** A site whose pages are functions; counts renders per path, remembers the requests the renders saw. */
export class Site {
  readonly renders = new Map<string, number>()
  readonly seen: Request[] = []
  /** Whether each render (in order) was a background one. */
  readonly background: boolean[] = []
  constructor(readonly pages: Record<string, PageHandler>) {}

  readonly render: Render = async (request, info) => {
    this.background.push(info.background)
    const { pathname } = new URL(request.url)
    const count = (this.renders.get(pathname) ?? 0) + 1
    this.renders.set(pathname, count)
    this.seen.push(request)
    const page = this.pages[pathname] ?? this.pages['*']
    if (!page) return new Response('not found', { status: 404, headers: { 'content-type': 'text/html' } })
    return page(request, count)
  }

  count(pathname: string): number {
    return this.renders.get(pathname) ?? 0
  }

  get total(): number {
    let sum = 0
    for (const n of this.renders.values()) sum += n
    return sum
  }
}

export const html = (body: string, headers: Record<string, string> = {}, status = 200) =>
  new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8', ...headers } })

export interface Harness {
  isr: ISR
  clock: Clock
  site: Site
  events: ISREvent[]
  background: Promise<unknown>[]
  get(path: string, init?: RequestInit, ctx?: Omit<HandleContext, 'waitUntil'>): Promise<Response>
  /** Waits for all background work handed to waitUntil so far. */
  settle(): Promise<void>
}

export function harness(options: ISROptions, pages: Record<string, PageHandler>): Harness {
  const clock = new Clock()
  const site = new Site(pages)
  const events: ISREvent[] = []
  const background: Promise<unknown>[] = []
  const isr = createISR({ now: clock.read, logger: false, onEvent: (e) => events.push(e), ...options })
  const ctx: HandleContext = { waitUntil: (p) => background.push(p) }
  return {
    isr,
    clock,
    site,
    events,
    background,
    get: (path, init, extra) =>
      isr.handle(new Request(new URL(path, 'http://site.test'), init), site.render, { ...ctx, ...extra }),
    async settle() {
      while (background.length > 0) await Promise.all(background.splice(0))
    },
  }
}

export const state = (response: Response) => response.headers.get('x-isr-cache')

/** A body stream that emits `first`, then waits for `release()` before emitting `rest` and closing. */
export function gatedBody(first: string, rest: string) {
  let release!: () => void
  const gate = new Promise<void>((resolve) => {
    release = resolve
  })
  const encoder = new TextEncoder()
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode(first))
      await gate
      controller.enqueue(encoder.encode(rest))
      controller.close()
    },
  })
  return { stream, release }
}
