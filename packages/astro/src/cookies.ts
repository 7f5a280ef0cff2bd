// What a render did with cookies, seen from outside Astro's pipeline. `Astro.cookies` reads the request's
// Cookie header (lazily, on the first get/has) from the very Request the provider is handed, so counting
// reads of that header tells whether a render depended on the visitor's cookies (design.md flow 9).

const ASTRO_COOKIES = Symbol.for('astro.cookies')

export interface CookieReads {
  /** Reads so far; compare before and after a render. */
  readonly count: number
}

const observed = new WeakMap<Headers, CookieReads>()

/** Counts reads of the Cookie header on this request: by name, and by iterating every header. Idempotent. */
export function observeCookieReads(request: Request): CookieReads {
  const headers = request.headers
  const known = observed.get(headers)
  if (known) return known
  const reads = { count: 0 }
  observed.set(headers, reads)
  const get = headers.get.bind(headers)
  const has = headers.has.bind(headers)
  const patch = headers as unknown as Record<string | symbol, unknown>
  patch.get = (name: string) => {
    if (name.toLowerCase() === 'cookie') reads.count++
    return get(name)
  }
  patch.has = (name: string) => {
    if (name.toLowerCase() === 'cookie') reads.count++
    return has(name)
  }
  // Whoever walks every header sees the cookies too.
  for (const method of ['entries', 'forEach', 'values', Symbol.iterator] as const) {
    const original = (headers as unknown as Record<string | symbol, (...args: unknown[]) => unknown>)[method]
    if (typeof original !== 'function') continue
    patch[method] = (...args: unknown[]) => {
      reads.count++
      return original.apply(headers, args)
    }
  }
  return reads
}

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
