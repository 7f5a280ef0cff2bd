// The integration: what `integrations: [isr({...})]` does to the Astro config.
import type { AstroIntegration } from 'astro'
import { describe, expect, it, vi } from 'vitest'
import isr, { type ISRAstroOptions } from '../src/index.ts'
import { assertSerializable, type ProviderConfig } from '../src/options.ts'
import { splitRoutes } from '../src/routes.ts'

type SetupOptions = Parameters<NonNullable<AstroIntegration['hooks']['astro:config:setup']>>[0]

interface Updated {
  cache: { provider: { name: string; entrypoint: string; config: ProviderConfig } }
  routeRules: Record<string, unknown>
  vite: { plugins: { name: string }[]; ssr: { external: string[] } }
}

interface Setup {
  command?: SetupOptions['command']
  output?: string
  /** `null`: no adapter in astro.config. */
  adapter?: object | null
}

function setup(options: ISRAstroOptions = {}, { command = 'build', output = 'server', adapter = {} }: Setup = {}) {
  const updates: Updated[] = []
  const routes: unknown[] = []
  const middlewares: unknown[] = []
  const toolbarApps: unknown[] = []
  const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn(), debug: vi.fn() }
  const hook = isr(options).hooks['astro:config:setup']!
  void hook({
    command,
    config: { root: new URL('file:///tmp/site/'), output, adapter: adapter ?? undefined },
    updateConfig: (update: unknown) => {
      updates.push(update as Updated)
      return {}
    },
    injectRoute: (route: unknown) => routes.push(route),
    addMiddleware: (middleware: unknown) => middlewares.push(middleware),
    addDevToolbarApp: (app: unknown) => toolbarApps.push(app),
    logger,
  } as unknown as SetupOptions)
  expect(updates).toHaveLength(1)
  return { update: updates[0]!, routes, logger, middlewares, toolbarApps }
}

const OPTIONS: ISRAstroOptions = {
  routes: {
    '/blog/[slug]': { revalidate: 300, expire: 3600, tags: ['blog'], vary: { cookies: ['lang'] } },
    '/docs/**': { revalidate: 60 },
    '/account/[...rest]': false,
  },
  bypass: { cookies: ['isr_draft'] },
  namespace: 'site',
  runtimeOptions: './src/isr.runtime.ts',
  invalidateMode: 'stale',
}

describe('isr()', () => {
  it('is an Astro integration named @isrkit/astro', () => {
    expect(isr().name).toBe('@isrkit/astro')
  })

  it('refuses a function at call time, before Astro starts', () => {
    expect(() => isr({ onEvent: () => {} } as unknown as ISRAstroOptions)).toThrow(
      /`onEvent` is a function.*runtimeOptions/s,
    )
  })

  it('refuses a secret at call time, naming it and pointing to runtimeOptions, never printing it', () => {
    const options = { secret: 'S3cret-Endpoint-Key-0042' } as unknown as ISRAstroOptions
    expect(() => isr(options)).toThrow(
      /^\[isrkit\] Option `secret` holds a credential.*build manifest.*runtimeOptions/s,
    )
    expect(() => isr(options)).not.toThrow('S3cret-Endpoint-Key-0042')
  })

  it('refuses an invalid option at call time', () => {
    expect(() => isr({ revalidate: -1 })).toThrow('`revalidate`')
    expect(() => isr({ invalidateMode: 'later' as 'stale' })).toThrow('`invalidateMode`')
  })
})

