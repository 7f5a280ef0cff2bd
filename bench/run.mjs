// `pnpm bench`: every scenario of bench/README.md, printed as tables and written to bench/results/ (git-ignored).
// Flags:
//   --smoke                 one short pass of everything (CI-sized)
//   --only=<group,…>        groups of the HTTP section: node, node-browser, vite, astro, sveltekit
//   --sections=<name,…>     core, cached, http, stampede, bus, scale, memory (default: all)
//   --runs=<n>              measured runs per row (default 7; smoke 2)
//   --duration=<s>          seconds per run (default 4; smoke 1)
//   --twice                 the whole selection twice, then `compare.mjs` on the two results
import { mkdirSync, writeFileSync } from 'node:fs'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { startCluster, startRedis } from '../test/support/redis.ts'
import { benchBus } from './bus.mjs'
import { benchCached } from './cached.mjs'
import { compareReports } from './compare.mjs'
import { benchCoreHandle } from './core-handle.mjs'
import { benchFrameworks } from './frameworks.mjs'
import { pinHarness, pinning, ratioSpread, spread } from './lib.mjs'
import { benchMemory, benchScale } from './scale.mjs'
import { PAGE } from './servers/page.mjs'
import { benchStampede } from './stampede.mjs'

const smoke = process.argv.includes('--smoke')
const twice = process.argv.includes('--twice')
const flag = (name) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3)
const only = flag('only')?.split(',')
const sections = flag('sections')?.split(',') ?? ['core', 'cached', 'http', 'stampede', 'bus', 'scale', 'memory']
const fmt = (n) => Math.round(n).toLocaleString('en-US')
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`
// V8's young generation as Node 24 sizes it by itself in a container limited to 1 GiB (2 × 16 MiB semi-spaces;
// 2 GiB: 2 × 32; 4 GiB and more: 2 × 64), and as Node 22 did on any host (packages/core/README.md).
const YOUNG_CAP = '--max-semi-space-size=16'
const http = {
  runs: Number(flag('runs') ?? (smoke ? 2 : 7)),
  duration: Number(flag('duration') ?? (smoke ? 1 : 4)),
  // Next.js and Astro's servers still move for seconds after their first requests (JIT, heap growth): with
  // 2 s of warm-up their rows moved 66–85 % between two runs (9 rounds of 3 s), settled ones under 10 %.
  warmup: smoke ? 0.5 : 5,
}

/** The columns every load gives, each as median ± half its range over the runs; `ratio` goes after CPU. */
const perf = (r, ratio = {}) => ({
  'server CPU µs/req': spread(r.cpuUs, 1),
  ...ratio,
  'req/s': spread(r.rps),
  'p99 ms': spread(r.p99),
  'bytes/response': spread(r.bytes),
  'server core %': spread(r.busy),
})
const each = (rows, row) => Object.fromEntries(Object.entries(rows).map(([name, r]) => [name, row(r)]))

/** The bench page's size and how well it compresses, which the compression rows depend on. */
function pageLine() {
  const gzip = gzipSync(PAGE).byteLength
  const brotli = brotliCompressSync(PAGE).byteLength
  const ratio = (bytes) => `${(PAGE.byteLength / bytes).toFixed(1)}:1`
  return `Page of the node groups: ${fmt(PAGE.byteLength)} bytes; gzip ${fmt(gzip)} (${ratio(gzip)}), brotli ${fmt(brotli)} (${ratio(brotli)})`
}

/** Runs the selected sections once; gives the markdown of their tables. */
async function pass() {
  const report = []
  const note = (line) => {
    console.log(line)
    report.push(line, '')
  }
  const table = (title, rows) => {
    console.log(`\n${title}`)
    console.table(rows)
    // Every row's columns: a row may leave some out (the memory table's first rows have RSS only).
    const columns = [...new Set(Object.values(rows).flatMap(Object.keys))]
    report.push(
      `## ${title}`,
      '',
      `| | ${columns.join(' | ')} |`,
      `|---|${columns.map(() => '---').join('|')}|`,
      ...Object.entries(rows).map(([name, row]) => `| ${name} | ${columns.map((c) => row[c] ?? '').join(' | ')} |`),
      '',
    )
  }

  const redis = await startRedis()
  // Three primaries and a replica each, for the storage rows and the stampede beside one Redis.
  const redisCluster = await startCluster()
  try {
    if (sections.includes('core')) {
      const core = await benchCoreHandle({ time: smoke ? 300 : 3000 })
      table(`core: handle() HIT vs bare new Response(), ${core.bodyBytes} byte page, one process`, {
        'bare new Response(body)': { 'ops/s': fmt(core.bare.rps), ratio: '1.00' },
        'isr.handle() HIT': { 'ops/s': fmt(core.hit.rps), ratio: core.ratio.toFixed(2) },
      })
    }

    if (sections.includes('cached')) {
      const rows = await benchCached({ redisUrl: redis.url, smoke })
      table(
        'Cached functions: a call answered from the cache, per call, in the process making it. vs bare = CPU ÷ a bare call of the same function there',
        each(rows, (r) => ({
          'CPU µs/call': r.cpuUs.toFixed(2),
          'vs bare': r.ratio.toFixed(1),
          'wall µs/call': r.wallUs.toFixed(2),
        })),
      )
    }

    if (sections.includes('http')) {
      note(pageLine())
      const context = { redisUrl: redis.url, redisCluster: redisCluster.nodes, groups: only }
      for (const { group, rows, notes } of await benchFrameworks(http, context)) {
        const label = `CPU vs ${group.rows.find((row) => row.baseline).baseline}`
        table(
          `HTTP ${group.name}: ${group.title}. ${label} = row CPU ÷ baseline CPU (below 1 is cheaper)`,
          Object.fromEntries(
            rows.map((r) => [r.name, { ...perf(r, { [label]: ratioSpread(r.ratio) }), encoding: r.encoding }]),
          ),
        )
        for (const line of notes) note(`- ${line}`)
      }
    }

    if (sections.includes('stampede')) {
      const requests = smoke ? 100 : 500
      const rows = await benchStampede({ requests })
      table(
        `Stampede: ${requests} concurrent requests for a cold page rendering in 300 ms, spread over the instances`,
        each(rows, (r) => ({ renders: r.renders, 'non-200': r.failed, ms: Math.round(r.ms) })),
      )
    }

    if (sections.includes('bus')) {
      const messages = smoke ? 500 : 5000
      table(
        `Bus: ${fmt(messages)} invalidation messages to 3 subscribers, 20 in flight; Redis CPU summed over every node`,
        await benchBus({ redis, cluster: redisCluster, messages }),
      )
    }

    if (sections.includes('scale')) {
      const sizes = smoke ? [1_000, 10_000] : [1_000, 100_000, 1_000_000]
      const rows = await benchScale({ redisUrl: redis.url, sizes, options: http })
      table(
        'Scale: hits on random pages among N stored (Redis, memory tier off: every hit reads storage)',
        each(rows, (r) => ({ ...perf(r), 'seeded in s': r.seeding.toFixed(0) })),
      )
    }

    if (sections.includes('memory')) {
      const count = smoke ? 2_000 : 100_000
      const runs = {
        'young generation as Node sizes it on this host': await benchMemory({ redisUrl: redis.url, count }),
        [`young generation as in a 1 GiB container (${YOUNG_CAP})`]: await benchMemory({
          redisUrl: redis.url,
          count,
          nodeFlags: [YOUNG_CAP],
          prefix: '/p/c',
        }),
      }
      table(
        `Memory: RSS of a core server storing ${fmt(count)} different ${fmt(PAGE.byteLength / 1024)} KB pages, 64 MiB memory tier`,
        each(runs, (m) => ({
          'RSS at start': mib(m.baseline),
          [`RSS after ${fmt(count)} pages`]: mib(m.after),
          'bound: 2 × (tier + start)': mib(2 * (m.limit + m.baseline)),
          'pages/s': fmt(count / m.seconds),
          'young generation': mib(m.heap.spaces.new_space.size),
          'old generation': mib(m.heap.spaces.old_space.size),
          'ArrayBuffers as left': mib(m.heap.arrayBuffers),
          'live heap after a full GC': mib(m.collected.heapUsed),
          'live ArrayBuffers after a full GC': mib(m.collected.arrayBuffers),
        })),
      )
    }
  } finally {
    await Promise.all([redis.stop(), redisCluster.stop()])
  }
  return report.join('\n')
}

/** Writes a pass's tables to bench/results/<time>.md and latest.md; gives the file's text. */
function write(tables) {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const dir = new URL('./results/', import.meta.url)
  mkdirSync(dir, { recursive: true })
  const settings = `${http.runs} runs of ${http.duration} s per row; ${pinning.note}`
  const text = `# isrkit bench, ${new Date().toISOString()}${smoke ? ' (smoke)' : ''}\n\nNode ${process.version}; ${settings}\n\n${tables}`
  writeFileSync(new URL(`${stamp}.md`, dir), text)
  writeFileSync(new URL('latest.md', dir), text)
  console.log(`\nWritten to bench/results/${stamp}.md`)
  return text
}

pinHarness()
console.log(pinning.note)
const first = write(await pass())
if (twice) {
  const second = write(await pass())
  console.log('\nAgreement of the two passes on every ratio column (compare.mjs):')
  process.exitCode = compareReports(first, second) ? 0 : 1
}
