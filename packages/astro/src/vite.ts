// The provider Astro loads is a virtual module of ours, generated per Vite environment, so that it knows
// whether it runs while prerendering (build time) and can import the user's `runtimeOptions` module.
import { isAbsolute, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ViteUserConfig } from 'astro'

export const PROVIDER_ENTRY = 'virtual:@isrkit/astro/provider'
const RESOLVED = `\0${PROVIDER_ENTRY}`

type VitePlugin = NonNullable<ViteUserConfig['plugins']>[number]

export function providerPlugin(root: URL, runtimeOptions: string | undefined): VitePlugin {
  const runtimePath = runtimeOptions === undefined ? undefined : absolute(root, runtimeOptions)
  return {
    name: '@isrkit/astro:provider',
    enforce: 'pre',
    resolveId(id: string) {
      // Astro imports the id it resolved, so the resolved form comes back here too.
      return id === PROVIDER_ENTRY || id === RESOLVED ? RESOLVED : undefined
    },
    load(this: { environment?: { name?: string } }, id: string) {
      if (id !== RESOLVED) return undefined
      const name = this.environment?.name ?? 'ssr'
      const environment = JSON.stringify(name)
      // Prerendering caches nothing, so the runtime module (a Redis client, say) is not even loaded for it.
      const runtime =
        runtimePath && name !== 'prerender'
          ? `import options from ${JSON.stringify(runtimePath)}`
          : 'const options = undefined'
      return [
        "import { createProvider } from '@isrkit/astro/provider'",
        runtime,
        `export default (config) => createProvider(config, { environment: ${environment}, options })`,
      ].join('\n')
    },
  }
}

function absolute(root: URL, path: string): string {
  return isAbsolute(path) ? path : resolve(fileURLToPath(root), path)
}
