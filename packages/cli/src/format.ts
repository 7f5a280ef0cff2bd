// How the control endpoint's answers read in a terminal.
import type { Explanation, RevalidateResult, SiteStatus } from './client.ts'
import { plural } from './summary.ts'

const AFTERWARDS = {
  stale: 'marked stale, re-rendered on their next request',
  purge: 'deleted, rendered on their next request',
} as const

/** e.g. `Revalidated (eager): paths /a, /b; tags t1 — regenerating 2 pages` */
export function revalidateLine(result: RevalidateResult): string {
  const what = [
    result.paths.length > 0 ? `${result.paths.length === 1 ? 'path' : 'paths'} ${result.paths.join(', ')}` : '',
    result.tags.length > 0 ? `${result.tags.length === 1 ? 'tag' : 'tags'} ${result.tags.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ')
  const after =
    result.mode === 'eager' ? `regenerating ${plural(result.regenerating, 'page')}` : AFTERWARDS[result.mode]
  return `Revalidated (${result.mode}): ${what} — ${after}`
}

/** `revalidate --wait`: which instances applied it, and which did not. */
export function receiptsBlock(result: RevalidateResult): string {
  if (!result.instances) return '  instances: unknown (no bus: each reads invalidations from storage within a second)'
  const { acknowledged, pending } = result.instances
  return [
    `  acknowledged by ${plural(acknowledged.length, 'instance')}: ${acknowledged.join(', ')}`,
    ...(pending.length > 0 ? [`  pending (alive, no answer): ${pending.join(', ')}`] : []),
  ].join('\n')
}

/** `isrkit explain`: the verdict and its reason first, then what it was decided from. */
export function explainBlock(page: string, e: Explanation): string {
  const when = (ms: number) => (ms > 0 ? new Date(ms).toISOString() : 'never')
  const rows: [string, string][] = []
  if (e.key) rows.push(['key', e.key])
  if (e.rule) {
    const revalidate = e.rule.revalidate === false ? 'none' : `${e.rule.revalidate} s`
    rows.push(['rule', `${e.rule.pattern ?? '(global options)'}: revalidate ${revalidate}, expire ${e.rule.expire} s`])
  }
  if (e.bypass) rows.push(['bypass', e.bypass])
  if (e.entry) {
    const { entry } = e
    rows.push(['entry', `${entry.status}, ${bytes(entry.size)} (${entry.encodings.join(', ')}), in ${entry.tier}`])
    rows.push(['tags', entry.tags.join(', ') || 'none'])
    rows.push([
      'rendered',
      `${when(entry.createdAt)}; stale ${when(entry.revalidateAt)}; expires ${when(entry.expireAt)}`,
    ])
  }
  for (const r of e.records)
    rows.push([`${r.kind}`, `${r.name}: invalidated ${when(r.at)}${r.decisive ? '  <- decided it' : ''}`])
  if (e.notStored) rows.push(['not stored', e.notStored])
  const width = Math.max(0, ...rows.map(([label]) => label.length))
  return [`${page}: ${e.verdict}`, `  ${e.reason}`, ...rows.map(([l, v]) => `  ${l.padEnd(width)}  ${v}`)].join('\n')
}

/** Aligned labels and human units; the raw JSON is one `--json` away. */
export function statusBlock(status: SiteStatus, origin: string): string {
  const rows: [string, string][] = [
    ['hits', String(status.hits)],
    ['stale', String(status.stale)],
    ['misses', String(status.misses)],
    ['bypass', String(status.bypass)],
    ['renders', String(status.renders)],
    ['errors', String(status.errors)],
    ['hit ratio', percent(status.hitRatio)],
    ['memory', memory(status.memory)],
    ['storage', storage(status.storage)],
  ]
  const width = Math.max(...rows.map(([label]) => label.length))
  return [
    `isrkit at ${origin} (counters since the server started)`,
    ...rows.map(([l, v]) => `  ${l.padEnd(width)}  ${v}`),
  ].join('\n')
}

export function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB']

export function bytes(n: number): string {
  let value = n
  let unit = 0
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${value} B` : `${value < 10 ? value.toFixed(1) : Math.round(value)} ${UNITS[unit]}`
}

function memory(m: SiteStatus['memory']): string {
  if (!m) return 'off'
  return `${m.entries} ${m.entries === 1 ? 'entry' : 'entries'}, ${bytes(m.bytes)} of ${bytes(m.maxBytes)}`
}

function storage(s: SiteStatus['storage']): string {
  const latency = `${s.latencyMs < 10 ? s.latencyMs.toFixed(1) : Math.round(s.latencyMs)} ms`
  return s.ok ? `${s.driver}, ok (${latency})` : `${s.driver}, FAILING (${latency}): ${s.error ?? 'no detail'}`
}
