// @isrkit/core — Incremental Static Regeneration on your own servers. See README.md.
export { type SignControlRequestInput, type SignedHeaders, signControlRequest } from './auth.ts'
export { type CacheHeaderOptions, cacheHeaders } from './cache-headers.ts'
export { BYPASS_PARAM, DEFAULT_IGNORED_COOKIES, TRACKING_PARAMS } from './defaults.ts'
export { createISR } from './isr.ts'
export { validateOptions } from './options.ts'
export { BYPASS_HEADER } from './request.ts'
export type * from './types.ts'
