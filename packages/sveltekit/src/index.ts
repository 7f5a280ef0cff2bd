// @isrkit/sveltekit — `export const handle = isr({...})` in src/hooks.server. See README.md.
export type {
  CachedFunction,
  CachedOptions,
  RevalidateMode,
  RevalidateOptions,
  RevalidateResult,
  RouteRules,
} from '@isrkit/core'
export { redisFromEnv, webhooksFromEnv } from '@isrkit/core'
export { type CacheOptions, cache } from './cache.ts'
export { type ISRHandle, isr } from './hook.ts'
export type { KitEvent, KitHandle } from './kit.ts'
export type { ISRSvelteKitOptions } from './options.ts'
export { cached, revalidateCached, revalidatePath, revalidateTag } from './registry.ts'
