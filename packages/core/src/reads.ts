// Seeing whether a render read the visitor's cookies, from outside the framework: frameworks read the Cookie
// header of the very Request the adapter holds (Astro.cookies, SvelteKit's event.cookies parse it), so
// counting reads of that header during a render tells whether the render depended on it (design.md flow 9).

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
