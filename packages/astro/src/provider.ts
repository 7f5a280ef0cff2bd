// The cache provider Astro loads from the manifest (see vite.ts for how it is reached): isrkit behind
// `Astro.cache`, `routeRules` and `Astro.cache.invalidate()`.
import { createISR, type ISR, type ISROptions } from '@isrkit/core'
import { closeOnShutdown, DEFAULT_NAMESPACE, disabledByEnvironment } from '@isrkit/core/adapter'
import type { CacheProvider, InvalidateOptions } from 'astro'
import { runtimeModuleError } from './errors.ts'
import { handleInAstro } from './handle.ts'
import type { ProviderConfig, RuntimeOptions } from './options.ts'
import { register, unregister } from './registry.ts'

export interface ProviderRuntime {
  /** The Vite environment the provider was bundled for: `prerender` during `astro build`, `ssr` at runtime. */
  environment?: string
  /** The default export of the `runtimeOptions` module, if any. */
  options?: unknown
}

export function createProvider(config: ProviderConfig | undefined, runtime: ProviderRuntime = {}): CacheProvider {
  if (!config) throw runtimeModuleError('was loaded without its config: add isr() to `integrations` in astro.config')
  const extra = runtimeOptions(runtime.options)
  let isr: ISR | undefined
  const namespace = config.core.namespace ?? DEFAULT_NAMESPACE
  const instance = () => {
    if (!isr) {
      const options: ISROptions = { ...config.core, ...extra, dev: config.dev, buildId: config.buildId }
      isr = register(namespace, createISR(options))
    }
    return isr
  }
  // @astrojs/node's standalone server has no shutdown of its own (closeOnShutdown then exits).
  if (runtime.environment !== 'prerender') {
    closeOnShutdown(async () => {
      if (!isr) return
      unregister(namespace, isr)
      await isr.close()
    })
  }
  return {
    name: 'isrkit',
    async onRequest(context, next) {
      // Prerendering runs this too, at build time: those pages become files and are never cached here.
      if (runtime.environment === 'prerender' || disabledByEnvironment()) return next()
      return handleInAstro(instance(), context, () => next())
    },
    async invalidate(options: InvalidateOptions) {
      if (runtime.environment === 'prerender') return
      const mode = config.invalidateMode
      const tags = options.tags === undefined ? [] : Array.isArray(options.tags) ? options.tags : [options.tags]
      await Promise.all([
        options.path === undefined ? undefined : instance().revalidatePath(options.path, { mode }),
        tags.length === 0 ? undefined : instance().revalidateTag(tags, { mode }),
      ])
    },
  }
}

function runtimeOptions(value: unknown): RuntimeOptions {
  if (value === undefined || value === null) return {}
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw runtimeModuleError(
      `must default-export an object of options, not ${Array.isArray(value) ? 'an array' : `a ${typeof value}`}`,
    )
  }
  if ('routes' in value) throw runtimeModuleError('sets `routes`: route rules are read at build time, in astro.config')
  return value as RuntimeOptions
}
