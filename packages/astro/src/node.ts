// The Node fast path: answers fresh hits before Astro's pipeline runs, writing the stored bytes straight to
// the socket. Anything it cannot answer (stale, miss, bypass, the control endpoint, a cold start before the
// provider exists) goes on to Astro's handler, where the provider answers it.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CachedAnswer, RequestLike } from '@isrkit/core'
import { registered } from './registry.ts'

export interface FastPathOptions {
  /** The `namespace` given to isr() in astro.config. Default `isr`. */
  namespace?: string
}

type NodeHandler = (req: IncomingMessage, res: ServerResponse, ...rest: never[]) => unknown

/**
 * Wraps @astrojs/node's `handler` (standalone or middleware mode) with the fast path:
 * `http.createServer(isrFastPath(handler))`, or `app.use(isrFastPath(handler))` in Express.
 */
export function isrFastPath<H extends NodeHandler>(handler: H, options: FastPathOptions = {}): H {
  const namespace = options.namespace ?? 'isr'
  const wrapped = (req: IncomingMessage, res: ServerResponse, ...rest: never[]) => {
    const isr = registered(namespace)
    if (!isr || (req.method !== 'GET' && req.method !== 'HEAD')) return handler(req, res, ...rest)
    return isr.lookup(nodeRequest(req), { observesCookies: true }).then(
      (answer) => (answer ? write(res, answer) : handler(req, res, ...rest)),
      () => handler(req, res, ...rest),
    )
  }
  return wrapped as H
}

/** Enough of a request for a lookup, read straight from Node's parsed headers (no Web Request is built). */
export function nodeRequest(req: IncomingMessage): RequestLike {
  const raw = req.headers
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true
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

function write(res: ServerResponse, answer: CachedAnswer): void {
  const flat: string[] = []
  for (const [name, value] of answer.headers) {
    flat.push(name, name === 'cache-status' ? `${value}; detail=fast-path` : value)
  }
  res.writeHead(answer.status, flat)
  res.end(answer.body ?? undefined)
}
