// The Node fast path: answers fresh hits before Astro's pipeline runs, writing the stored bytes straight to
// the socket. Anything it cannot answer (stale, miss, bypass, the control endpoint, a cold start before the
// provider exists) goes on to Astro's handler, where the provider answers it.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CachedAnswer, ISR } from '@isrkit/core'
import { DEFAULT_NAMESPACE } from '@isrkit/core/adapter'
import { nodeRequestLike, writeAnswer } from '@isrkit/core/node'
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
  const namespace = options.namespace ?? DEFAULT_NAMESPACE
  const wrapped = (req: IncomingMessage, res: ServerResponse, ...rest: never[]) => {
    const isr = registered(namespace)
    if (!isr) return handler(req, res, ...rest)
    return fastAnswer(isr, req).then(
      (answer) => (answer ? writeAnswer(res, answer, 'fast-path') : handler(req, res, ...rest)),
      () => handler(req, res, ...rest),
    )
  }
  return wrapped as H
}

async function fastAnswer(isr: ISR, req: IncomingMessage): Promise<CachedAnswer | undefined> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return undefined
  const request = nodeRequestLike(req)
  if (!request) return undefined
  return isr.lookup(request, { observesCookies: true, target: req.url ?? '/', rendersErrorPages: true })
}
