// Where the provider (inside Astro's server bundle) leaves its ISR instance for the Node fast path (loaded by
// the user's server): core's global registry, since the two may hold different copies of this module.
import type { ISR } from '@isrkit/core'
import { cachedFor, DEFAULT_NAMESPACE, instanceRegistry } from '@isrkit/core/adapter'

const instances = instanceRegistry<ISR>('astro')

export const register = (namespace: string, isr: ISR): ISR => instances.set(namespace, isr)

export const registered = (namespace: string): ISR | undefined => instances.get(namespace)

export const unregister = (namespace: string, isr: ISR): void => instances.delete(namespace, isr)

/**
 * `const getPost = cached(async (slug) => …, { name: 'getPost', tags: (slug) => [`post:${slug}`] })`, called in
 * frontmatter or an endpoint: pages that use it inherit its tags and `revalidate`. Bound to the provider's
 * instance, which Astro creates for the first request; until then (and while prerendering) it calls through.
 */
export const cached = cachedFor(() => registered(DEFAULT_NAMESPACE))
