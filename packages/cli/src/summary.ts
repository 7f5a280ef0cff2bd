// The text a warm ends with: what isrkit did for the pages, then the pages that failed and why.
import type { Outcome, WarmReport } from './warm.ts'

/** Beyond this many, failed pages are counted rather than listed: a dead site should not flood the terminal. */
export const MAX_FAILED_LINES = 20

const LABELS: Record<Outcome, string> = {
  rendered: 'rendered',
  cached: 'already cached',
  stale: 'stale, regenerating',
  uncacheable: 'not cacheable',
  failed: 'failed',
}

export function warmSummary(report: WarmReport, source: string): string {
  const width = Math.max(...Object.values(LABELS).map((l) => l.length))
  const digits = String(report.total).length
  const lines = [`Warmed ${plural(report.total, 'page')} from ${source} in ${duration(report.ms)}`]
  for (const [outcome, label] of Object.entries(LABELS) as [Outcome, string][]) {
    lines.push(`  ${label.padEnd(width)}  ${String(report.counts[outcome]).padStart(digits)}`)
  }
  if (report.failed.length > 0) {
    lines.push('Failed:')
    for (const page of report.failed.slice(0, MAX_FAILED_LINES)) {
      lines.push(`  ${page.url.pathname}${page.url.search}  ${page.reason ?? 'failed'}`)
    }
    const more = report.failed.length - MAX_FAILED_LINES
    if (more > 0) lines.push(`  … and ${more} more`)
  }
  return lines.join('\n')
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}
