// `pnpm bench`: every scenario of bench/README.md, printed as tables of ratios measured in the same run and
// written to bench/results/ (git-ignored). Flags:
//   --smoke                 one short pass of everything (CI-sized)
//   --only=<group,…>        groups of the HTTP table: node (raw, core, storage, peers), vite, astro, sveltekit
//   --sections=<name,…>     core, http, stampede, scale, memory (default: all)
import { mkdirSync, writeFileSync } from 'node:fs'
import { startRedis } from '../test/support/redis.ts'
import { benchCoreHandle } from './core-handle.mjs'
import { benchFrameworks } from './frameworks.mjs'
import { benchMemory, benchScale } from './scale.mjs'
import { PAGE } from './servers/page.mjs'
import { benchStampede } from './stampede.mjs'

const smoke = process.argv.includes('--smoke')
const list = (flag) =>
  process.argv
    .find((arg) => arg.startsWith(`--${flag}=`))
    ?.slice(flag.length + 3)
    .split(',')
const only = list('only')
const sections = list('sections') ?? ['core', 'http', 'stampede', 'scale', 'memory']
const fmt = (n) => Math.round(n).toLocaleString('en-US')
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`
const http = smoke ? { duration: 1, runs: 1 } : { duration: 10, runs: 3 }

/** The columns every load gives. */
const perf = (r) => ({ 'req/s': fmt(r.rps), 'p99 ms': r.p99, 'server CPU µs/req': r.cpuUs.toFixed(0) })
const each = (rows, row) => Object.fromEntries(Object.entries(rows).map(([name, r]) => [name, row(r)]))

const report = []
function table(title, rows) {
  console.log(`\n${title}`)
  console.table(rows)
  const columns = Object.keys(Object.values(rows)[0] ?? {})
  report.push(
    `## ${title}`,
    '',
    `| | ${columns.join(' | ')} |`,
    `|---|${columns.map(() => '---').join('|')}|`,
    ...Object.entries(rows).map(([name, row]) => `| ${name} | ${columns.map((c) => row[c]).join(' | ')} |`),
    '',
  )
}

const redis = await startRedis()
try {
  if (sections.includes('core')) {
    const core = await benchCoreHandle({ time: smoke ? 300 : 3000 })
    table(`core: handle() HIT vs bare new Response(), ${core.bodyBytes} byte page, one process`, {
      'bare new Response(body)': { 'ops/s': fmt(core.bare.rps), ratio: '1.00' },
      'isr.handle() HIT': { 'ops/s': fmt(core.hit.rps), ratio: core.ratio.toFixed(2) },
    })
  }

  if (sections.includes('http')) {
    const rows = await benchFrameworks(http, { redisUrl: redis.url, groups: only })
    table(
      'Over HTTP: autocannon -c 50, median of runs, ratio to the group baseline',
      each(rows, (r) => ({ ...perf(r), 'vs baseline': r.ratio.toFixed(2) })),
    )
  }

  if (sections.includes('stampede')) {
    const requests = smoke ? 100 : 500
    const rows = await benchStampede({ requests })
    table(
      `Stampede: ${requests} concurrent requests for a cold page rendering in 300 ms, spread over the instances`,
      each(rows, (r) => ({ renders: r.renders, 'non-200': r.failed, ms: Math.round(r.ms) })),
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
    const m = await benchMemory({ redisUrl: redis.url, count: smoke ? 2_000 : 100_000 })
    const kb = fmt(PAGE.byteLength / 1024)
    table(`Memory: RSS of a core server storing ${fmt(m.count)} different ${kb} KB pages, 64 MiB memory tier`, {
      'at start': { RSS: mib(m.baseline) },
      [`after ${fmt(m.count)} pages`]: { RSS: mib(m.after) },
      'memory-tier limit + start': { RSS: mib(m.limit + m.baseline) },
      'live at start (after a full GC)': {
        RSS: mib(m.before.rss),
        heap: mib(m.before.heapUsed),
        buffers: mib(m.before.arrayBuffers),
      },
      'live after (after a full GC)': {
        RSS: mib(m.collected.rss),
        heap: mib(m.collected.heapUsed),
        buffers: mib(m.collected.arrayBuffers),
      },
    })
  }
} finally {
  await redis.stop()
}

const stamp = new Date().toISOString().replace(/[:.]/g, '-')
const dir = new URL('./results/', import.meta.url)
mkdirSync(dir, { recursive: true })
const text = `# isrkit bench, ${new Date().toISOString()}${smoke ? ' (smoke)' : ''}\n\nNode ${process.version}\n\n${report.join('\n')}`
writeFileSync(new URL(`${stamp}.md`, dir), text)
writeFileSync(new URL('latest.md', dir), text)
console.log(`\nWritten to bench/results/${stamp}.md`)
