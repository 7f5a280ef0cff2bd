// What an adapter asks of a sub-request it is handed: is it a regeneration isrkit sent.
import { REGENERATE_HEADER, VERIFY_REGENERATION } from '../regenerate.ts'
import type { ISR } from '../types.ts'

/**
 * Whether `request` is a regeneration an isrkit instance of this site sent through the app (its token is
 * valid for its URL): the one kind of internal sub-request an adapter hands to `handle`.
 */
export async function isRegeneration(isr: ISR, request: Request): Promise<boolean> {
  const verify = (isr as { [VERIFY_REGENERATION]?: (request: Request) => Promise<boolean> })[VERIFY_REGENERATION]
  return verify !== undefined && request.headers.has(REGENERATE_HEADER) && verify(request)
}
