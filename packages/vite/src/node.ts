// @isrkit/vite/node — createISRMiddleware: isrkit in front of a Node app (Connect, Express, node:http).
// Fresh hits are written straight from memory; everything else goes through core's `handle()`, with the
// rest of the stack (`next()`) as the render. Requests and responses cross between Node and the Web API
// through srvx (see the package README for how it was chosen). isrFastPath answers the fresh hits alone, in
// front of the whole app, so they skip what the app runs before the middleware (routing, static files).
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createISR, type HandleContext, type ISR, type ISROptions } from '@isrkit/core'
import { cachedFor, DEFAULT_NAMESPACE, disabledByEnvironment, instanceRegistry, toOrigin } from '@isrkit/core/adapter'
import { answerFromMemory, nodeUrl, socketOrigin, writeBadRequest } from '@isrkit/core/node'
import { NodeRequest, sendNodeResponse } from 'srvx/node'
import { divert } from './divert.ts'
import { isViteInternal } from './vite-urls.ts'

export {
  type CachedFunction,
  type CachedOptions,
  type CacheHeaderOptions,
  cacheHeaders,
  redisFromEnv,
  webhooksFromEnv,
} from '@isrkit/core'

/** The middleware's instance, for `cached` in the app's SSR code (Vite loads it as another module copy). */
const instances = instanceRegistry<ISR>('vite')

/**
 * `const getPost = cached(async (slug) => …, { name: 'getPost', tags: (slug) => [`post:${slug}`] })` in SSR
 * code: pages rendered through the middleware inherit its tags and `revalidate`. Bound to the last
 * middleware created (of the default namespace); until one exists it calls through.
 */
export const cached = cachedFor(() => instances.get(DEFAULT_NAMESPACE))

export type NextFunction = (error?: unknown) => void
export type ISRMiddleware = ((req: IncomingMessage, res: ServerResponse, next: NextFunction) => Promise<void>) & {
  /** The ISR instance behind the middleware: revalidatePath, revalidateTag, status, close. */
  isr: ISR
}

export interface MiddlewareOptions {
  /** Leave Vite's own URLs (`/@vite/`, `/@fs/`, modules, assets) alone: for a middleware inside a Vite server. */
  skipViteInternals?: boolean
}

/**
 * `app.use(createISRMiddleware({ routes: { '/': { revalidate: 60 } } }))` before the SSR handler, or
 * `createISRMiddleware(isr)` to share an instance (and its revalidatePath) with the rest of the app.
 */
export function createISRMiddleware(options: ISROptions | ISR = {}, extra: MiddlewareOptions = {}): ISRMiddleware {
  const isr = isInstance(options) ? options : createISR(options)
  instances.set(isInstance(options) ? DEFAULT_NAMESPACE : (options.namespace ?? DEFAULT_NAMESPACE), isr)
  const disabled = disabledByEnvironment()
  const middleware = async (req: IncomingMessage, res: ServerResponse, next: NextFunction) => {
    if (disabled) return next()
    try {
      if (extra.skipViteInternals && isViteInternal(req.url ?? '/')) return next()
      if (!nodeUrl(req)) return writeBadRequest(res)
      if (await answerFromMemory(isr, req, res)) return
      const origin = socketOrigin(req)
      let sender = res
      const render = async (rendered: Request) => {
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
      const ctx: HandleContext = {
        origin,
        rendersOwnRequest: true,
        target: req.url ?? '/',
        // A regeneration cannot write into a response already sent: it asks this very server, on the address
        // it accepted the visitor on, where this middleware renders and stores it.
        regenerateThrough: origin ? toOrigin(origin) : undefined,
      }
      const response = await isr.handle(new NodeRequest({ req, res }) as unknown as Request, render, ctx)
      await sendNodeResponse(sender, response)
    } catch (error) {
      next(error)
    }
  }
  return Object.assign(middleware, { isr })
}

type NodeHandler = (req: IncomingMessage, res: ServerResponse, ...rest: never[]) => unknown

/**
 * `http.createServer(isrFastPath(app, isr))`, with `app.use(isr)` inside the app after its static files:
 * fresh hits of the middleware's instance are written before the app runs; everything else (misses, static
 * files, the control endpoint) goes to the app, where the middleware answers it. Only what the middleware
 * stored is answered here, and requests the app serves before it (static files) never reach it.
 */
export function isrFastPath<H extends NodeHandler>(handler: H, isr: ISRMiddleware | ISR): H {
  if (disabledByEnvironment()) return handler
  const instance = isInstance(isr) ? isr : isr.isr
  const wrapped = (req: IncomingMessage, res: ServerResponse, ...rest: never[]) =>
    answerFromMemory(instance, req, res, undefined, 'fast-path').then(
      (answered) => (answered ? undefined : handler(req, res, ...rest)),
      () => handler(req, res, ...rest),
    )
  return wrapped as H
}

function isInstance(value: ISROptions | ISR | ISRMiddleware): value is ISR {
  return typeof (value as ISR).handle === 'function' && typeof (value as ISR).lookup === 'function'
}
