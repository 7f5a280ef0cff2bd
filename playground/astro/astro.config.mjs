import node from '@astrojs/node'
import preact from '@astrojs/preact'
import isr from '@isrkit/astro'
import { defineConfig } from 'astro/config'

export default defineConfig({
  output: 'server',
  // Standalone by default; ASTRO_NODE_MODE=middleware builds a handler for a server of your own (see middleware.mjs).
  adapter: node({ mode: process.env.ASTRO_NODE_MODE === 'middleware' ? 'middleware' : 'standalone' }),
  integrations: [
    preact(),
    isr({
      routes: {
        // The index is cached by a route rule; post pages say so themselves with Astro.cache.set().
        '/': { revalidate: Number(process.env.ISR_INDEX_REVALIDATE || 30), tags: ['posts'] },
        // A route cached by its rule alone (it never calls Astro.cache).
        '/rules/[...path]': { revalidate: 60, tags: ['rules'] },
        '/admin': false,
      },
      // Storage and the secret are read when the server starts, not frozen into the build.
      runtimeOptions: './src/isr.runtime.mjs',
      // `node dist/server/entry.mjs` answers fresh hits before Astro runs; ISR_FAST_PATH=off builds it without.
      fastPath: process.env.ISR_FAST_PATH !== 'off',
    }),
  ],
})
