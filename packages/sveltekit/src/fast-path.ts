// What the hook leaves for the Node fast path (node.ts). The hook is bundled into Kit's server build while the
// user's server imports the fast path from node_modules: two copies of this package, which meet in core's
// global registry.
import type { ISR } from '@isrkit/core'
import { instanceRegistry } from '@isrkit/core/adapter'

/** The route Kit matched for a pathname: `undefined` when no route did (the control endpoint without a secret). */
export interface SeenRoute {
  routeId: string | undefined
}

export interface FastPathTarget {
  isr: ISR
  /** The route Kit matched for a pathname the hook answered from the cache or stored; undefined for others. */
  routeOf(pathname: string): SeenRoute | undefined
}

export const fastPaths = instanceRegistry<FastPathTarget>('sveltekit')

/**
 * As many pathnames as core's variant cap keeps (docs/architecture.md "Keys"): a page forgotten here is
 * answered by Kit, whose hook remembers it again.
 */
const REMEMBERED = 50_000

/**
 * Which route Kit's router matched for each pathname the hook cached a page for, the most recent kept. Route
 * rules are matched by Kit's route id, which only Kit's router knows (param matchers, `reroute`, the page a
 * `__data.json` belongs to); and every entry in this process's memory tier came through the hook, so only a
 * pathname remembered here can have one.
 */
export class SeenRoutes {
  readonly #routes = new Map<string, SeenRoute>()
  readonly #limit: number

  constructor(limit = REMEMBERED) {
    this.#limit = limit
  }

  remember(pathname: string, routeId: string | undefined): void {
    this.#routes.delete(pathname)
    this.#routes.set(pathname, { routeId })
    if (this.#routes.size > this.#limit) this.#routes.delete(this.#routes.keys().next().value as string)
  }

  readonly routeOf = (pathname: string): SeenRoute | undefined => this.#routes.get(pathname)
}
