// The virtual module Astro loads as the cache provider: one per Vite environment, importing runtimeOptions.
import { describe, expect, it } from 'vitest'
import { PROVIDER_ENTRY, providerPlugin } from '../src/vite.ts'

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
