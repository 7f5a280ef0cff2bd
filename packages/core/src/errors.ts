// Every error isrkit raises or reports, each from a named factory, all with one message prefix.
// `name` is the stable identifier users can match on; messages name what is wrong and what was expected.

const PREFIX = '[isrkit]'

function error(name: string, message: string, options?: ErrorOptions): Error {
  const err = new Error(`${PREFIX} ${message}`, options)
  // A literal name: minifiers rename classes, and users match on this.
  err.name = name
  return err
}

/** A configuration value is not what isrkit accepts. `path` is the option's dotted path. */
export function optionError(path: string, expected: string, received: unknown): Error {
  return error('ISROptionError', `Invalid option \`${path}\`: expected ${expected}, received ${describe(received)}.`)
}

/** `storage.driver` names no unstorage driver. */
export function unknownDriverError(driver: string, known: readonly string[]): Error {
  const near = known.filter((name) => name.toLowerCase().includes(driver.toLowerCase().slice(0, 3))).slice(0, 5)
  const hint = near.length > 0 ? ` Did you mean ${near.map((n) => `'${n}'`).join(', ')}?` : ''
  return error(
    'ISRUnknownDriverError',
    `Unknown storage driver '${driver}': it is not one of unstorage's built-in drivers.${hint} Pass an unstorage Storage instance to use a custom driver.`,
  )
}

/** The driver module exists but could not be loaded or created (missing peer dependency, bad options). */
export function driverLoadError(driver: string, cause: unknown): Error {
  return error(
    'ISRDriverLoadError',
    `Storage driver '${driver}' could not be created: ${messageOf(cause)}. Check its options and that its peer dependencies are installed.`,
    { cause },
  )
}

/** A stored entry could not be decoded; it is treated as a miss and overwritten. */
export function corruptEntryError(key: string, reason: string): Error {
  return error(
    'ISRCorruptEntryError',
    `Stored entry '${key}' is unreadable (${reason}); it is treated as a miss and will be overwritten.`,
  )
}

/** The storage driver threw while reading or writing; the cache fails open to rendering. */
export function storageError(operation: string, key: string, cause: unknown): Error {
  return error('ISRStorageError', `Storage ${operation} failed for '${key}': ${messageOf(cause)}.`, { cause })
}

/** A render threw or answered 5xx. */
export function renderError(url: string, cause: unknown): Error {
  return error('ISRRenderError', `Rendering ${url} failed: ${messageOf(cause)}.`, { cause })
}

/** A background regeneration failed; the stale entry keeps being served. */
export function regenerateError(url: string, cause: unknown): Error {
  return error(
    'ISRRegenerateError',
    `Background regeneration of ${url} failed: ${messageOf(cause)}; serving the stale entry.`,
    {
      cause,
    },
  )
}

/** An argument to revalidatePath / revalidateTag is not usable. */
export function invalidationArgumentError(what: string, expected: string, received: unknown): Error {
  return error('ISRInvalidationError', `Invalid ${what}: expected ${expected}, received ${describe(received)}.`)
}

/** The ISR instance was used after `close()`. */
export function closedError(): Error {
  return error('ISRClosedError', 'This ISR instance is closed.')
}

/** A user `onEvent` observer threw; isrkit keeps serving. */
export function observerError(cause: unknown): Error {
  return error('ISRObserverError', `onEvent threw: ${messageOf(cause)}.`, { cause })
}

export function messageOf(cause: unknown): string {
  if (cause instanceof Error) return cause.message
  return String(cause)
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'undefined') return String(value)
  if (typeof value === 'function') return 'a function'
  return typeof value === 'object' ? `an object` : typeof value
}