describe('astro:config:setup', () => {
  it('registers isrkit as the cache provider, through the virtual entry, with serializable config', () => {
    const { update } = setup(OPTIONS)
    const provider = update.cache.provider
    expect(provider.name).toBe('isrkit')
    expect(provider.entrypoint).toBe('virtual:@isrkit/astro/provider')
    expect(provider.config.core).toEqual({
      routes: splitRoutes(OPTIONS.routes).core,
      bypass: { cookies: ['isr_draft'] },
      namespace: 'site',
    })
    expect(provider.config.invalidateMode).toBe('stale')
    expect(provider.config.dev).toBe(false)
    expect(() => assertSerializable(provider.config, 'config')).not.toThrow()
    expect(JSON.parse(JSON.stringify(provider.config))).toEqual(provider.config)
  })

  it('hands Astro the route rules it can express, and core the rest', () => {
    const { update } = setup(OPTIONS)
    expect(update.routeRules).toEqual(splitRoutes(OPTIONS.routes).astro)
    expect(update.routeRules).toEqual({ '/blog/[slug]': { maxAge: 300, swr: 3300, tags: ['blog'] } })
    expect(update.cache.provider.config.core.routes).toEqual({
      '/blog/[slug]': { expire: 3600, vary: { cookies: ['lang'] } },
      '/docs/**': { revalidate: 60 },
      '/account/[...rest]': false,
    })
  })

  it('adds the provider plugin and keeps isrkit out of the server bundle', () => {
    const { update } = setup(OPTIONS)
    expect(update.vite.plugins.map((plugin) => plugin.name)).toEqual(['@isrkit/astro:provider'])
    expect(update.vite.ssr.external).toEqual(expect.arrayContaining(['@isrkit/astro', '@isrkit/core']))
  })

  it("builds @astrojs/node's server with the fast path in front, unless told not to", () => {
    const names = (update: Updated) => update.vite.plugins.map((plugin) => plugin.name)
    const node = { name: '@astrojs/node' }
    expect(names(setup({}, { adapter: node }).update)).toEqual(['@isrkit/astro:provider', '@isrkit/astro:standalone'])
    expect(names(setup({ fastPath: true }, { adapter: node }).update)).toContain('@isrkit/astro:standalone')
    expect(names(setup({ fastPath: false }, { adapter: node }).update)).toEqual(['@isrkit/astro:provider'])
    // `astro dev` builds no server entry; other adapters have their own.
    expect(names(setup({}, { adapter: node, command: 'dev' }).update)).toEqual(['@isrkit/astro:provider'])
    expect(names(setup({}, { adapter: { name: '@astrojs/vercel' } }).update)).toEqual(['@isrkit/astro:provider'])
  })

  it("says through Astro's logger when the fast path cannot be put in front of the server", () => {
    const { update, logger } = setup({}, { adapter: { name: '@astrojs/node' } })
    const plugin = update.vite.plugins[1] as unknown as { buildEnd(this: object): void }
    plugin.buildEnd.call({ environment: { name: 'ssr' } })
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('The Node fast path could not be put in front'))
  })

  it('injects the control endpoint route, rendered on demand', () => {
    expect(setup().routes).toEqual([
      { pattern: '/__isr/[...action]', entrypoint: '@isrkit/astro/endpoint', prerender: false },
    ])
    expect(setup({ endpoint: '/_cache' }).routes).toEqual([
      { pattern: '/_cache/[...action]', entrypoint: '@isrkit/astro/endpoint', prerender: false },
    ])
  })

  it('gives every build a build id of its own', () => {
    const first = setup({}, { command: 'build' }).update.cache.provider.config.buildId
    const second = setup({}, { command: 'build' }).update.cache.provider.config.buildId
    expect(first).toEqual(expect.any(String))
    expect(first).not.toBe('')
    expect(second).not.toBe(first)
  })

  it('uses the build id it is given, and none outside a build', () => {
    expect(setup({ buildId: 'v42' }, { command: 'build' }).update.cache.provider.config.buildId).toBe('v42')
    expect(setup({ buildId: false }, { command: 'build' }).update.cache.provider.config.buildId).toBe(false)
    expect(setup({}, { command: 'dev' }).update.cache.provider.config.buildId).toBe(false)
    // The given one is used whatever the command, and never leaks into core's own options.
    const dev = setup({ buildId: 'v42' }, { command: 'dev' }).update.cache.provider.config
    expect(dev.buildId).toBe('v42')
    expect(dev.core).not.toHaveProperty('buildId')
  })

  it('in dev, says ISR applies to builds, tells core to render everything, and adds the explaining parts', () => {
    const routes = { '/blog/[slug]': { revalidate: 60 } }
    const { update, logger, middlewares, toolbarApps } = setup({ routes }, { command: 'dev' })
    expect(update.cache.provider.config.dev).toBe(true)
    expect(logger.info).toHaveBeenCalledWith(expect.stringContaining('ISR applies to builds'))
    expect(logger.warn).not.toHaveBeenCalled()
    // Astro applies no rule and runs no cache in dev: core gets every rule, and a middleware records Astro.cache.set().
    expect(update.cache.provider.config.core.routes).toEqual(routes)
    expect(middlewares).toEqual([{ entrypoint: '@isrkit/astro/dev-middleware', order: 'pre' }])
    expect(toolbarApps).toEqual([expect.objectContaining({ id: 'isrkit', name: 'isrkit' })])
  })

  it('in a build, logs nothing for a server site, and adds no dev parts', () => {
    const { update, logger, middlewares, toolbarApps } = setup({}, { command: 'build' })
    expect([middlewares, toolbarApps]).toEqual([[], []])
    expect(update.cache.provider.config.dev).toBe(false)
    expect(logger.info).not.toHaveBeenCalled()
    expect(logger.warn).not.toHaveBeenCalled()
  })

  it('warns when nothing is rendered on demand', () => {
    const { logger } = setup({}, { output: 'static', adapter: null })
    expect(logger.warn).toHaveBeenCalledTimes(1)
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('output: "server"'))
    // A static site with an adapter can still render routes on demand.
    expect(setup({}, { output: 'static', adapter: {} }).logger.warn).not.toHaveBeenCalled()
  })
})
