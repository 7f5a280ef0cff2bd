// @isrkit/astro on the built Astro playground (`astro build` + @astrojs/node standalone), over real HTTP.
import { fileURLToPath } from 'node:url'
import { startApp } from './support/app.ts'
import { describeSite } from './support/site-suite.ts'

const playground = fileURLToPath(new URL('../playground/astro/', import.meta.url))

describeSite({
  name: 'Astro (provider path)',
  start: (env) => startApp(playground, ['dist/server/entry.mjs'], env),
  observesCookies: true,
})

describeSite({
  name: 'Astro (Node fast path)',
  start: (env) => startApp(playground, ['server.mjs'], env),
  observesCookies: true,
})
