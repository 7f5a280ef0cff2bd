// Errors of @isrkit/vite, from core's factory: a stable name and the `[isrkit]` prefix.
import { adapterError } from '@isrkit/core/adapter'

export function middlewareError(message: string): Error {
  return adapterError('ISRMiddlewareError', message)
}
