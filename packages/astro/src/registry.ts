// Where the provider (inside Astro's server bundle) leaves its ISR instance for the Node fast path (loaded by
// the user's server): a global keyed by namespace, since the two may hold different copies of this module.
import type { ISR } from '@isrkit/core'

const KEY = Symbol.for('isrkit.astro.instances')

function instances(): Map<string, ISR> {
  const holder = globalThis as { [KEY]?: Map<string, ISR> }
  holder[KEY] ??= new Map()
  return holder[KEY]
}

export function register(namespace: string, isr: ISR): ISR {
  instances().set(namespace, isr)
  return isr
}

export function registered(namespace: string): ISR | undefined {
  return instances().get(namespace)
}

export function unregister(namespace: string, isr: ISR): void {
  if (instances().get(namespace) === isr) instances().delete(namespace)
}
