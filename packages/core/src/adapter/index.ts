// @isrkit/core/adapter — what only framework adapters use: the markers a render carries to core, watching
// what a render reads of the visitor's request, reading the state of an answer, and the helpers every
// adapter needs (the operator's switch, the server's own origin, build ids, errors, shutdown, the registry
// a Node fast path finds instances in). Users import the main entry; nothing here is theirs to call.
// Web-standard, like the main entry.
export { type CacheHeadersProblem, cacheHeadersProblem } from '../cache-headers.ts'
export { type Credential, findCredential, optionPath } from '../credentials.ts'
export { DEFAULT_ENDPOINT, DEFAULT_NAMESPACE } from '../defaults.ts'
export { type DevExplanation, EXPLAIN_HEADER } from '../dev-explain.ts'
export { buildIdOf, disabledByEnvironment, freshBuildId, runtimeEnv } from '../env.ts'
export { adapterError } from '../errors.ts'
export { READ_HEADER, UNCACHEABLE_HEADER } from '../policy.ts'
export { observeReads, type RequestReads, readsFrom } from '../reads.ts'
export { toOrigin } from '../regenerate.ts'
export { findUnserializable, type Unserializable } from '../serializable.ts'
export { REVALIDATE_MODES } from '../types.ts'
export { alternatives } from '../validate.ts'
export { cachedFor } from './cached.ts'
export { httpOrigin, originFor, type SocketLike, socketOrigin } from './origin.ts'
export { closeOnShutdown, type ShutdownOptions } from './process.ts'
export { type InstanceRegistry, instanceRegistry } from './registry.ts'
export { isRegeneration } from './request.ts'
export { cacheState, markRender, type RenderMarks } from './response.ts'
