// What a render did with cookies that Astro keeps off the headers until after the cache provider (reads of
// the request's cookies are core's to count: `readsFrom`).

const ASTRO_COOKIES = Symbol.for('astro.cookies')

/** Astro keeps `Astro.cookies.set()` off the headers until after the cache provider: look at its own record. */
export function setsAstroCookies(response: Response): boolean {
  const cookies = Reflect.get(response, ASTRO_COOKIES) as { headers?: () => Iterable<string> } | undefined
  if (!cookies || typeof cookies.headers !== 'function') return false
  for (const _ of cookies.headers()) return true
  return false
}

/** A new Response made from the render keeps the render's `Astro.cookies`, so Astro still sends them. */
export function carryAstroCookies(from: Response, to: Response): void {
  if (from === to) return
  const cookies = Reflect.get(from, ASTRO_COOKIES)
  if (cookies !== undefined) Reflect.set(to, ASTRO_COOKIES, cookies)
}
