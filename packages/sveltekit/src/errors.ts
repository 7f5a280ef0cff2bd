// Errors of the SvelteKit hook, in @isrkit/core's style: a stable name and the `[isrkit]` prefix.

function error(name: string, message: string): Error {
  const err = new Error(`[isrkit] ${message}`)
  err.name = name
  return err
}

export function invalidationBeforeHookError(namespace: string): Error {
  return error(
    'ISRSvelteKitError',
    `revalidatePath/revalidateTag found no isr() hook${namespace === 'isr' ? '' : ` for namespace '${namespace}'`}: ` +
      'export `handle = isr({...})` (or sequence(isr({...}), ...)) from src/hooks.server.',
  )
}

export function cacheOptionError(option: string, expected: string, received: unknown): Error {
  return error(
    'ISRSvelteKitError',
    `cache(event, { ${option} }): expected ${expected}, received ${JSON.stringify(received)}.`,
  )
}
