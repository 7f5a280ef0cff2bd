// The HTTP groups: each row a server (or one path of a server) loaded with autocannon, compared with its
// group's baseline (raw node:http sending the same bytes, or the framework rendering every request with
// ISRKIT_DISABLED=1). A group's servers are all started once and loaded round-robin, run 1 of every row, then
// run 2 of every row…, so a burst of load from elsewhere on the machine lands on every row alike.
import { freemem } from 'node:os'
import { fileURLToPath } from 'node:url'
import { expectState, measure, startServer, summarize } from './lib.mjs'
import { rssBytes } from './proc.mjs'

const playground = (name) => fileURLToPath(new URL(`../playground/${name}/`, import.meta.url))
const SERVERS = fileURLToPath(new URL('./servers/', import.meta.url))
// Built by peers/build.mjs (scripts/run.sh bench runs it).
const peer = (name) => fileURLToPath(new URL(`./peers/${name}/`, import.meta.url))

/** Request headers of a group: none beyond Host (every answer identity), or what browsers send. */
const IDENTITY = {}
const BROWSER = { 'accept-encoding': 'gzip, deflate, br, zstd' }

const rendered = (state) => state === null
const hit = (state) => state === 'HIT'
const fastPath = (state, status) => hit(state) && status.includes('fast-path')
const header = (name, value) => (_state, _status, headers) => headers.get(name) === value
// Nitro sends no cache header: its route counts its renders in x-render-count, which a cached answer replays, so
// two answers in a row with the same count prove the second a hit. Made anew for each row (`newCheck`).
const sameRender = () => {
  let previous = null
  return (_state, _status, headers) => {
    const count = headers.get('x-render-count')
    const same = count !== null && count === previous
    previous = count
    return same
  }
}

// Servers: `node <args>` in `cwd` with `env` (a function of the run's context when it needs Redis). Rows that name
// the same server object share one process.
const bench = (file, env) => ({ cwd: SERVERS, args: [file], env })
const RAW = bench('raw.mjs')
const CORE = bench('core.mjs')
const MIDDLEWARE = bench('middleware.mjs')
const NITRO = { cwd: peer('nitro'), args: ['.output/server/index.mjs'] }
const ASTRO_MEMORY = { cwd: peer('astro-memory'), args: ['dist/server/entry.mjs'] }
// Next 16 answers with `compress: true` (its default): gzip when the request accepts it.
const NEXT = { cwd: peer('next'), args: ['start.mjs'] }
const OFF = { ISRKIT_DISABLED: '1' }
const VITE = { cwd: playground('vite'), args: ['server.js'] }
const ASTRO = { cwd: playground('astro'), args: ['dist/server/entry.mjs'] }
// @astrojs/node's standalone server as it starts itself, without the fast path the built entry puts in front.
const ASTRO_PROVIDER = {
  ...ASTRO,
  args: [
    '--input-type=module',
    '--eval',
    "process.env.ASTRO_NODE_AUTOSTART = 'disabled'; (await import('./dist/server/entry.mjs')).startServer()",
  ],
}
// adapter-node's own server (the handle hook) and the playground's server.mjs (the Node fast path in front of it).
const KIT = { cwd: playground('sveltekit'), args: ['build'] }
const KIT_FAST = { ...KIT, args: ['server.mjs'] }

