// Cold-key stampedes: `requests` concurrent requests for one page that takes 300 ms to render, spread
// round-robin over 1, 2 and 3 instances of playground/node; renders counted by the instances themselves.
// Instances sharing Redis coalesce across processes; instances each on their own fs cache cannot.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startCluster, startRedis } from '../test/support/redis.ts'
import { startServer } from './lib.mjs'

const playground = fileURLToPath(new URL('../playground/node/', import.meta.url))
const PAGE = '/slow'

async function renders(servers) {
  const counts = await Promise.all(servers.map(async (s) => (await (await fetch(`${s.url}/api/stats`)).json())[PAGE]))
  return counts.reduce((sum, n) => sum + (n ?? 0), 0)
}

async function stampede({ instances, requests, env }) {
  const dirs = Array.from({ length: instances }, () => mkdtempSync(join(tmpdir(), 'isrkit-stampede-')))
  const servers = await Promise.all(dirs.map((dir) => startServer(playground, ['server.mjs'], env(dir))))
  try {
    const started = performance.now()
    const responses = await Promise.all(
      Array.from({ length: requests }, (_, i) => fetch(`${servers[i % instances].url}${PAGE}`)),
    )
    await Promise.all(responses.map((r) => r.arrayBuffer()))
    const ms = performance.now() - started
    const failed = responses.filter((r) => r.status !== 200).length
    return { renders: await renders(servers), failed, ms }
  } finally {
    await Promise.all(servers.map((s) => s.stop()))
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  }
}

/** Rows for 1, 2 and 3 instances, on one Redis (a new one per row) and each on its own fs cache. */
export async function benchStampede({ requests = 500 } = {}) {
  const rows = {}
  for (const instances of [1, 2, 3]) {
    const redis = await startRedis()
    try {
      rows[`${instances} × on one Redis`] = await stampede({
        instances,
        requests,
        env: (dir) => ({ ISR_REDIS_URL: redis.url, ISR_CACHE_DIR: dir, ISR_ORIGIN: 'http://site.test' }),
      })
    } finally {
      await redis.stop()
    }
  }
  const cluster = await startCluster()
  try {
    const nodes = cluster.nodes.map(({ host, port }) => `${host}:${port}`).join(',')
    rows['3 × on a Redis Cluster (3+3)'] = await stampede({
      instances: 3,
      requests,
      env: (dir) => ({ ISR_REDIS_CLUSTER: nodes, ISR_CACHE_DIR: dir, ISR_ORIGIN: 'http://site.test' }),
    })
  } finally {
    await cluster.stop()
  }
  for (const instances of [1, 2, 3]) {
    rows[`${instances} × each on its own fs`] = await stampede({
      instances,
      requests,
      env: (dir) => ({ ISR_CACHE_DIR: dir, ISR_ORIGIN: 'http://site.test' }),
    })
  }
  return rows
}
