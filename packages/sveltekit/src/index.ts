// @isrkit/sveltekit — `export const handle = isr({...})` in src/hooks.server. See README.md.
export type { RevalidateMode, RevalidateOptions, RevalidateResult, RouteRules } from '@isrkit/core'
export { type CacheOptions, cache } from './cache.ts'
export { type ISRHandle, isr } from './hook.ts'
export type { KitEvent, KitHandle } from './kit.ts'
export type { ISRSvelteKitOptions } from './options.ts'
export { revalidatePath, revalidateTag } from './registry.ts'
