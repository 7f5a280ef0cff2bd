// The hook's ISR instance, reachable from load functions, form actions and +server endpoints through cached,
// revalidatePath and revalidateTag (they run in the same server bundle as hooks.server.ts).
import type { ISR, RevalidateOptions, RevalidateResult } from '@isrkit/core'
import { cachedFor, DEFAULT_NAMESPACE } from '@isrkit/core/adapter'
import { invalidationBeforeHookError } from './errors.ts'

const instances = new Map<string, Promise<ISR>>()

export function register(namespace: string, isr: Promise<ISR>): void {
  instances.set(namespace, isr)
}

function instance(namespace: string): Promise<ISR> {
  const found = instances.get(namespace)
  if (!found) throw invalidationBeforeHookError(namespace)
  return found
}

/** Invalidates every cached variant of a path (and its `__data.json`), e.g. from a form action. */
export async function revalidatePath(
  path: string | string[],
  opts?: RevalidateOptions & { namespace?: string },
): Promise<RevalidateResult> {
  return (await instance(opts?.namespace ?? DEFAULT_NAMESPACE)).revalidatePath(path, opts)
}

/** Invalidates every entry carrying the tag, e.g. from a form action after a CMS write. */
export async function revalidateTag(
  tag: string | string[],
  opts?: RevalidateOptions & { namespace?: string },
): Promise<RevalidateResult> {
  return (await instance(opts?.namespace ?? DEFAULT_NAMESPACE)).revalidateTag(tag, opts)
}

/**
 * `export const getPost = cached(async (slug) => …, { name: 'getPost', tags: (slug) => [`post:${slug}`] })`
 * in a server module; call it in `load` or `+server`: pages that use it inherit its tags and `revalidate`.
 * Bound to the hook's instance at the first call.
 */
export const cached = cachedFor(() => instance(DEFAULT_NAMESPACE))

/** Marks a cached function's results stale (all, or one argument list's), on every instance. */
export async function revalidateCached(name: string, ...args: unknown[]): Promise<RevalidateResult> {
  return (await instance(DEFAULT_NAMESPACE)).revalidateCached(name, ...args)
}
