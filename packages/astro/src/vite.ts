// The Vite plugins of the integration. The provider Astro loads is a virtual module of ours, generated per
// Vite environment, so that it knows whether it runs while prerendering (build time) and can import the
// user's `runtimeOptions` module. With @astrojs/node, the server entry is built around the adapter's own
// so that its standalone server starts with the Node fast path in front.
import { isAbsolute, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ViteUserConfig } from 'astro'
import { fastPathUnavailableError } from './errors.ts'

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

/** @astrojs/node's server entry, its adapter's `serverEntrypoint`: Astro builds it into `dist/server/entry.mjs`. */
export const NODE_SERVER_ENTRY = '@astrojs/node/server.js'
const STANDALONE = '\0@isrkit/astro:standalone'
/** What serveStandalone() relies on in @astrojs/node's entry (its dist/server.d.ts). */
const ENTRY_EXPORTS = ['handler', 'options', 'startServer']

interface BuildContext {
  resolve(
    id: string,
    importer?: string,
    options?: { isEntry?: boolean; skipSelf?: boolean },
  ): Promise<{ id: string; external?: boolean | string } | null>
  load(options: { id: string }): Promise<{ code: string | null; exports?: string[] }>
}

/**
 * Builds `dist/server/entry.mjs` around @astrojs/node's server entry so that its standalone server starts
 * with the Node fast path in front (serveStandalone, standalone.ts). Only when the entry is as this expects:
 * it exports `handler`, `options` and `startServer`, and its own start obeys `ASTRO_NODE_AUTOSTART`.
 * Otherwise the entry is built as it is, and the build says why (`warn`).
 */
export function standalonePlugin(namespace: string, warn: (message: string) => void): VitePlugin {
  let problem: string | undefined = `the build had no \`${NODE_SERVER_ENTRY}\` entry`
  return {
    name: '@isrkit/astro:standalone',
    enforce: 'pre',
    resolveId(id: string, _importer: string | undefined, options?: { isEntry?: boolean }) {
      if (id === STANDALONE || (id === NODE_SERVER_ENTRY && options?.isEntry)) return STANDALONE
      return undefined
    },
    async load(this: BuildContext, id: string) {
      if (id !== STANDALONE) return undefined
      problem = await entryProblem(this)
      const entry = JSON.stringify(NODE_SERVER_ENTRY)
      // The entry as @astrojs/node made it, behind a re-export.
      if (problem !== undefined) return `export * from ${entry}`
      // A dynamic import, so that the entry is evaluated only once its start is turned off: static imports
      // would be hoisted above that, and Rolldown does not keep the order of side effects across chunks.
      return [
        "import { serveStandalone } from '@isrkit/astro/standalone'",
        `const entry = await serveStandalone(() => import(${entry}), { namespace: ${JSON.stringify(namespace)} })`,
        `export const { ${ENTRY_EXPORTS.join(', ')} } = entry`,
      ].join('\n')
    },
    buildEnd(this: { environment?: { name?: string } }, error?: Error) {
      // The server environment is the one that builds the adapter's entry; a failed build has said enough.
      if (this.environment?.name !== 'ssr' || problem === undefined || error) return
      warn(fastPathUnavailableError(problem).message)
    },
  }
}

/** Why @astrojs/node's entry is not as serveStandalone() needs it, read from the module as Rolldown parsed it. */
async function entryProblem(context: BuildContext): Promise<string | undefined> {
  const resolved = await context.resolve(NODE_SERVER_ENTRY, undefined, { skipSelf: true })
  if (!resolved) return `\`${NODE_SERVER_ENTRY}\` cannot be resolved`
  if (resolved.external) return `\`${NODE_SERVER_ENTRY}\` is external to the build`
  const entry = await context.load({ id: resolved.id })
  const missing = ENTRY_EXPORTS.filter((name) => !entry.exports?.includes(name))
  if (missing.length > 0) return `its server entry does not export ${missing.map((name) => `\`${name}\``).join(', ')}`
  if (!entry.code?.includes('ASTRO_NODE_AUTOSTART')) return 'its server entry does not read ASTRO_NODE_AUTOSTART'
  return undefined
}
