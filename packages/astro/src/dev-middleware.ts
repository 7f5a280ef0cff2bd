// `astro dev` only. Astro runs no cache in dev (its `Astro.cache` does nothing there), so what a page says with
// `Astro.cache.set()` is recorded here and written on the response as Astro writes it in production
// (`CDN-Cache-Control`, `Cache-Tag`, or `Cache-Control: no-cache` for `set(false)`), for core's dev explanation
// (`x-isr-explain`) and the toolbar app to tell what production would do. Astro removes them before answering.
import type { MiddlewareHandler } from 'astro'

interface Recorded {
  off: boolean
  maxAge?: number
  swr?: number
  tags: Set<string>
}

export const onRequest: MiddlewareHandler = async (context, next) => {
  const cache = context.cache as { set(input: unknown): void } | undefined
  if (!cache || typeof cache.set !== 'function') return next()
  const recorded: Recorded = { off: false, tags: new Set() }
  const set = cache.set.bind(cache)
  cache.set = (input: unknown) => {
    record(recorded, input)
    set(input)
  }
  const response = await next()
  try {
    writeHeaders(recorded, response.headers)
  } catch {
    // An immutable response (a redirect or a fetched one): nothing to explain from it.
  }
  return response
}

function record(recorded: Recorded, input: unknown): void {
  if (input === false) {
    recorded.off = true
    return
  }
  if (typeof input !== 'object' || input === null) return
  const { maxAge, swr, tags } = input as { maxAge?: unknown; swr?: unknown; tags?: unknown }
  if (typeof maxAge === 'number') recorded.maxAge = maxAge
  if (typeof swr === 'number') recorded.swr = swr
  if (Array.isArray(tags)) for (const tag of tags) if (typeof tag === 'string') recorded.tags.add(tag)
}

function writeHeaders(recorded: Recorded, headers: Headers): void {
  if (recorded.off) {
    headers.set('cache-control', 'no-cache')
    return
  }
  const directives = [
    recorded.maxAge === undefined ? '' : `max-age=${recorded.maxAge}`,
    recorded.swr === undefined ? '' : `stale-while-revalidate=${recorded.swr}`,
  ].filter(Boolean)
  if (directives.length > 0) headers.set('cdn-cache-control', directives.join(', '))
  if (recorded.tags.size > 0) headers.set('cache-tag', [...recorded.tags].join(', '))
}
