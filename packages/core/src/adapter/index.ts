// @isrkit/core/adapter — what only framework adapters use: the markers a render carries to core, watching
// what a render reads of the visitor's request, reading the state of an answer, and the helpers every
// adapter needs (the operator's switch, the server's own origin, build ids, errors). Users import the main
// entry; nothing here is theirs to call. Web-standard, like the main entry.
import { REGENERATE_HEADER, VERIFY_REGENERATION } from '../regenerate.ts'
import type { CacheState, ISR } from '../types.ts'

export { type Credential, findCredential, optionPath } from '../credentials.ts'
export { DEFAULT_ENDPOINT, DEFAULT_NAMESPACE } from '../defaults.ts'
export { buildIdOf, disabledByEnvironment, runtimeEnv } from '../env.ts'
export { adapterError } from '../errors.ts'
export { READ_HEADER, UNCACHEABLE_HEADER } from '../policy.ts'
export { observeReads, type RequestReads, readSince, snapshot } from '../reads.ts'
export { toOrigin } from '../regenerate.ts'
export { findUnserializable, httpOrigin, type Unserializable } from '../serializable.ts'
export { REVALIDATE_MODES } from '../types.ts'

const STATES = new Set<string>(['HIT', 'STALE', 'MISS', 'BYPASS', 'REVALIDATED'])

/** What isrkit did for an answer it gave (`x-isr-cache`), or null for one it did not give. */
export function cacheState(response: Response): CacheState | null {
  const state = response.headers.get('x-isr-cache')
  return state !== null && STATES.has(state) ? (state as CacheState) : null
}

export interface SocketLike {
  localAddress?: string | undefined
  localPort?: number | undefined
  encrypted?: boolean | undefined
}

/**
 * The address a server accepted a request on: where it reaches itself for a regeneration (never the Host
 * header, which a visitor chooses). Undefined for TLS sockets, which no plain request could reach.
 */
export function socketOrigin(socket: SocketLike | undefined): string | undefined {
  if (!socket?.localAddress || !socket.localPort || socket.encrypted) return undefined
  const address = socket.localAddress.startsWith('::ffff:') ? socket.localAddress.slice(7) : socket.localAddress
  return `http://${address.includes(':') ? `[${address}]` : address}:${socket.localPort}`
}

/**
 * Whether `request` is a regeneration an isrkit instance of this site sent through the app (its token is
 * valid for its URL): the one kind of internal sub-request an adapter hands to `handle`.
 */
export async function isRegeneration(isr: ISR, request: Request): Promise<boolean> {
  const verify = (isr as { [VERIFY_REGENERATION]?: (request: Request) => Promise<boolean> })[VERIFY_REGENERATION]
  return verify !== undefined && request.headers.has(REGENERATE_HEADER) && verify(request)
}

/**
 * Closes what `close` closes when the process is told to stop (SIGTERM, SIGINT) or runs out of work. Where
 * nothing else handles those signals (a server with no shutdown of its own, as @astrojs/node's standalone
 * one), it stands in for Node's default: it exits once closed. A server that handles them exits by itself.
 */
export function closeOnShutdown(close: () => Promise<void>): void {
  closers.add(close)
  if (closers.size > 1 || typeof process === 'undefined' || typeof process.once !== 'function') return
  const closeAll = () => Promise.allSettled([...closers].map((closeOne) => closeOne()))
  process.once('beforeExit', () => void closeAll())
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      const alone = process.listenerCount(signal) === 0
      void closeAll().finally(() => {
        if (alone) process.exit(0)
      })
    })
  }
}

/** Everything to close in this process (one instance per server, more in tests): handlers are installed once. */
const closers = new Set<() => Promise<void>>()
