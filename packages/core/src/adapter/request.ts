// What an adapter asks of a request it is handed: is it a regeneration isrkit sent, and where does the server
// that accepted it reach itself.
import { REGENERATE_HEADER, VERIFY_REGENERATION } from '../regenerate.ts'
import type { ISR } from '../types.ts'

/**
 * Whether `request` is a regeneration an isrkit instance of this site sent through the app (its token is
 * valid for its URL): the one kind of internal sub-request an adapter hands to `handle`.
 */
export async function isRegeneration(isr: ISR, request: Request): Promise<boolean> {
  const verify = (isr as { [VERIFY_REGENERATION]?: (request: Request) => Promise<boolean> })[VERIFY_REGENERATION]
  return verify !== undefined && request.headers.has(REGENERATE_HEADER) && verify(request)
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
