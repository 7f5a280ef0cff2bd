// `pnpm bench`: runs the benchmarks and prints ratios measured in the same run (`--smoke` for a quick pass,
// `--only=<group,…>` for some groups of the HTTP table: node, vite, astro, sveltekit).

import { startRedis } from '../test/support/redis.ts'
import { benchCoreHandle } from './core-handle.mjs'
import { benchFrameworks } from './frameworks.mjs'
import { benchStampede } from './stampede.mjs'

const smoke = process.argv.includes('--smoke')
// `--only node,astro`: just those groups of the HTTP table.
const only = process.argv
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',')
const fmt = (n) => Math.round(n).toLocaleString('en-US')

const core = await benchCoreHandle({ time: smoke ? 300 : 3000 })
console.log(`\ncore: handle() HIT vs bare new Response() — ${core.bodyBytes} byte HTML page, same process, same run`)
console.table({
  'bare new Response(body)': { 'ops/s': fmt(core.bare.rps), ratio: '1.00' },
  'isr.handle() HIT': { 'ops/s': fmt(core.hit.rps), ratio: core.ratio.toFixed(2) },
})

const redis = await startRedis()
const frameworks = await benchFrameworks(smoke ? { duration: 1, runs: 1 } : { duration: 10, runs: 3 }, {
  redisUrl: redis.url,
  groups: only,
}).finally(() => redis.stop())
console.log('\nOver HTTP (autocannon -c 50; median of runs; client and server on one machine)')
console.table(
  Object.fromEntries(
    Object.entries(frameworks).map(([name, r]) => [
      name,
      {
        'req/s': fmt(r.rps),
        'p99 ms': r.p99,
        'server CPU µs/req': r.cpuUs.toFixed(0),
        'vs baseline': r.ratio.toFixed(2),
      },
    ]),
  ),
)

const stampedes = await benchStampede({ requests: 500 })
console.log('\nStampede: 500 concurrent requests for a cold page that renders in 300 ms, spread over the instances')
console.table(
  Object.fromEntries(
    Object.entries(stampedes).map(([name, r]) => [
      name,
      { renders: r.renders, 'non-200': r.failed, ms: Math.round(r.ms) },
    ]),
  ),
)
