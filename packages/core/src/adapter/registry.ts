// Where an adapter's code inside the framework's server build leaves what it created for a Node fast path
// loaded by the user's own server. The framework bundles one copy of the adapter and the server imports
// another from node_modules, so module state is not shared: the registry lives on `globalThis`, under a
// symbol from the global registry (`Symbol.for`), which every copy resolves to the same key.

export interface InstanceRegistry<T> {
  /** Registers `value` for `namespace`, replacing any earlier one; returns `value`. */
  set(namespace: string, value: T): T
  get(namespace: string): T | undefined
  /** Forgets `value`, unless another value has been registered for `namespace` since. */
  delete(namespace: string, value: T): void
}

/** The registry of one adapter (`astro`, `sveltekit`), by namespace: every module copy gets the same one. */
export function instanceRegistry<T>(adapter: string): InstanceRegistry<T> {
  const key = Symbol.for(`isrkit.${adapter}.instances`)
  const holder = globalThis as { [key: symbol]: Map<string, T> | undefined }
  holder[key] ??= new Map()
  const instances = holder[key]
  return {
    set(namespace, value) {
      instances.set(namespace, value)
      return value
    },
    get: (namespace) => instances.get(namespace),
    delete(namespace, value) {
      if (instances.get(namespace) === value) instances.delete(namespace)
    },
  }
}
