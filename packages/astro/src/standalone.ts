// @astrojs/node's standalone server with the Node fast path in front, started by the server entry the
// integration builds (`fastPath`, see vite.ts): `node dist/server/entry.mjs` answers fresh hits before
// Astro's pipeline runs, as a server file of one's own does (node.ts), without one.
import type { RequestListener, Server } from 'node:http'
import { fastPathUnavailableError } from './errors.ts'
import { type FastPathOptions, isrFastPath } from './node.ts'

/** What `@astrojs/node/server.js` exports (its dist/server.d.ts); vite.ts checks the names at build time. */
export interface NodeServerEntry {
  handler: unknown
  options: { mode?: string }
  startServer: () => unknown
}

/** Where @astrojs/node's server.js starts its server on evaluation unless this says `disabled`. */
const AUTOSTART = 'ASTRO_NODE_AUTOSTART'

/**
 * Evaluates @astrojs/node's server entry with its own start turned off, then starts its standalone server
 * as it would have (standalone mode, `ASTRO_NODE_AUTOSTART` not `disabled`), with the fast path in front.
 * Returns the entry, whose exports are re-exported unchanged: a server file of one's own (or `astro preview`)
 * importing the built entry with autostart disabled gets @astrojs/node's own `handler` and `startServer`.
 */
export async function serveStandalone<Entry extends NodeServerEntry>(
  load: () => Promise<Entry>,
  options: FastPathOptions = {},
): Promise<Entry> {
  const autostart = process.env[AUTOSTART]
  process.env[AUTOSTART] = 'disabled'
  let entry: Entry
  try {
    entry = await load()
  } finally {
    // Put back as found: the variable is the operator's, and child processes inherit it.
    if (autostart === undefined) delete process.env[AUTOSTART]
    else process.env[AUTOSTART] = autostart
  }
  // @astrojs/node's own condition (dist/server.js): middleware builds and servers of one's own start nothing.
  if (entry.options?.mode !== 'standalone' || autostart === 'disabled') return entry
  const started = entry.startServer() as { server?: { server?: unknown }; done?: Promise<unknown> } | undefined
  // A server that cannot listen (its port taken) ends the process with the error, as under @astrojs/node's own start.
  started?.done?.catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
  frontWithFastPath(started?.server?.server, options)
  return entry
}

/**
 * Puts the fast path in front of the server's request listener, @astrojs/node's handler. It runs before the
 * server accepts its first connection: `listen()` binds asynchronously, and this runs in the same tick.
 * A server not shaped as expected is left as it is, answering through Astro and the provider alone.
 */
function frontWithFastPath(server: unknown, options: FastPathOptions): void {
  if (!isServer(server)) {
    console.warn(fastPathUnavailableError('its `startServer()` returned no Node server').message)
    return
  }
  const listeners = server.listeners('request')
  const [handler] = listeners
  if (listeners.length !== 1 || typeof handler !== 'function') {
    console.warn(fastPathUnavailableError(`its server has ${listeners.length} request listeners, not one`).message)
    return
  }
  server.removeListener('request', handler as RequestListener)
  server.on('request', isrFastPath(handler as RequestListener, options))
}

function isServer(value: unknown): value is Server {
  const server = value as Partial<Server> | undefined
  return (
    typeof server?.listeners === 'function' &&
    typeof server.removeListener === 'function' &&
    typeof server.on === 'function'
  )
}
