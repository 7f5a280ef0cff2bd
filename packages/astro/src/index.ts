// @isrkit/astro — `integrations: [isr({...})]` makes isrkit Astro's route-cache provider. See README.md.
import type { RouteRules } from '@isrkit/core'
import { DEFAULT_ENDPOINT, DEFAULT_NAMESPACE, freshBuildId } from '@isrkit/core/adapter'
import type { AstroIntegration } from 'astro'
import { checkOptions, type ISRAstroOptions, providerConfig } from './options.ts'
import { splitRoutes } from './routes.ts'
import { PROVIDER_ENTRY, providerPlugin, standalonePlugin } from './vite.ts'

export { type CachedFunction, type CachedOptions, redisFromEnv, webhooksFromEnv } from '@isrkit/core'
export type { ISRAstroOptions } from './options.ts'
export { cached } from './registry.ts'

/** The toolbar's icon: a page and the arrows of its renewal. */
const ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.5"><path d="M6 3h8l4 4v6"/><path d="M6 3v18h6"/><path d="M15 17a3 3 0 1 0 3-3h-2m0 0 1.5-1.5M16 14l1.5 1.5"/></svg>'

export default function isr(options: ISRAstroOptions = {}): AstroIntegration {
  checkOptions(options)
  return {
    name: '@isrkit/astro',
    hooks: {
      'astro:config:setup': ({
        command,
        config,
        updateConfig,
        injectRoute,
        logger,
        addDevToolbarApp,
        addMiddleware,
      }) => {
        const dev = command === 'dev'
        if (dev) logger.info('ISR applies to builds: in `astro dev` every page is rendered fresh.')
        // What production would do with the page in view: its rule, cached or why not (x-isr-explain). Astro
        // runs no cache in dev, so what pages ask of Astro.cache is recorded by a middleware of our own.
        if (dev) addMiddleware({ entrypoint: '@isrkit/astro/dev-middleware', order: 'pre' })
        if (dev)
          addDevToolbarApp({
            id: 'isrkit',
            name: 'isrkit',
            icon: ICON,
            entrypoint: new URL('./toolbar.js', import.meta.url),
          })
        if (config.output !== 'server' && !config.adapter) {
          logger.warn('ISR needs on-demand rendering: set `output: "server"` and an adapter such as @astrojs/node.')
        }
        const { astro, core } = splitRoutes(options.routes)
        const plugins = [providerPlugin(config.root, options.runtimeOptions)]
        // Only builds have a server entry; @astrojs/node decides at start whether it is standalone.
        if (command === 'build' && options.fastPath !== false && config.adapter?.name === '@astrojs/node') {
          plugins.push(standalonePlugin(options.namespace ?? DEFAULT_NAMESPACE, (message) => logger.warn(message)))
        }
        updateConfig({
          cache: {
            provider: {
              name: 'isrkit',
              entrypoint: PROVIDER_ENTRY,
              config: providerConfig(options, {
                buildId: buildIdFor(options, command),
                dev,
                // In dev Astro applies no route rule: core knows them all, for its explanation.
                routes: (dev ? options.routes : core) as RouteRules,
                site: config.site,
              }),
            },
          },
          routeRules: astro,
          vite: {
            plugins,
            // Loaded from node_modules at runtime, so the Node fast path and the provider share one core.
            ssr: { external: ['@isrkit/astro', '@isrkit/core'] },
          },
        })
        injectRoute({
          pattern: `${options.endpoint ?? DEFAULT_ENDPOINT}/[...action]`,
          entrypoint: '@isrkit/astro/endpoint',
          prerender: false,
        })
      },
    },
  }
}

/** `'auto'`: a fresh id per `astro build`. */
function buildIdFor(options: ISRAstroOptions, command: string): string | false {
  if (options.buildId !== undefined && options.buildId !== 'auto') return options.buildId
  return command === 'build' ? freshBuildId() : false
}
