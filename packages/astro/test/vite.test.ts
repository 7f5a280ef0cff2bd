// The virtual module Astro loads as the cache provider: one per Vite environment, importing runtimeOptions;
// and the server entry built around @astrojs/node's, starting its standalone server behind the fast path.
import { describe, expect, it, vi } from 'vitest'
import { NODE_SERVER_ENTRY, PROVIDER_ENTRY, providerPlugin, standalonePlugin } from '../src/vite.ts'

const ROOT = new URL('file:///srv/site/')
const RESOLVED = '\0virtual:@isrkit/astro/provider'

interface Hooks {
  name: string
  enforce?: string
  resolveId(id: string): string | undefined
  load(this: { environment?: { name?: string } }, id: string): string | undefined
}

function plugin(runtimeOptions?: string): Hooks {
  return providerPlugin(ROOT, runtimeOptions) as unknown as Hooks
}

/** The module's code as Vite's `environment` would load it. */
function load(hooks: Hooks, environment?: string): string {
  const code = hooks.load.call(environment === undefined ? {} : { environment: { name: environment } }, RESOLVED)
  expect(code).toEqual(expect.any(String))
  return code!
}

describe('providerPlugin', () => {
  it('is named, and runs before other resolvers', () => {
    const hooks = plugin()
    expect(hooks.name).toBe('@isrkit/astro:provider')
    expect(hooks.enforce).toBe('pre')
  })

  it('resolves the entry the integration names, and its resolved form, to the resolved form', () => {
    const hooks = plugin()
    expect(PROVIDER_ENTRY).toBe('virtual:@isrkit/astro/provider')
    expect(hooks.resolveId(PROVIDER_ENTRY)).toBe(RESOLVED)
    expect(hooks.resolveId(RESOLVED)).toBe(RESOLVED)
  })

  it('leaves every other id to others', () => {
    const hooks = plugin()
    for (const id of [
      '@isrkit/astro/provider',
      'virtual:astro:cache-provider',
      'virtual:@isrkit/astro',
      '/src/page.ts',
    ]) {
      expect(hooks.resolveId(id)).toBeUndefined()
    }
    expect(hooks.load.call({ environment: { name: 'ssr' } }, PROVIDER_ENTRY)).toBeUndefined()
    expect(hooks.load.call({ environment: { name: 'ssr' } }, '/src/page.ts')).toBeUndefined()
  })

  it('loads a module that creates the provider from its config and the environment it runs in', () => {
    const code = load(plugin(), 'prerender')
    expect(code).toContain("import { createProvider } from '@isrkit/astro/provider'")
    expect(code).toContain('export default (config) => createProvider(config, { environment: "prerender", options })')
    expect(load(plugin(), 'ssr')).toContain('environment: "ssr"')
  })

  it("says 'ssr' when Vite names no environment", () => {
    expect(load(plugin())).toContain('environment: "ssr"')
  })

  it('passes undefined options without a runtimeOptions module', () => {
    const code = load(plugin(), 'ssr')
    expect(code).toContain('const options = undefined')
    expect(code.match(/^import /gm)).toHaveLength(1)
  })

  it('imports the runtimeOptions module by its absolute path, resolved against the project root', () => {
    expect(load(plugin('./src/isr.runtime.ts'), 'ssr')).toContain('import options from "/srv/site/src/isr.runtime.ts"')
    expect(load(plugin('src/isr.runtime.ts'), 'ssr')).toContain('import options from "/srv/site/src/isr.runtime.ts"')
    expect(load(plugin('../shared/isr.ts'), 'ssr')).toContain('import options from "/srv/shared/isr.ts"')
  })

  it('keeps an absolute runtimeOptions path as it is', () => {
    const code = load(plugin('/etc/isr/runtime.mjs'), 'ssr')
    expect(code).toContain('import options from "/etc/isr/runtime.mjs"')
    expect(code).not.toContain('const options')
  })

  it('quotes the path safely', () => {
    const code = load(plugin('./src/it\'s "isr".ts'), 'ssr')
    expect(code).toContain('import options from "/srv/site/src/it\'s \\"isr\\".ts"')
  })

  it('does not load the runtime options while prerendering, where nothing is cached', () => {
    const code = load(plugin('./src/isr.runtime.ts'), 'prerender')
    expect(code).not.toContain('isr.runtime.ts')
    expect(code).toContain('const options = undefined')
    expect(load(plugin('./src/isr.runtime.ts'), 'ssr')).toContain('import options from "/srv/site/src/isr.runtime.ts"')
  })
})

interface StandaloneHooks {
  name: string
  enforce?: string
  resolveId(id: string, importer: string | undefined, options?: { isEntry?: boolean }): string | undefined
  load(this: BuildContext, id: string): Promise<string | undefined>
  buildEnd(this: { environment?: { name?: string } }, error?: Error): void
}

interface BuildContext {
  resolve(id: string, importer?: string, options?: object): Promise<{ id: string; external?: boolean } | null>
  load(options: { id: string }): Promise<{ code: string | null; exports?: string[] }>
}

const STANDALONE = '\0@isrkit/astro:standalone'
/** @astrojs/node's dist/server.js as Rolldown parses it (11.x). */
const NODE_ENTRY_CODE = [
  'const handler = createStandaloneHandler(app, options, headersMap);',
  'const startServer = () => _startServer(app, options, headersMap);',
  'if (options.mode === "standalone" && process.env.ASTRO_NODE_AUTOSTART !== "disabled") startServer();',
  'export { handler, options, startServer };',
].join('\n')

