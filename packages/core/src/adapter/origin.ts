// The origins an adapter knows of (docs/architecture.md "Origins"): the public one its framework builds URLs
// on, and the address its server reaches itself at.
import type { ISROptions } from '../types.ts'

/** An http(s) URL's origin (a base path or trailing slash dropped), or undefined for anything else. */
export function httpOrigin(text: string | undefined): string | undefined {
  const url = text && URL.canParse(text) ? new URL(text) : undefined
  return url && (url.protocol === 'http:' || url.protocol === 'https:') && !url.username ? url.origin : undefined
}

/**
 * The `origin` shared pages are rendered for: the user's, else the public origin the framework builds every
 * request's URL on (Astro's `site`, adapter-node's `ORIGIN`), unless `hosts` lists the site's hosts.
 */
export function originFor(options: Pick<ISROptions, 'origin' | 'hosts'>, framework: string | undefined) {
  if (options.origin !== undefined || options.hosts !== undefined) return options.origin
  return httpOrigin(framework)
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
