// A Node built-in module where the runtime has one (Node, Bun, Deno), through `process.getBuiltinModule` rather
// than an import, which a bundler for an edge runtime would follow and fail on.

/** The module named `id` (`node:zlib`, …), or undefined where the runtime has no such built-in. */
export function nodeBuiltin<T>(id: string): T | undefined {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule
  return typeof get === 'function' ? (get(id) as T | undefined) : undefined
}
