// @isrkit/core/node — helpers for Node servers (node:http, Connect, Express) in front of a framework: answer
// a fresh hit straight from memory without building a Web Request or Response. Node-only; the main entry
// stays Web-standard.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CachedAnswer, HandleContext, ISR, RequestLike } from '../types.ts'

/** Enough of a request for a lookup, read straight from Node's parsed headers. */
export function nodeRequestLike(req: IncomingMessage): RequestLike {
  const raw = req.headers
  const encrypted = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true
  return {
    method: req.method ?? 'GET',
    url: `${encrypted ? 'https' : 'http'}://${raw.host ?? 'localhost'}${req.url ?? '/'}`,
    headers: {
      get(name) {
        const value = raw[name.toLowerCase()]
        if (value === undefined) return null
        return Array.isArray(value) ? value.join(', ') : value
      },
      has: (name) => raw[name.toLowerCase()] !== undefined,
    },
  }
}

/** Writes a cached answer; `detail` is appended to Cache-Status (RFC 9211) to say which path answered. */
export function writeAnswer(res: ServerResponse, answer: CachedAnswer, detail?: string): void {
  const flat: string[] = []
  for (const [name, value] of answer.headers) {
    flat.push(name, detail && name === 'cache-status' ? `${value}; detail=${detail}` : value)
  }
  res.writeHead(answer.status, flat)
  res.end(answer.body ?? undefined)
}

/**
 * Answers the request from the memory tier if it holds a fresh entry for it; true when it did. Anything
 * else (stale, miss, bypass, the control endpoint) is left to the caller.
 */
export async function answerFromMemory(
  isr: ISR,
  req: IncomingMessage,
  res: ServerResponse,
  ctx?: Pick<HandleContext, 'observesCookies'>,
  detail?: string,
): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false
  const answer = await isr.lookup(nodeRequestLike(req), ctx)
  if (!answer) return false
  writeAnswer(res, answer, detail)
  return true
}

/** The address this server accepted the request on: where it reaches itself (never the Host header). */
export function socketOrigin(req: IncomingMessage): string | undefined {
  const socket = req.socket as { localAddress?: string; localPort?: number; encrypted?: boolean } | undefined
  if (!socket?.localAddress || !socket.localPort || socket.encrypted) return undefined
  const address = socket.localAddress.startsWith('::ffff:') ? socket.localAddress.slice(7) : socket.localAddress
  return `http://${address.includes(':') ? `[${address}]` : address}:${socket.localPort}`
}
