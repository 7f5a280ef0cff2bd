// @isrkit/core's handle() on srvx (node:http underneath), in front of an app that sends the page's bytes.
// BENCH_STORAGE: memory (default) | fs | redis (BENCH_REDIS_URL) | redis-cluster (BENCH_REDIS_CLUSTER, its nodes as JSON); BENCH_MEMORY_TIER=0 turns the memory tier
// off, so every hit is a storage round trip; BENCH_COMPRESS=0 stores bodies as rendered.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getHeapSpaceStatistics } from 'node:v8'
import { createISR } from '@isrkit/core'
import { serve } from 'srvx'
import { SEED_ORIGIN } from '../seed.mjs'
import { HEADERS, PAGE } from './page.mjs'

function storage(kind) {
  if (kind === 'fs') return { driver: 'fs', base: mkdtempSync(join(tmpdir(), 'isrkit-bench-fs-')) }
  if (kind === 'redis') return { driver: 'redis', url: process.env.BENCH_REDIS_URL }
  if (kind === 'redis-cluster') return { driver: 'redis', cluster: JSON.parse(process.env.BENCH_REDIS_CLUSTER) }
  return 'memory'
}

const isr = createISR({
  storage: storage(process.env.BENCH_STORAGE ?? 'memory'),
  memory: process.env.BENCH_MEMORY_TIER === '0' ? false : undefined,
  // One canonical origin, the one seed.mjs stores pages for: without it the key holds this server's own port,
  // and the scale scenario would render every page anew instead of reading what was seeded.
  origin: SEED_ORIGIN,
  // /p/<n>: the many pages of the scale and memory scenarios.
  routes: { '/page': { revalidate: 3600 }, '/p/*': { revalidate: 3600 } },
  logger: false,
  compress: process.env.BENCH_COMPRESS === '0' ? false : undefined,
})
const app = () => new Response(PAGE, { headers: { ...HEADERS, 'content-length': String(PAGE.byteLength) } })

/**
 * process.memoryUsage() after a full collection (run with --expose-gc): what is live, not what GC has yet to
 * free. With ?gc=0, as it is now, with V8's heap spaces (committed and used bytes of each).
 */
function memory(url) {
  if (url.searchParams.get('gc') === '0') {
    const spaces = Object.fromEntries(
      getHeapSpaceStatistics().map((s) => [s.space_name, { size: s.space_size, used: s.space_used_size }]),
    )
    return Response.json({ ...process.memoryUsage(), spaces })
  }
  globalThis.gc?.()
  return Response.json({ ...process.memoryUsage(), collected: typeof globalThis.gc === 'function' })
}

const server = serve({
  hostname: '127.0.0.1',
  port: Number(process.env.PORT ?? 0),
  silent: true,
  fetch(request) {
    const url = new URL(request.url)
    if (url.pathname === '/__bench/memory') return memory(url)
    return isr.handle(request, app, { waitUntil: (p) => request.waitUntil?.(p) })
  },
})
await server.ready()
console.log(`listening on ${server.url}`)
// A clean exit on Ctrl-C too, so `node --cpu-prof` writes its profile.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    await server.close(true)
    await isr.close()
    process.exit(0)
  })
}
