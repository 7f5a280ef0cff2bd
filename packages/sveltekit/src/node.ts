// @isrkit/sveltekit/node — the Node fast path: answers fresh hits before adapter-node's handler runs Kit's
// pipeline, writing the stored bytes straight to the socket. Anything it cannot answer (stale, miss, bypass,
// the control endpoint, a page the hook has not cached, a cold start before the hook's instance exists) goes
// on to the handler, where the hook answers it.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { DEFAULT_NAMESPACE } from '@isrkit/core/adapter'
import { nodeRequestAt, writeAnswer } from '@isrkit/core/node'
import { kitUrl, type ProxyHeaders, proxyHeaders } from './adapter-node.ts'
import { type FastPathTarget, fastPaths } from './fast-path.ts'
import { reservesParams } from './kit.ts'

export interface FastPathOptions {
  /** The `namespace` given to isr() in hooks.server. Default `isr`. */
  namespace?: string
  /**
   * The `envPrefix` given to adapter-node, if any: PROTOCOL_HEADER, HOST_HEADER and PORT_HEADER are then read
   * under it, as the handler reads them.
   */
  envPrefix?: string
}

type NodeHandler = (req: IncomingMessage, res: ServerResponse, ...rest: never[]) => unknown

/**
 * Wraps adapter-node's `handler` (`build/handler.js`) with the fast path: `http.createServer(isrFastPath(handler))`,
 * or `app.use(isrFastPath(handler))` in Express or Polka.
 */
export function isrFastPath<H extends NodeHandler>(handler: H, options: FastPathOptions = {}): H {
  const namespace = options.namespace ?? DEFAULT_NAMESPACE
  const proxy = proxyHeaders(options.envPrefix)
  const wrapped = (req: IncomingMessage, res: ServerResponse, ...rest: never[]) => {
    const target = fastPaths.get(namespace)
    if (!target) return handler(req, res, ...rest)
    return fastAnswer(target, req, proxy).then(
      (answer) => (answer ? writeAnswer(res, answer, 'fast-path') : handler(req, res, ...rest)),
      () => handler(req, res, ...rest),
    )
  }
  return wrapped as H
}

/** What the hook would answer from the memory tier, looked up under the same URL and route. */
async function fastAnswer(target: FastPathTarget, req: IncomingMessage, proxy: ProxyHeaders) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return undefined
  const url = kitUrl(req, proxy)
  if (url === undefined) return undefined
  const parsed = new URL(url)
  const seen = target.routeOf(parsed.pathname)
  if (seen === undefined || reservesParams(parsed)) return undefined
  const ctx = { observesCookies: true, target: req.url ?? '/', routeId: seen.routeId }
  return target.isr.lookup(nodeRequestAt(req, url), ctx)
}
