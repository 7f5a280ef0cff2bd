// Errors of the SvelteKit hook, from core's factory: a stable name and the `[isrkit]` prefix.
import { DEFAULT_NAMESPACE, adapterError as error } from '@isrkit/core/adapter'

export function invalidationBeforeHookError(namespace: string): Error {
  return error(
    'ISRSvelteKitError',
    `cached, revalidatePath and revalidateTag found no isr() hook${namespace === DEFAULT_NAMESPACE ? '' : ` for namespace '${namespace}'`}: ` +
      'export `handle = isr({...})` (or sequence(isr({...}), ...)) from src/hooks.server.',
  )
}

export function cacheOptionError(option: string, expected: string, received: unknown): Error {
  return error(
    'ISRSvelteKitError',
    `cache(event, { ${option} }): expected ${expected}, received ${JSON.stringify(received)}.`,
  )
}
