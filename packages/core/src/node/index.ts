// @isrkit/core/node — helpers for Node servers (node:http, Connect, Express) in front of a framework: answer
// a fresh hit straight from memory without building a Web Request or Response. Node-only; the main entry
// stays Web-standard.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { socketOrigin as originOfSocket, type SocketLike } from '../adapter/origin.ts'
import type { CachedAnswer, HandleContext, ISR, RequestLike } from '../types.ts'

/** RFC 9110 §7.2 Host as servers accept it (srvx's rule): a name, IPv4 or bracketed IPv6, and a port. */
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|(?:\d{1,3}\.){3}\d{1,3}|(?:[A-Za-z0-9_-]+\.)*[A-Za-z0-9_-]+)(?::\d{1,5})?$/

/**
 * The URL of a Node request as srvx (and so core's `handle`) sees it: the target's authority for an
 * absolute-form target (RFC 9112 §3.2.2), else the Host header; the scheme of the socket. Undefined when the
 * Host or target is malformed: such a request is answered 400, never looked up or rendered.
 */
export function nodeUrl(req: IncomingMessage): string | undefined {
  const scheme = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true ? 'https' : 'http'
  const target = req.url ?? '/'
  if (target.startsWith('/')) {
    const host = req.headers.host
    if (!host || !HOST.test(host)) return undefined
    const url = `${scheme}://${host}${target}`
    return URL.canParse(url) ? url : undefined
  }
  const absolute = URL.canParse(target) ? new URL(target) : undefined
  if (!absolute || (absolute.protocol !== 'http:' && absolute.protocol !== 'https:') || !HOST.test(absolute.host)) {
    return undefined
  }
  return `${scheme}://${absolute.host}${absolute.pathname}${absolute.search}`
}

/** Enough of a request for a lookup, read straight from Node's parsed headers; undefined when malformed. */
export function nodeRequestLike(req: IncomingMessage): RequestLike | undefined {
  const url = nodeUrl(req)
  return url === undefined ? undefined : nodeRequestAt(req, url)
}

/**
 * The request for a lookup at the URL its framework builds for it, where that is not srvx's (adapter-node
 * builds SvelteKit's on `https` unless told otherwise).
 */
export function nodeRequestAt(req: IncomingMessage, url: string): RequestLike {
  const raw = req.headers
  return {
    method: req.method ?? 'GET',
    url,
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
  const request = nodeRequestLike(req)
  if (!request) return false
  const answer = await isr.lookup(request, { ...ctx, target: req.url ?? '/' })
  if (!answer) return false
  writeAnswer(res, answer, detail)
  return true
}

/** The address this server accepted the request on: where it reaches itself (never the Host header). */
export function socketOrigin(req: IncomingMessage): string | undefined {
  return originOfSocket(req.socket as SocketLike | undefined)
}

/** What a server answers a request whose Host or target is malformed (RFC 9112 §3.2: 400). */
export function writeBadRequest(res: ServerResponse): void {
  const body = 'Bad Request: malformed Host header or request target\n'
  res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) })
  res.end(body)
}
