// Errors of @isrkit/vite, in @isrkit/core's style: a stable name and the `[isrkit]` prefix.

export function middlewareError(message: string): Error {
  const err = new Error(`[isrkit] ${message}`)
  err.name = 'ISRMiddlewareError'
  return err
}
