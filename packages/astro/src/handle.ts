// One request through isrkit inside Astro's cache step (it wraps all middleware, so a hit skips them).
import { type ISR, observeReads, READ_HEADER, readSince, snapshot, UNCACHEABLE_HEADER } from '@isrkit/core'
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
    const reads = observeReads(context.request)
    const before = snapshot(reads)
    const response = await next()
    rendered = response
    const read = readSince(reads, before)
    if (read) response.headers.set(READ_HEADER, read)
    if (setsAstroCookies(response)) response.headers.set(UNCACHEABLE_HEADER, 'set-cookie')
    return response
  }
  const response = await isr.handle(context.request, render, {
    waitUntil: context.waitUntil,
    observesCookies: true,
    rendersOwnRequest: true,
    rendersOwnOrigin: true,
  })
  // Only a response made from this visitor's own render may carry its cookies (never a HIT or a STALE one).
  const state = response.headers.get('x-isr-cache')
  if (rendered && (state === 'BYPASS' || state === 'MISS')) carryAstroCookies(rendered, response)
  return response
}
