// The hook's ISR instance, reachable from form actions and +server endpoints through revalidatePath and
// revalidateTag (they run in the same server bundle as hooks.server.ts).
import type { ISR, RevalidateOptions, RevalidateResult } from '@isrkit/core'
import { DEFAULT_NAMESPACE } from '@isrkit/core/adapter'
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
