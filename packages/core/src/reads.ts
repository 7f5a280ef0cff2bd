// Seeing what of the visitor's request a render read, from outside the framework: frameworks read the
// headers of the very Request the adapter holds (Astro.cookies, SvelteKit's event.cookies parse its Cookie
// header; `Astro.request.headers.get('accept-language')` is the same object), so counting reads of its
// headers during a render tells what the render depended on (docs/architecture.md "The request flow" 9 and
// "What reaches a render").

export interface RequestReads {
  /** Reads of the Cookie header so far; compare before and after a render. */
  readonly count: number
  /** Reads so far of each other header, by lowercase name; `*` counts walks over every header. */
  readonly headers: ReadonlyMap<string, number>
}

/** What walks every header: it sees the cookies, and every header the key does not hold. */
export const EVERY_HEADER = '*'

const observed = new WeakMap<Headers, RequestReads>()

/** Counts reads of this request's headers: by name, and by iterating every header. Idempotent. */
export function observeReads(request: Request): RequestReads {
  const headers = request.headers
  const known = observed.get(headers)
  if (known) return known
  const counts = new Map<string, number>()
  const reads = {
    count: 0,
    headers: counts,
  }
  observed.set(headers, reads)
  const count = (name: string) => {
    const lower = name.toLowerCase()
    if (lower === 'cookie') reads.count++
    else counts.set(lower, (counts.get(lower) ?? 0) + 1)
  }
  const get = headers.get.bind(headers)
  const has = headers.has.bind(headers)
  const patch = headers as unknown as Record<string | symbol, unknown>
  patch.get = (name: string) => {
    count(name)
    return get(name)
  }
  patch.has = (name: string) => {
    count(name)
    return has(name)
  }
  // Walking the values (a copy into `new Headers()` too) reads them all; `keys()` only says which exist.
  for (const method of ['entries', 'forEach', 'values', Symbol.iterator] as const) {
    const original = (headers as unknown as Record<string | symbol, (...args: unknown[]) => unknown>)[method]
    if (typeof original !== 'function') continue
    patch[method] = (...args: unknown[]) => {
      reads.count++
      counts.set(EVERY_HEADER, (counts.get(EVERY_HEADER) ?? 0) + 1)
      return original.apply(headers, args)
    }
  }
  return reads
}

/** A snapshot of the reads so far, to tell afterwards what was read in between (`readSince`). */
export function snapshot(reads: RequestReads): { count: number; headers: Map<string, number> } {
  return { count: reads.count, headers: new Map(reads.headers) }
}

/**
 * The value of READ_HEADER for what was read since `before`: `cookie` and the names of other headers
 * (`*` for a walk over all of them), or '' when nothing was.
 */
export function readSince(reads: RequestReads, before: ReturnType<typeof snapshot>): string {
  const names: string[] = []
  if (reads.count > before.count) names.push('cookie')
  for (const [name, n] of reads.headers) if (n > (before.headers.get(name) ?? 0)) names.push(name)
  return names.join(', ')
}

/** What a render reads of `request` from this call on: the function returned gives READ_HEADER's value. */
export function readsFrom(request: Request): () => string {
  const reads = observeReads(request)
  const before = snapshot(reads)
  return () => readSince(reads, before)
}
