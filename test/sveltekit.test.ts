// @isrkit/sveltekit on the built SvelteKit playgrounds (`vite build` + adapter-node), over real HTTP: one site,
// built with SvelteKit 3 (Vite 8) and with SvelteKit 2 (Vite 7).
import { fileURLToPath } from 'node:url'
import { startApp } from './support/app.ts'
import { describeSite } from './support/site-suite.ts'

for (const [name, dir] of [
  ['SvelteKit 3 (adapter-node 6, Vite 8)', 'sveltekit'],
  ['SvelteKit 2 (adapter-node 5, Vite 7)', 'sveltekit2'],
] as const) {
  const playground = fileURLToPath(new URL(`../playground/${dir}/`, import.meta.url))
  describeSite({
    name,
    start: (env) => startApp(playground, ['build'], env),
    observesCookies: true,
    selfOrigin: (url) => url.replace(/^http:/, 'https:'),
  })
}
