// Hits through each adapter against its group's baseline (the same server rendering every request with
// ISRKIT_DISABLED=1, or raw node:http sending the same bytes), in one run.
import { fileURLToPath } from 'node:url'
import { expectState, load, startServer } from './lib.mjs'

const playground = (name) => fileURLToPath(new URL(`../playground/${name}/`, import.meta.url))
const servers = fileURLToPath(new URL('./servers/', import.meta.url))
// Built by peers/build.mjs (scripts/run.sh bench runs it).
const peer = (name) => fileURLToPath(new URL(`./peers/${name}/`, import.meta.url))
// The playgrounds' long post, each playground's own page.
const POST = '/posts/a-long-read'
const OFF = { ISRKIT_DISABLED: '1' }
const rendered = (state) => state === null
const hit = (state) => state === 'HIT'
const header = (name, value) => (_state, _status, headers) => headers.get(name) === value
// Nitro sends no cache header: its route counts its renders in x-render-count, which a cached answer replays, so
// two answers in a row with the same count prove the second a hit. Made anew for each server (`newCheck`).
const sameRender = () => {
  let previous = null
  return (_state, _status, headers) => {
    const count = headers.get('x-render-count')
    const same = count !== null && count === previous
    previous = count
    return same
  }
}

const SCENARIOS = [
  {
    group: 'node',
    name: 'raw node:http, same bytes',
    cwd: servers,
    args: ['raw.mjs'],
    path: '/page',
    check: rendered,
    baseline: true,
  },
  {
    group: 'node',
    name: 'core handle() HIT, srvx, memory tier',
    cwd: servers,
    args: ['core.mjs'],
    path: '/page',
    check: hit,
  },
  {
    group: 'node',
    name: 'core handle() HIT, Redis + memory tier',
    cwd: servers,
    args: ['core.mjs'],
    env: ({ redisUrl }) => ({ BENCH_STORAGE: 'redis', BENCH_REDIS_URL: redisUrl }),
    path: '/page',
    check: hit,
  },
  {
    group: 'node',
    name: 'core handle() HIT, Redis, memory tier off',
    cwd: servers,
    args: ['core.mjs'],
    env: ({ redisUrl }) => ({ BENCH_STORAGE: 'redis', BENCH_REDIS_URL: redisUrl, BENCH_MEMORY_TIER: '0' }),
    path: '/page',
    check: hit,
  },
  {
    group: 'node',
    name: 'core handle() HIT, fs, memory tier off',
    cwd: servers,
    args: ['core.mjs'],
    env: { BENCH_STORAGE: 'fs', BENCH_MEMORY_TIER: '0' },
    path: '/page',
    check: hit,
  },
  {
    group: 'node',
    name: 'createISRMiddleware HIT, node:http',
    cwd: servers,
    args: ['middleware.mjs'],
    path: '/page',
    check: hit,
  },
  // Peers, each caching the same page its own way. Next.js renders the page's markup into its own document and
  // sends its RSC payload inline too (about 90 KB in all); its route handler sends the very bytes of raw.mjs.
  {
    group: 'node',
    name: 'Nitro routeRules swr HIT',
    cwd: peer('nitro'),
    args: ['.output/server/index.mjs'],
    path: '/page',
    newCheck: sameRender,
  },
  {
    group: 'node',
    name: 'Astro memoryCache() HIT',
    cwd: peer('astro-memory'),
    args: ['dist/server/entry.mjs'],
    path: '/page',
    check: header('x-astro-cache', 'HIT'),
  },
  {
    group: 'node',
    name: 'Next.js 16 ISR HIT',
    cwd: peer('next'),
    args: ['start.mjs'],
    path: '/page',
    check: header('x-nextjs-cache', 'HIT'),
  },
  {
    group: 'node',
    name: 'Next.js 16 ISR HIT, route handler, same bytes',
    cwd: peer('next'),
    args: ['start.mjs'],
    path: '/bytes',
    check: header('x-nextjs-cache', 'HIT'),
  },
  {
    group: 'vite',
    name: 'Vite SSR (Express), caching off',
    cwd: playground('vite'),
    args: ['server.js'],
    env: OFF,
    check: rendered,
    baseline: true,
  },
  { group: 'vite', name: 'Vite SSR (Express) HIT', cwd: playground('vite'), args: ['server.js'], check: hit },
  {
    group: 'astro',
    name: 'Astro SSR, caching off',
    cwd: playground('astro'),
    args: ['dist/server/entry.mjs'],
    env: OFF,
    check: rendered,
    baseline: true,
  },
  {
    group: 'astro',
    name: 'Astro HIT, provider path',
    cwd: playground('astro'),
    args: ['dist/server/entry.mjs'],
    check: hit,
  },
  {
    group: 'astro',
    name: 'Astro HIT, Node fast path',
    cwd: playground('astro'),
    args: ['server.mjs'],
    check: (_s, status) => status.includes('fast-path'),
  },
  {
    group: 'sveltekit',
    name: 'SvelteKit SSR, caching off',
    cwd: playground('sveltekit'),
    args: ['build'],
    env: OFF,
    check: rendered,
    baseline: true,
  },
  { group: 'sveltekit', name: 'SvelteKit HIT, handle hook', cwd: playground('sveltekit'), args: ['build'], check: hit },
]

/**
 * Rows keyed by scenario name: req/s, p99, server CPU µs per request, and the ratio to the group's baseline.
 * `context.redisUrl` is the redis-server the storage scenarios use; `context.groups`, when given, limits the run.
 */
export async function benchFrameworks(options, context) {
  const rows = {}
  const baselines = {}
  for (const s of SCENARIOS.filter((s) => !context.groups || context.groups.includes(s.group))) {
    const env = typeof s.env === 'function' ? s.env(context) : (s.env ?? {})
    const server = await startServer(s.cwd, s.args, env)
    try {
      const path = s.path ?? POST
      await expectState(server, path, s.newCheck ? s.newCheck() : s.check)
      const result = await load(server, path, options)
      if (s.baseline) baselines[s.group] = result.rps
      rows[s.name] = { ...result, ratio: result.rps / baselines[s.group] }
    } finally {
      await server.stop()
    }
  }
  return rows
}
