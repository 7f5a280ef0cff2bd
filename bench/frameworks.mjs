// Hits through each adapter on its built playground, against the same server rendering every request
// (ISRKIT_DISABLED=1), in one run.
import { fileURLToPath } from 'node:url'
import { expectState, load, startServer } from './lib.mjs'

const PAGE = '/posts/hello-isr'
const dir = (name) => fileURLToPath(new URL(`../playground/${name}/`, import.meta.url))
const ssr = (state) => state === null
const hit = (state) => state === 'HIT'

const SCENARIOS = [
  ['Astro SSR, caching off', 'astro', ['dist/server/entry.mjs'], { ISRKIT_DISABLED: '1' }, ssr],
  ['Astro HIT, provider path', 'astro', ['dist/server/entry.mjs'], {}, hit],
  ['Astro HIT, Node fast path', 'astro', ['server.mjs'], {}, (_state, status) => status.includes('fast-path')],
  ['SvelteKit SSR, caching off', 'sveltekit', ['build'], { ISRKIT_DISABLED: '1' }, ssr],
  ['SvelteKit HIT, handle hook', 'sveltekit', ['build'], {}, hit],
]

export async function benchFrameworks(options) {
  const rows = {}
  for (const [name, playground, args, env, check] of SCENARIOS) {
    const server = await startServer(dir(playground), args, env)
    try {
      await expectState(server, PAGE, check)
      rows[name] = { ...(await load(server, PAGE, options)), playground }
    } finally {
      await server.stop()
    }
  }
  return rows
}
