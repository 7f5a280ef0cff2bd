// Scale and memory: a hit must cost the same with 1 k or 1 M pages stored, and the memory tier must stay
// within its limit however many pages pass through it.
import { fileURLToPath } from 'node:url'
import { expectState, load, startServer } from './lib.mjs'
import { rssBytes } from './proc.mjs'
import { seed } from './seed.mjs'

const servers = fileURLToPath(new URL('./servers/', import.meta.url))

/** A seeded page must be a hit from the first request: a miss would mean the load renders pages, not reads them. */
function seededHit(state) {
  if (state !== 'HIT') throw new Error(`a seeded page answered ${state}, not HIT: is it keyed for another origin?`)
  return true
}

/**
 * Hits on random pages among `sizes` stored entries (1 KB bodies) on Redis with the memory tier off, so every
 * hit is a lookup among all of them. Entries are added on top of the previous size's.
 */
export async function benchScale({ redisUrl, sizes, options }) {
  const rows = {}
  let stored = 0
  for (const size of sizes) {
    const started = performance.now()
    await seed({ storage: { driver: 'redis', url: redisUrl }, from: stored, to: size })
    const seeding = (performance.now() - started) / 1000
    stored = size
    const server = await startServer(servers, ['core.mjs'], {
      BENCH_STORAGE: 'redis',
      BENCH_REDIS_URL: redisUrl,
      BENCH_MEMORY_TIER: '0',
    })
    try {
      await expectState(server, `/p/${size - 1}`, seededHit)
      const random = { random: { prefix: '/p/', count: size } }
      rows[`${size.toLocaleString('en-US')} entries`] = { ...(await load(server, random, options)), seeding }
    } finally {
      await server.stop()
    }
  }
  return rows
}

/**
 * RSS of a core server on Redis with the default 64 MiB memory tier, at start and after `count` different
 * pages (the bench page, about 40 KB) were rendered and stored through it (each passes through the memory
 * tier); then what is live after a full collection (heap, and ArrayBuffers, where entry bodies are).
 * `nodeFlags` go to node (run.mjs caps V8's young generation with them in a second run); `prefix` names the
 * pages, so a second run on the same Redis renders pages of its own instead of reading the first run's.
 */
export async function benchMemory({ redisUrl, count, nodeFlags = [], prefix = '/p/m' }) {
  const server = await startServer(servers, ['--expose-gc', ...nodeFlags, 'core.mjs'], {
    BENCH_STORAGE: 'redis',
    BENCH_REDIS_URL: redisUrl,
  })
  try {
    await expectState(server, '/page', (state) => state === 'MISS' || state === 'HIT')
    const baseline = rssBytes(server.pids)
    const started = performance.now()
    await load(server, { sequence: prefix }, { connections: 32, amount: count, runs: 1 })
    const seconds = (performance.now() - started) / 1000
    const after = rssBytes(server.pids)
    // As the load left it, before any collection: how much of the RSS is V8's young generation, sized by
    // the machine's memory (Node 24 grows it to 2 × 64 MiB semi-spaces on a large host, Node 22 to 2 × 16).
    const heap = await (await fetch(`${server.url}/__bench/memory?gc=0`)).json()
    const collected = await (await fetch(`${server.url}/__bench/memory`)).json()
    return { count, seconds, baseline, after, limit: 64 * 1024 * 1024, heap, collected }
  } finally {
    await server.stop()
  }
}
