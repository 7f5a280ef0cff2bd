// Cached functions: what a cached call costs when it is answered from the cache, beside a bare call of the
// same function in the same process: isrkit from its memory tier, from Redis alone, and Nitro's
// defineCachedFunction inside a built Nitro server (its route /__bench/cached times itself the same way).
import { fileURLToPath } from 'node:url'
import { createISR } from '@isrkit/core'
import { post, timeCalls } from './calls.mjs'
import { startServer } from './lib.mjs'

const nitro = fileURLToPath(new URL('./peers/nitro/', import.meta.url))

async function isrkitRows(redisUrl, calls) {
  const setups = {
    'isrkit, memory tier': { storage: 'memory' },
    'isrkit on Redis, memory tier': { storage: { driver: 'redis', url: redisUrl, base: 'bench-cached-tier' } },
    'isrkit on Redis, no memory tier (every call reads Redis)': {
      storage: { driver: 'redis', url: redisUrl, base: 'bench-cached-redis' },
      memory: false,
    },
  }
  const rows = { 'bare call (this process)': await timeCalls(async () => post('hello'), { calls }) }
  for (const [name, options] of Object.entries(setups)) {
    const isr = createISR({ ...options, logger: false })
    const getPost = isr.cached(async (slug) => post(slug), { name: 'getPost', revalidate: 3600 })
    await getPost('hello')
    // Redis answers in ~100 µs, not ~1 µs: fewer calls keep the round as long.
    rows[name] = await timeCalls(() => getPost('hello'), { calls: options.memory === false ? calls / 20 : calls })
    await isr.close()
  }
  return rows
}

async function nitroRows(calls) {
  const server = await startServer(nitro, ['.output/server/index.mjs'])
  try {
    const measured = await (await fetch(`${server.url}/__bench/cached?calls=${calls}`)).json()
    return {
      'bare call (Nitro process)': measured.bare,
      'Nitro defineCachedFunction, cache storage in memory': measured.hit,
    }
  } finally {
    await server.stop()
  }
}

/** Rows of µs per call, each with its ratio to the bare call of its own process. */
export async function benchCached({ redisUrl, smoke }) {
  const calls = smoke ? 2_000 : 20_000
  const isrkit = await isrkitRows(redisUrl, calls)
  const peer = await nitroRows(calls)
  const ratios = (rows, bare) =>
    Object.fromEntries(Object.entries(rows).map(([name, r]) => [name, { ...r, ratio: r.cpuUs / bare.cpuUs }]))
  return {
    ...ratios(isrkit, isrkit['bare call (this process)']),
    ...ratios(peer, peer['bare call (Nitro process)']),
  }
}
