// isr(options): a SvelteKit `handle` that answers from isrkit's cache and renders through `resolve(event)`.
import { type CacheState, createISR, type HandleContext, type ISR, validateOptions } from '@isrkit/core'
import {
  buildIdOf,
  cacheState,
  closeOnShutdown,
  DEFAULT_ENDPOINT,
  DEFAULT_NAMESPACE,
  disabledByEnvironment,
  isRegeneration,
  markRender,
  originFor,
  runtimeEnv,
} from '@isrkit/core/adapter'
import { watchReads } from './cookies.ts'
import { kitEnvironment } from './env.ts'
import { fastPaths, SeenRoutes } from './fast-path.ts'
import {
  isRemoteRequest,
  KIT_DATA_DEFAULT_CACHE_CONTROL,
  type KitEvent,
  type KitHandle,
  type KitResolve,
  ownOrigin,
  waitUntilOf,
} from './kit.ts'
import type { ISRSvelteKitOptions } from './options.ts'
import { register } from './registry.ts'

/**
 * The hook, with `close()` for servers of your own (adapter-node's shutdown closes it by itself; a custom
 * server emits `sveltekit:shutdown` once closed, or calls this).
 */
export type ISRHandle = KitHandle & { close(): Promise<void> }

export function isr(options: ISRSvelteKitOptions = {}): ISRHandle {
  const buildId = options.buildId === 'auto' ? undefined : options.buildId
  validateOptions({ ...options, buildId: buildId ?? false })
  const endpoint = options.endpoint ?? DEFAULT_ENDPOINT
  // Kit's app version is a new id per build unless the app names its versions.
  const instance = kitEnvironment().then((env) =>
    createISR({
      ...options,
      // adapter-node builds every request's URL on `ORIGIN` when it is set, whatever the Host header says.
      origin: originFor(options, runtimeEnv().ORIGIN),
      dev: options.dev ?? env.dev === true,
      buildId: buildId ?? buildIdOf(env.version) ?? false,
    }),
  )
  const namespace = options.namespace ?? DEFAULT_NAMESPACE
  register(namespace, instance)
  // For the Node fast path in front of Kit (`@isrkit/sveltekit/node`): until then, it hands Kit every request.
  const seen = new SeenRoutes()
  const fastPath = instance.then((isr) => fastPaths.set(namespace, { isr, routeOf: seen.routeOf }))
  const close = () =>
    fastPath.then((target) => {
      fastPaths.delete(namespace, target)
      return target.isr.close()
    })
  // adapter-node emits it once its server has closed on SIGTERM/SIGINT, then waits for the process to have
  // nothing left to do: closed then, the instance's connections no longer keep it alive.
  closeOnShutdown(close, { after: 'sveltekit:shutdown' })

  const handle: KitHandle = async ({ event, resolve }) => {
    const env = await kitEnvironment()
    // Prerendered pages become files; reading their `url.search` would even throw.
    if (env.building || prerendering(event) || disabledByEnvironment()) return resolve(event)
    if (isRemoteRequest(event)) return resolve(event)
    // Internal sub-requests are the app's own business, except a regeneration sent through event.fetch.
    if (event.isSubRequest && !(await isRegeneration(await instance, event.request))) return resolve(event)
    if (event.route.id === null && !event.url.pathname.startsWith(endpoint)) return resolve(event)
    return cached(await instance, event, resolve, seen)
  }
  return Object.assign(handle, { close })
}

async function cached<E extends KitEvent>(isr: ISR, event: E, resolve: KitResolve<E>, seen: SeenRoutes) {
  let kitDefault = false
  const render = async () => {
    const result = await renderWatched(event, resolve)
    kitDefault = result.kitDefault
    return result.response
  }
  const ctx: HandleContext = {
    // A regeneration of a stale page runs after the visitor got the stale copy, and Kit cannot resolve an
    // event whose answer is done (setHeaders and cookies.set throw): it goes through an internal request,
    // which comes back through this hook.
    regenerateThrough: (request) => rerender(event, request),
    waitUntil: waitUntilOf(event.platform),
    observesCookies: true,
    rendersOwnRequest: true,
    rendersOwnOrigin: true,
    routeId: event.route.id ?? undefined,
    path: event.url.pathname,
    origin: ownOrigin(event.platform),
  }
  const response = await isr.handle(event.request, render, ctx)
  if (mayBeStored(cacheState(response))) seen.remember(new URL(event.request.url).pathname, ctx.routeId)
  // What the browser gets for data it may not keep is what Kit would have sent.
  if (kitDefault && cacheState(response) === 'BYPASS' && !response.headers.has('cache-control')) {
    response.headers.set('cache-control', KIT_DATA_DEFAULT_CACHE_CONTROL)
  }
  return response
}

/**
 * Resolves, marking a render that read the visitor's cookies. Kit answers data requests `private, no-store`
 * unless the page set a Cache-Control: that is Kit's default, so it is removed for the policy to come from
 * the page's route rule, as it does for the page's HTML.
 */
async function renderWatched<E extends KitEvent>(event: E, resolve: KitResolve<E>) {
  const read = watchReads(event)
  const response = await resolve(event)
  const kitDefault = event.isDataRequest && response.headers.get('cache-control') === KIT_DATA_DEFAULT_CACHE_CONTROL
  return { response: markRender(response, { read: read(), drop: kitDefault ? ['cache-control'] : [] }), kitDefault }
}

/** Whether the answer came from an entry or may have made one: a bypass never does. */
function mayBeStored(state: CacheState | null): boolean {
  return state !== null && state !== 'BYPASS'
}

function rerender(event: KitEvent, request: Request): Promise<Response> {
  // The regeneration is shared: it carries only what the key holds, never this visitor's credentials.
  return event.fetch(request.url, { headers: request.headers, credentials: 'omit', signal: request.signal })
}

function prerendering(event: KitEvent): boolean {
  try {
    void event.url.search
    return false
  } catch {
    return true
  }
}
