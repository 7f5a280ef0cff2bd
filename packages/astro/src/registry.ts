// Where the provider (inside Astro's server bundle) leaves its ISR instance for the Node fast path (loaded by
// the user's server): core's global registry, since the two may hold different copies of this module.
import type { ISR } from '@isrkit/core'
import { instanceRegistry } from '@isrkit/core/adapter'

const instances = instanceRegistry<ISR>('astro')

export const register = (namespace: string, isr: ISR): ISR => instances.set(namespace, isr)

export const registered = (namespace: string): ISR | undefined => instances.get(namespace)

export const unregister = (namespace: string, isr: ISR): void => instances.delete(namespace, isr)