// Rows, in the order they are loaded and printed: { name, server, path (default: the playgrounds' long post),
// check (or newCheck), baseline }. A row is a few lines; a group's `headers` go with every request of its rows.
const PAGE = '/page'
const POST = '/posts/a-long-read'
export const GROUPS = [
  {
    name: 'node',
    title: 'raw node:http, isrkit and the peers, every server sending the same page; requests accept identity only',
    headers: IDENTITY,
    rows: [
      { name: 'raw node:http, same bytes', server: RAW, path: PAGE, check: rendered, baseline: 'raw' },
      { name: 'core handle() HIT, srvx, memory tier', server: CORE, path: PAGE, check: hit },
      {
        name: 'core handle() HIT, Redis + memory tier',
        server: bench('core.mjs', ({ redisUrl }) => ({ BENCH_STORAGE: 'redis', BENCH_REDIS_URL: redisUrl })),
        path: PAGE,
        check: hit,
      },
      {
        name: 'core handle() HIT, Redis, memory tier off',
        server: bench('core.mjs', ({ redisUrl }) => ({
          BENCH_STORAGE: 'redis',
          BENCH_REDIS_URL: redisUrl,
          BENCH_MEMORY_TIER: '0',
        })),
        path: PAGE,
        check: hit,
      },
      {
        name: 'core handle() HIT, Redis Cluster (3+3), memory tier off',
        server: bench('core.mjs', ({ redisCluster }) => ({
          BENCH_STORAGE: 'redis-cluster',
          BENCH_REDIS_CLUSTER: JSON.stringify(redisCluster),
          BENCH_MEMORY_TIER: '0',
        })),
        path: PAGE,
        check: hit,
      },
      {
        name: 'core handle() HIT, fs, memory tier off',
        server: bench('core.mjs', () => ({ BENCH_STORAGE: 'fs', BENCH_MEMORY_TIER: '0' })),
        path: PAGE,
        check: hit,
      },
      { name: 'createISRMiddleware HIT, node:http', server: MIDDLEWARE, path: PAGE, check: hit },
      { name: 'Nitro routeRules swr HIT', server: NITRO, path: PAGE, newCheck: sameRender },
      { name: 'Astro memoryCache() HIT', server: ASTRO_MEMORY, path: PAGE, check: header('x-astro-cache', 'HIT') },
      // Next's own document around the page's markup, with its RSC payload: about twice the bytes.
      { name: 'Next.js 16 ISR HIT, page', server: NEXT, path: PAGE, check: header('x-nextjs-cache', 'HIT') },
      {
        name: 'Next.js 16 ISR HIT, route handler, same bytes',
        server: NEXT,
        path: '/bytes',
        check: header('x-nextjs-cache', 'HIT'),
      },
    ],
  },
  {
    name: 'node-browser',
    title: 'the same page to requests that accept what browsers accept (accept-encoding: gzip, deflate, br, zstd)',
    headers: BROWSER,
    rows: [
      {
        name: 'raw node:http, brotli bytes from memory',
        server: bench('raw-br.mjs'),
        path: PAGE,
        check: rendered,
        baseline: 'raw br',
      },
      { name: 'raw node:http + compression()', server: bench('raw-compression.mjs'), path: PAGE, check: rendered },
      { name: 'core handle() HIT, srvx, memory tier', server: CORE, path: PAGE, check: hit },
      { name: 'createISRMiddleware HIT, node:http', server: MIDDLEWARE, path: PAGE, check: hit },
      { name: 'Nitro routeRules swr HIT', server: NITRO, path: PAGE, newCheck: sameRender },
      { name: 'Next.js 16 ISR HIT, page', server: NEXT, path: PAGE, check: header('x-nextjs-cache', 'HIT') },
      {
        name: 'Next.js 16 ISR HIT, route handler, same bytes',
        server: NEXT,
        path: '/bytes',
        check: header('x-nextjs-cache', 'HIT'),
      },
    ],
  },
  {
    name: 'vite',
    title: 'the Vite playground (Express), its long post, as browsers ask',
    headers: BROWSER,
    rows: [
      { name: 'Vite SSR (Express), caching off', server: { ...VITE, env: OFF }, check: rendered, baseline: 'SSR' },
      { name: 'Vite HIT, middleware in Express', server: { ...VITE, env: { ISR_FAST_PATH: '0' } }, check: hit },
      { name: 'Vite HIT, Node fast path', server: VITE, check: fastPath },
    ],
  },
  {
    name: 'astro',
    title: 'the Astro playground, its long post, as browsers ask',
    headers: BROWSER,
    rows: [
      { name: 'Astro SSR, caching off', server: { ...ASTRO, env: OFF }, check: rendered, baseline: 'SSR' },
      { name: 'Astro HIT, provider path', server: ASTRO_PROVIDER, check: hit },
      { name: 'Astro HIT, standalone entry (fast path built in)', server: ASTRO, check: fastPath },
      { name: 'Astro HIT, Node fast path (server.mjs)', server: { ...ASTRO, args: ['server.mjs'] }, check: fastPath },
    ],
  },
  {
    name: 'sveltekit',
    title: 'the SvelteKit playground, its long post, as browsers ask',
    headers: BROWSER,
    rows: [
      { name: 'SvelteKit SSR, caching off', server: { ...KIT, env: OFF }, check: rendered, baseline: 'SSR' },
      { name: 'SvelteKit HIT, handle hook', server: KIT, check: hit },
      { name: 'SvelteKit HIT, Node fast path', server: KIT_FAST, check: fastPath },
    ],
  },
]

