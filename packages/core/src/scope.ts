// docs/architecture.md "Cached functions": the render a cached call is made for. A page rendering inside
// `handle()` collects the tags and the shortest `revalidate` of the cached functions it calls, so invalidating
// the data also refreshes the page; a draft request's render makes cached functions call through. The scope
// follows the render's async work through AsyncLocalStorage where the runtime has it (Node, Bun, Deno, workerd
// with nodejs_als), and is found from the request itself (`cached.with(request)`) where it has not.
import type { AsyncLocalStorage as Storage } from 'node:async_hooks'
import { nodeBuiltin } from './builtin.ts'

export interface RenderScope {
  /** Tags of the cached results this render used (theirs, and each function's own). */
  readonly tags: Set<string>
  /** The shortest `revalidate` (seconds) of those results; Infinity when none set one. */
  revalidate: number
  /** A draft or bypassed request: cached functions call through, and store nothing. */
  readonly draft: boolean
}

type StorageClass = new <T>() => Storage<T>

const ALS: StorageClass | undefined = (() => {
  const global = (globalThis as { AsyncLocalStorage?: StorageClass }).AsyncLocalStorage
  if (global) return global
  return nodeBuiltin<{ AsyncLocalStorage?: StorageClass }>('node:async_hooks')?.AsyncLocalStorage
})()

const current = ALS ? new ALS<RenderScope>() : undefined
/** Each request a render was given, and the visitor's own, to its scope (the explicit form). */
const byRequest = new WeakMap<object, RenderScope>()

export function newScope(draft: boolean): RenderScope {
  return { tags: new Set(), revalidate: Number.POSITIVE_INFINITY, draft }
}

/** Calls `fn` in `scope`: what it starts, synchronously or not, and `requests` find the scope. */
export function runInScope<T>(scope: RenderScope, requests: readonly object[], fn: () => T): T {
  for (const request of requests) byRequest.set(request, scope)
  return current ? current.run(scope, fn) : fn()
}

/** The scope of the render this code runs for: the request's when given, else the async context's. */
export function scopeOf(request?: object): RenderScope | undefined {
  return (request && byRequest.get(request)) ?? current?.getStore()
}

/** Whether cached calls find their render without `cached.with(request)` here. */
export const ASYNC_CONTEXT = current !== undefined
