// Warming: a plain GET of each page, a few at a time and at most `rate` a second, counted by the
// x-isr-cache header isrkit answers with. Plain GETs are what makes a warm safe to run at any time: isrkit
// answers a cached page from its entry (HIT) and renders only what it has not got, so nothing cached —
// by a visitor, a webhook or another warm — is ever replaced by the warm.
import PQueue from 'p-queue'
import { networkReason, REQUEST_TIMEOUT_MS, statusLine } from './client.ts'
import { USER_AGENT } from './version.ts'

export type Outcome = 'rendered' | 'cached' | 'stale' | 'uncacheable' | 'failed'
export const OUTCOMES: readonly Outcome[] = ['rendered', 'cached', 'stale', 'uncacheable', 'failed']

export interface PageResult {
  url: URL
  outcome: Outcome
  status?: number
  /** Why a failed page failed: its status, or the network error. */
  reason?: string
}

export interface WarmOptions {
  /** Requests in flight at once. */
  concurrency: number
  /** Requests started per second at most; unlimited when absent. */
  rate?: number
  /** Called as each page finishes, in completion order (drives the progress bar). */
  onPage?: (result: PageResult) => void
}

export interface WarmReport {
  total: number
  counts: Record<Outcome, number>
  /** Failed pages in the order they were listed. */
  failed: PageResult[]
  ms: number
}

export async function warm(pages: readonly URL[], options: WarmOptions): Promise<WarmReport> {
  const started = performance.now()
  const queue = new PQueue({ concurrency: options.concurrency, ...rateLimit(options.rate) })
  const results = await Promise.all(
    pages.map((url) =>
      queue.add(async () => {
        const result = await warmPage(url)
        options.onPage?.(result)
        return result
      }),
    ),
  )
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>
  for (const result of results) counts[result.outcome]++
  return {
    total: results.length,
    counts,
    failed: results.filter((r) => r.outcome === 'failed'),
    ms: performance.now() - started,
  }
}

/**
 * p-queue's sliding window: at most `intervalCap` starts in any `interval` ms, never a burst at a window's
 * edge. Whole rates use one-second windows; a rate below one (0.5 = one request every two seconds) or with
 * a fraction widens the window instead.
 */
export function rateLimit(rate: number | undefined): { interval?: number; intervalCap?: number; strict?: boolean } {
  if (rate === undefined) return {}
  const intervalCap = Math.max(1, Math.floor(rate))
  return { interval: Math.round((intervalCap * 1000) / rate), intervalCap, strict: true }
}

export async function warmPage(url: URL): Promise<PageResult> {
  let response: Response
  try {
    response = await fetch(url, {
      headers: { 'user-agent': USER_AGENT },
      // A redirect is the page's answer (and may be cached as such); following it could leave the site.
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    })
    // The whole body is read, so a render streamed to the client completes and is stored, but not kept.
    await drain(response.body)
  } catch (error) {
    return { url, outcome: 'failed', reason: networkReason(error) }
  }
  const { status } = response
  if (status >= 400) {
    return { url, outcome: 'failed', status, reason: statusLine(response) }
  }
  return { url, outcome: outcomeOf(response.headers.get('x-isr-cache')), status }
}

/** What isrkit did for a page it answered with a 2xx or 3xx. */
export function outcomeOf(header: string | null): Outcome {
  switch (header?.trim().toUpperCase()) {
    case 'MISS':
      return 'rendered'
    case 'HIT':
      return 'cached'
    case 'STALE':
      return 'stale'
    default:
      // BYPASS, or no header: the page is not cached (or isrkit is not in front of it).
      return 'uncacheable'
  }
}

async function drain(body: ReadableStream<Uint8Array> | null): Promise<void> {
  if (!body) return
  const reader = body.getReader()
  while (!(await reader.read()).done) {
    // Each chunk is dropped as it arrives.
  }
}
