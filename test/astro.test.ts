// @isrkit/astro on the built Astro playground (`astro build` + @astrojs/node standalone), over real HTTP.
import { fileURLToPath } from 'node:url'
import { startApp } from './support/app.ts'
import { describeSite } from './support/site-suite.ts'

const playground = fileURLToPath(new URL('../playground/astro/', import.meta.url))

/**
 * @astrojs/node's standalone server as @astrojs/node starts it, without the fast path the built entry puts in
 * front: every answer, hits included, comes through Astro's pipeline and the provider.
 */
const PROVIDER_ONLY = [
  "process.env.ASTRO_NODE_AUTOSTART = 'disabled'",
  "const { startServer } = await import('./dist/server/entry.mjs')",
  'startServer()',
].join('\n')

describeSite({
  name: 'Astro (@astrojs/node standalone, the fast path built in)',
  start: (env) => startApp(playground, ['dist/server/entry.mjs'], env),
  observesCookies: true,
})

describeSite({
  name: 'Astro (provider path)',
  start: (env) => startApp(playground, ['--input-type=module', '--eval', PROVIDER_ONLY], env),
  observesCookies: true,
})

describeSite({
  name: 'Astro (Node fast path)',
  start: (env) => startApp(playground, ['server.mjs'], env),
  observesCookies: true,
})
