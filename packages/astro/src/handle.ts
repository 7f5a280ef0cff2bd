// One request through isrkit inside Astro's cache step (it wraps all middleware, so a hit skips them).
import type { ISR } from '@isrkit/core'
import { cacheState, markRender, readsFrom } from '@isrkit/core/adapter'
import { carryAstroCookies, setsAstroCookies } from './cookies.ts'

export interface AstroCacheContext {
  request: Request
  waitUntil?: (promise: Promise<unknown>) => void
}

export async function handleInAstro(
  isr: ISR,
  context: AstroCacheContext,
  next: () => Promise<Response>,
): Promise<Response> {
  let rendered: Response | undefined
  // Astro renders the request it was given, whatever core passes: the render's own URL is Astro's to choose.
  // Reads of its headers (Astro.cookies, Astro.request.headers) are watched from the first render on, so a
  // hit costs nothing here.
  const render = async () => {
    const read = readsFrom(context.request)
    rendered = await next()
    return markRender(rendered, { read: read(), uncacheable: setsAstroCookies(rendered) ? 'set-cookie' : undefined })
  }
  const response = await isr.handle(context.request, render, {
    waitUntil: context.waitUntil,
    observesCookies: true,
    rendersOwnRequest: true,
    rendersOwnOrigin: true,
    rendersErrorPages: true,
  })
  // Only a response made from this visitor's own render may carry its cookies (never a HIT or a STALE one).
  const state = cacheState(response)
  if (rendered && (state === 'BYPASS' || state === 'MISS')) carryAstroCookies(rendered, response)
  return response
}
