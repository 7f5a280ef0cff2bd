// The process environment where the runtime has one (Node, Deno, Bun); edge runtimes may have no `process`.
import { type StorageDriverConfig, WEBHOOK_VENDORS, type WebhooksOptions } from './types.ts'

export function runtimeEnv(): Record<string, string | undefined> {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {}
}

/** An operator's switch: `ISRKIT_DISABLED=1` renders every request, without a rebuild. */
export function disabledByEnvironment(env = runtimeEnv()): boolean {
  return env.ISRKIT_DISABLED === '1'
}

/** Any text (a commit, a framework's version) as a build id: the characters keys hold, at most 64. */
export function buildIdOf(text: string | undefined): string | undefined {
  const id = text
    ?.trim()
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, 64)
  return id || undefined
}

/** A new id for each build of an app that names none: entries of an earlier deploy link assets that may be gone. */
export function freshBuildId(now = Date.now()): string {
  return `${now.toString(36)}${Math.random().toString(36).slice(2, 8)}`
}

/** Where platforms name the commit being run; the first one set wins. */
const BUILD_ID_VARIABLES = [
  'ISR_BUILD_ID',
  'VERCEL_GIT_COMMIT_SHA',
  'COMMIT_REF', // Netlify
  'CF_PAGES_COMMIT_SHA',
  'RENDER_GIT_COMMIT',
  'RAILWAY_GIT_COMMIT_SHA',
  'SOURCE_VERSION', // Heroku
  'K_REVISION', // Cloud Run
  'GIT_COMMIT',
]

/** `buildId: 'auto'`: the first platform variable set, made a valid build id; undefined when none is. */
export function platformBuildId(env = runtimeEnv()): string | undefined {
  for (const name of BUILD_ID_VARIABLES) {
    const id = buildIdOf(env[name])
    if (id) return id
  }
  return undefined
}

/**
 * The `webhooks` option from the environment: `ISR_HOOK_<VENDOR>_SECRET` turns a vendor's receiver on
 * (`ISR_HOOK_SANITY_SECRET`, `ISR_HOOK_STANDARD_SECRET`, …), `ISR_HOOK_<VENDOR>_SETTLE` sets its settle
 * window in seconds. Vendors without a secret are left out; undefined when none has one.
 */
export function webhooksFromEnv(env = runtimeEnv()): WebhooksOptions | undefined {
  const webhooks: WebhooksOptions = {}
  for (const vendor of WEBHOOK_VENDORS) {
    const secret = env[`ISR_HOOK_${vendor.toUpperCase()}_SECRET`]
    if (!secret) continue
    const settle = env[`ISR_HOOK_${vendor.toUpperCase()}_SETTLE`]
    webhooks[vendor] = { secret, ...(settle ? { settle: Number(settle) } : {}) }
  }
  return Object.keys(webhooks).length > 0 ? webhooks : undefined
}

/**
 * The `storage` option for Redis from the environment, the playgrounds' convention: `ISR_REDIS_URL` (one Redis),
 * `ISR_REDIS_CLUSTER=host:port,…` (Redis Cluster), or `ISR_REDIS_SENTINELS=host:port,…` with `ISR_REDIS_NAME`
 * (Sentinel). Undefined when none is set.
 */
export function redisFromEnv(env = runtimeEnv()): StorageDriverConfig | undefined {
  if (env.ISR_REDIS_CLUSTER) return { driver: 'redis', cluster: hostPorts(env.ISR_REDIS_CLUSTER) }
  if (env.ISR_REDIS_SENTINELS) {
    return { driver: 'redis', sentinels: hostPorts(env.ISR_REDIS_SENTINELS), name: env.ISR_REDIS_NAME }
  }
  return env.ISR_REDIS_URL ? { driver: 'redis', url: env.ISR_REDIS_URL } : undefined
}

/** `host:port,host:port` as ioredis takes nodes. */
function hostPorts(list: string): { host: string; port: number }[] {
  return list.split(',').map((pair) => {
    const at = pair.lastIndexOf(':')
    return { host: pair.slice(0, at).trim(), port: Number(pair.slice(at + 1)) }
  })
}
