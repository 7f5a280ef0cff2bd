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
  })
  // Only a response made from this visitor's own render may carry its cookies (never a HIT or a STALE one).
  const state = cacheState(response)
  if (rendered && (state === 'BYPASS' || state === 'MISS')) carryAstroCookies(rendered, response)
  return aroundErrorPage(response)
}

/**
 * Astro renders its 404/500 page around a page's body-less 404 or 500 after the cache step (the page's
 * `return new Response(null, { status: 404 })`, as Astro's docs teach). A stored one is handed back
 * body-less too, so Astro renders that page for every visitor as it did for the first.
 */
export function aroundErrorPage(response: Response): Response {
  if (!isBodylessError(response.status, response.headers.get('content-length'))) return response
  response.body?.cancel().catch(() => {})
  const headers = new Headers(response.headers)
  // The page Astro renders is not the empty body the entry's validator names.
  headers.delete('etag')
  headers.delete('content-length')
  return new Response(null, { status: response.status, statusText: response.statusText, headers })
}

/** Astro's REROUTABLE_STATUS_CODES, with no body of the page's own. */
export function isBodylessError(status: number, length: string | null | undefined): boolean {
  return (status === 404 || status === 500) && length === '0'
}