// Starting another server needs this much memory left over, so a group too large for the machine is loaded
// in batches that fit (each batch interleaved on its own) rather than swapping.
const RESERVE = 1024 ** 3

/**
 * One table per group: rows of summarized figures (CPU µs per request, req/s, p99, bytes per response, the
 * server's share of its core), the ratio of each run's CPU µs to the baseline's in the same round, and the
 * encoding the server answered with. `context.redisUrl` is the Redis the storage rows use, `context.redisCluster`
 * the cluster's nodes; `context.groups`,
 * when given, limits the run; `options` are `{ runs, duration, warmup, connections }`.
 */
export async function benchFrameworks(options, context) {
  const tables = []
  for (const group of GROUPS.filter((g) => !context.groups || context.groups.includes(g.name))) {
    const runs = new Map(group.rows.map((row) => [row, []]))
    const encodings = new Map()
    const notes = [...(group.notes ?? [])]
    let pending = group.rows
    while (pending.length > 0) {
      const batch = await startBatch(pending, context)
      if (batch.rows.length < group.rows.length) {
        notes.push(`memory was short: ${batch.rows.length} of the ${group.rows.length} rows ran as one batch`)
      }
      const load = (row, settings) => measure(batch.servers.get(row.server), target(row, group), settings)
      try {
        for (const row of batch.rows) {
          const check = row.newCheck?.() ?? row.check
          encodings.set(row, await expectState(batch.servers.get(row.server), pathOf(row), check, group.headers))
          // Untimed: lets the JIT and the server's caches settle before the first measured run.
          await load(row, { ...options, duration: options.warmup })
        }
        for (let round = 0; round < options.runs; round++) {
          // Every other round backwards, so no row is always first (or last) after a pause.
          const order = round % 2 ? [...batch.rows].reverse() : batch.rows
          for (const row of order) runs.get(row).push(await load(row, options))
        }
        notes.push(memoryNote(batch))
      } finally {
        await Promise.all([...batch.servers.values()].map((s) => s.stop()))
      }
      pending = pending.slice(batch.rows.length)
    }
    tables.push({ group, rows: tableRows(group, runs, encodings), notes })
  }
  return tables
}

const pathOf = (row) => row.path ?? POST
const target = (row, group) => ({ path: pathOf(row), headers: group.headers })

/** Starts the servers of `rows` in order while memory allows (at least one); gives the rows they cover. */
async function startBatch(rows, context) {
  const servers = new Map()
  const covered = []
  for (const row of rows) {
    if (!servers.has(row.server)) {
      if (servers.size > 0 && freemem() < RESERVE) break
      const env = typeof row.server.env === 'function' ? row.server.env(context) : (row.server.env ?? {})
      servers.set(row.server, await startServer(row.server.cwd, row.server.args, env))
    }
    covered.push(row)
  }
  return { servers, rows: covered }
}

/** What the batch's servers hold in memory after their load, named by their first row. */
function memoryNote({ servers, rows }) {
  const sizes = [...servers].map(([def, server]) => ({
    name: rows.find((row) => row.server === def).name,
    bytes: rssBytes(server.pids),
  }))
  const total = sizes.reduce((sum, { bytes }) => sum + bytes, 0)
  const largest = sizes.reduce((a, b) => (b.bytes > a.bytes ? b : a))
  const mib = (bytes) => `${Math.round(bytes / 2 ** 20)} MiB`
  return `${servers.size} server${servers.size === 1 ? '' : 's'} up at once: ${mib(total)} RSS in all, the largest ${mib(largest.bytes)} (${largest.name})`
}

/** Summaries per row, with each round's CPU ratio to the baseline's run of the same round. */
function tableRows(group, runs, encodings) {
  const baseline = runs.get(group.rows.find((row) => row.baseline))
  return group.rows.map((row) => {
    const results = runs.get(row)
    const ratios = results.map((run, i) => ({ ratio: run.cpuUs / baseline[i].cpuUs }))
    return { name: row.name, ...summarize(results), ...summarize(ratios), encoding: encodings.get(row) }
  })
}
