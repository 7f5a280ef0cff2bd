// An adapter's own `cached(fn, options)`: user modules define cached functions at import time, often before
// the adapter has made its ISR instance (SvelteKit's hook, Astro's provider and the Vite middleware make it
// when the server starts or on the first request). The function binds to the instance at its first call,
// and again to a new one after a restart (a dev server's), keeping one bound function per instance.
import type { CachedFunction, CachedOptions, ISR } from '../types.ts'

/**
 * `instance()` gives the adapter's current instance, or undefined where there is none to cache in (while
 * prerendering, before the first request): the function is then called through, uncached.
 */
export function cachedFor(instance: () => ISR | undefined | Promise<ISR | undefined>) {
  return function cached<A extends unknown[], R>(
    fn: (...args: A) => R,
    options: CachedOptions<A>,
  ): CachedFunction<A, R> {
    const bound = new WeakMap<ISR, CachedFunction<A, R>>()
    const resolve = async (): Promise<CachedFunction<A, R> | undefined> => {
      const isr = await instance()
      if (!isr) return undefined
      let found = bound.get(isr)
      if (!found) {
        found = isr.cached(fn, options)
        bound.set(isr, found)
      }
      return found
    }
    const call = async (args: A, request?: Request): Promise<Awaited<R>> => {
      const f = await resolve()
      if (!f) return fn(...args) as Awaited<R>
      return request ? f.with(request)(...args) : f(...args)
    }
    return Object.assign((...args: A) => call(args), {
      with:
        (request: Request) =>
        (...args: A) =>
          call(args, request),
    })
  }
}
