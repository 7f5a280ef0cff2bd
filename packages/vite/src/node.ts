// @isrkit/vite/node — createISRMiddleware: isrkit in front of a Node app (Connect, Express, node:http).
// Fresh hits are written straight from memory; everything else goes through core's `handle()`, with the
// rest of the stack (`next()`) as the render. Requests and responses cross between Node and the Web API
// through srvx (see the package README for how it was chosen).
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import { createISR, type HandleContext, type ISR, type ISROptions, type RenderInfo } from '@isrkit/core'
import { disabledByEnvironment } from '@isrkit/core/adapter'
import { answerFromMemory, nodeUrl, socketOrigin, writeBadRequest } from '@isrkit/core/node'
import { NodeRequest, sendNodeResponse } from 'srvx/node'
import { divert } from './divert.ts'
import { middlewareError } from './errors.ts'
import { isViteInternal } from './vite-urls.ts'

export type NextFunction = (error?: unknown) => void
export type ISRMiddleware = ((req: IncomingMessage, res: ServerResponse, next: NextFunction) => Promise<void>) & {
  /** The ISR instance behind the middleware: revalidatePath, revalidateTag, status, close. */
  isr: ISR
}

export interface MiddlewareOptions {
  /** Leave Vite's own URLs (`/@vite/`, `/@fs/`, modules, assets) alone: for a middleware inside a Vite server. */
  skipViteInternals?: boolean
}

/** Marks the request a background regeneration renders through (with this process's token). */
const RENDER_HEADER = 'x-isr-node-render'

/**
 * `app.use(createISRMiddleware({ routes: { '/': { revalidate: 60 } } }))` before the SSR handler, or
 * `createISRMiddleware(isr)` to share an instance (and its revalidatePath) with the rest of the app.
 */
export function createISRMiddleware(options: ISROptions | ISR = {}, extra: MiddlewareOptions = {}): ISRMiddleware {
  const isr = isInstance(options) ? options : createISR(options)
  const token = crypto.randomUUID()
  const disabled = disabledByEnvironment()
  const middleware = async (req: IncomingMessage, res: ServerResponse, next: NextFunction) => {
    if (disabled) return next()
    try {
      if (extra.skipViteInternals && isViteInternal(req.url ?? '/')) return next()
      // A regeneration's own request: the app renders it, and isrkit takes the raw result.
      if (req.headers[RENDER_HEADER] === token) return next()
      if (!nodeUrl(req)) return writeBadRequest(res)
      if (await answerFromMemory(isr, req, res)) return
      const origin = socketOrigin(req)
      let sender = res
      const render = async (rendered: Request, { background }: RenderInfo) => {
        if (background) return renderThroughSelf(origin, rendered, token)
        // The app renders the visitor's own `req`: make it the request the entry is for, as far as a Node
        // request can be — the GET a HEAD miss stores (Express's res.send leaves a HEAD's body out), with
        // only the headers the key holds and the keyed origin (docs/architecture.md "What reaches a render"):
        // no validators (the app would answer 304), encodings, Accept-Language or forwarded headers.
        req.method = rendered.method
        req.headers = Object.fromEntries(rendered.headers)
        // The rest of the stack renders into a diverted `res`; what isrkit sends goes through the real one.
        const diverted = divert(res, () => next())
        sender = diverted.sender
        return diverted.response
      }
      const ctx: HandleContext = { origin, rendersOwnRequest: true, target: req.url ?? '/' }
      const response = await isr.handle(new NodeRequest({ req, res }) as unknown as Request, render, ctx)
      await sendNodeResponse(sender, response)
    } catch (error) {
      next(error)
    }
  }
  return Object.assign(middleware, { isr })
}

/**
 * A regeneration no visitor waits for cannot write into a response that is already sent: it asks this very
 * server, on the address it accepted the visitor on, for a fresh render the app answers untouched. Sent with
 * node:http, so the app sees the keyed origin as Host (fetch would put the socket address there) and only
 * what the key holds (docs/architecture.md "What reaches a render").
 */
function renderThroughSelf(origin: string | undefined, rendered: Request, token: string): Promise<Response> {
  if (!origin) throw middlewareError('a background regeneration needs the server’s own address (a TCP socket)')
  const url = new URL(rendered.url)
  const self = new URL(origin)
  const headers: Record<string, string> = Object.fromEntries(rendered.headers)
  headers[RENDER_HEADER] = token
  // One stored body serves everyone: ask for it uncompressed.
  headers['accept-encoding'] = 'identity'
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        hostname: self.hostname.replace(/^\[|\]$/g, ''),
        port: self.port,
        path: `${url.pathname}${url.search}`,
        headers,
        signal: rendered.signal,
      },
      (res) => resolve(webResponse(res)),
    )
    request.on('error', reject)
    request.end()
  })
}

/** Fetch's "null body status": such a Response may not have a body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304])

function webResponse(res: IncomingMessage): Response {
  const headers = new Headers()
  for (const [name, value] of Object.entries(res.headers)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one)
  }
  const status = res.statusCode ?? 502
  if (NULL_BODY.has(status)) res.resume()
  const body = NULL_BODY.has(status) ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>)
  return new Response(body, { status, statusText: res.statusMessage, headers })
}

function isInstance(value: ISROptions | ISR): value is ISR {
  return typeof (value as ISR).handle === 'function' && typeof (value as ISR).lookup === 'function'
}
