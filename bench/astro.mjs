// Astro: a HIT through the built playground's provider path and through the Node fast path, against the
// same server rendering every request (ISRKIT_DISABLED=1), in one run.
import { fileURLToPath } from 'node:url'
import { expectState, load, startServer } from './lib.mjs'

const playground = fileURLToPath(new URL('../playground/astro/', import.meta.url))
const PAGE = '/posts/hello-isr'

export async function benchAstro(options) {
  const rows = {}
  const scenarios = [
    ['Astro SSR, caching off', ['dist/server/entry.mjs'], { ISRKIT_DISABLED: '1' }, (state) => state === null],
    ['Astro HIT, provider path', ['dist/server/entry.mjs'], {}, (state) => state === 'HIT'],
    ['Astro HIT, Node fast path', ['server.mjs'], {}, (_state, status) => status.includes('fast-path')],
  ]
  for (const [name, args, env, check] of scenarios) {
    const server = await startServer(playground, args, env)
    try {
      await expectState(server, PAGE, check)
      rows[name] = await load(server, PAGE, options)
    } finally {
      await server.stop()
    }
  }
  return rows
}