function standalone(namespace = 'isr') {
  const warn = vi.fn()
  return { hooks: standalonePlugin(namespace, warn) as unknown as StandaloneHooks, warn }
}

/** Rolldown's plugin context, finding @astrojs/node's entry as given. */
function building(
  found: { code: string | null; exports?: string[] } | null = {
    code: NODE_ENTRY_CODE,
    exports: ['handler', 'options', 'startServer'],
  },
  external = false,
): BuildContext & { resolved: unknown[] } {
  const resolved: unknown[] = []
  return {
    resolved,
    async resolve(id, importer, options) {
      resolved.push([id, importer, options])
      return found === null ? null : { id: '/site/node_modules/@astrojs/node/dist/server.js', external }
    },
    async load() {
      return found ?? { code: null }
    },
  }
}

describe('standalonePlugin', () => {
  it('is named, and runs before other resolvers', () => {
    const { hooks } = standalone()
    expect(hooks.name).toBe('@isrkit/astro:standalone')
    expect(hooks.enforce).toBe('pre')
  })

  it("takes the place of @astrojs/node's server entry as an entry only, so that it can import the real one", () => {
    const { hooks } = standalone()
    expect(NODE_SERVER_ENTRY).toBe('@astrojs/node/server.js')
    expect(hooks.resolveId(NODE_SERVER_ENTRY, undefined, { isEntry: true })).toBe(STANDALONE)
    expect(hooks.resolveId(STANDALONE, undefined, {})).toBe(STANDALONE)
    expect(hooks.resolveId(NODE_SERVER_ENTRY, STANDALONE, { isEntry: false })).toBeUndefined()
    expect(hooks.resolveId(NODE_SERVER_ENTRY, '/src/pages/index.astro')).toBeUndefined()
    expect(hooks.resolveId('@astrojs/node', undefined, { isEntry: true })).toBeUndefined()
    expect(hooks.resolveId('astro/entrypoints/prerender', undefined, { isEntry: true })).toBeUndefined()
  })

  it("builds an entry that starts @astrojs/node's server through serveStandalone and re-exports its exports", async () => {
    const { hooks, warn } = standalone('site')
    const context = building()
    const code = await hooks.load.call(context, STANDALONE)
    expect(code).toBe(
      [
        "import { serveStandalone } from '@isrkit/astro/standalone'",
        'const entry = await serveStandalone(() => import("@astrojs/node/server.js"), { namespace: "site" })',
        'export const { handler, options, startServer } = entry',
      ].join('\n'),
    )
    // Resolved past this plugin, or it would find itself.
    expect(context.resolved).toEqual([[NODE_SERVER_ENTRY, undefined, { skipSelf: true }]])
    hooks.buildEnd.call({ environment: { name: 'ssr' } })
    expect(warn).not.toHaveBeenCalled()
  })

  it('loads nothing else', async () => {
    const { hooks } = standalone()
    expect(await hooks.load.call(building(), NODE_SERVER_ENTRY)).toBeUndefined()
    expect(await hooks.load.call(building(), '/src/page.ts')).toBeUndefined()
  })

  const unlike: [string, ReturnType<typeof building>, RegExp][] = [
    [
      'exports no startServer',
      building({ code: NODE_ENTRY_CODE, exports: ['handler', 'options'] }),
      /does not export `startServer`/,
    ],
    [
      'exports nothing known',
      building({ code: NODE_ENTRY_CODE, exports: [] }),
      /does not export `handler`, `options`, `startServer`/,
    ],
    [
      'starts its server whatever ASTRO_NODE_AUTOSTART says',
      building({
        code: 'startServer(); export { handler, options, startServer };',
        exports: ['handler', 'options', 'startServer'],
      }),
      /does not read ASTRO_NODE_AUTOSTART/,
    ],
    ['is external', building(undefined, true), /is external to the build/],
    ['cannot be resolved', building(null), /cannot be resolved/],
  ]

  it.each(unlike)(
    'builds the entry as @astrojs/node made it, and says why, when it %s',
    async (_what, context, why) => {
      const { hooks, warn } = standalone()
      expect(await hooks.load.call(context, STANDALONE)).toBe('export * from "@astrojs/node/server.js"')
      hooks.buildEnd.call({ environment: { name: 'prerender' } })
      expect(warn).not.toHaveBeenCalled()
      hooks.buildEnd.call({ environment: { name: 'ssr' } })
      expect(warn).toHaveBeenCalledTimes(1)
      expect(warn.mock.calls[0]![0]).toMatch(
        /^\[isrkit\] The Node fast path could not be put in front of @astrojs\/node/,
      )
      expect(warn.mock.calls[0]![0]).toMatch(why)
    },
  )

  it('says so when the server build had no @astrojs/node entry', () => {
    const { hooks, warn } = standalone()
    hooks.buildEnd.call({ environment: { name: 'ssr' } })
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('the build had no `@astrojs/node/server.js` entry'))
  })

  it('adds nothing to a build that failed', () => {
    const { hooks, warn } = standalone()
    hooks.buildEnd.call({ environment: { name: 'ssr' } }, new Error('a page failed to compile'))
    expect(warn).not.toHaveBeenCalled()
  })
})
