import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { outcomeOf, rateLimit, warm, warmPage } from '../src/warm.ts'
import { closedPort, type Handler, startServer, type TestServer } from './support/server.ts'

let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function site(handler: Handler): Promise<URL> {
  server = await startServer(handler)
  return server.origin
}
const pages = (origin: URL, ...paths: string[]) => paths.map((p) => new URL(p, origin))

describe('warm', () => {
  it('counts what isrkit did from x-isr-cache, and failures from the status', async () => {
    const states: Record<string, [number, string | undefined]> = {
      '/miss': [200, 'MISS'],
      '/hit': [200, 'HIT'],
      '/stale': [200, 'STALE'],
      '/bypass': [200, 'BYPASS'],
      '/plain': [200, undefined],
      '/moved': [301, 'MISS'],
      '/gone': [404, 'MISS'],
      '/broken': [500, undefined],
    }
    const origin = await site((req, res) => {
      const [status, state] = states[req.url ?? ''] ?? [500, undefined]
      res.writeHead(status, {
        ...(state ? { 'x-isr-cache': state } : {}),
        ...(status === 301 ? { location: 'https://elsewhere.example/' } : {}),
      })
      res.end('<p>page</p>')
    })
    const report = await warm(pages(origin, ...Object.keys(states)), { concurrency: 3 })
    expect(report.total).toBe(8)
    expect(report.counts).toEqual({ rendered: 2, cached: 1, stale: 1, uncacheable: 2, failed: 2 })
    expect(report.failed.map((p) => [p.url.pathname, p.reason])).toEqual([
      ['/gone', '404 Not Found'],
      ['/broken', '500 Internal Server Error'],
    ])
    // The redirect was counted, not followed off the site.
    expect(server!.requests).toHaveLength(8)
  })

  it('sends plain GETs: no bypass, no cache-busting header or parameter', async () => {
    const origin = await site((_, res) => res.writeHead(200, { 'x-isr-cache': 'HIT' }).end())
    await warm(pages(origin, '/a?page=2'), { concurrency: 1 })
    const [request] = server!.requests
    expect(request?.method).toBe('GET')
    expect(request?.url).toBe('/a?page=2')
    for (const header of ['x-isr-bypass', 'cache-control', 'pragma', 'authorization', 'cookie', 'if-none-match']) {
      expect(request?.headers).not.toHaveProperty(header)
    }
    expect(request?.headers['user-agent']).toMatch(/^isrkit-cli\//)
  })

  it('reads each body to its end before counting the page', async () => {
    let ended = false
    const origin = await site(async (_, res) => {
      res.writeHead(200, { 'x-isr-cache': 'MISS' })
      res.write('<p>start')
      await sleep(100)
      res.end(' end</p>', () => {
        ended = true
      })
    })
    const result = await warmPage(new URL('/streamed', origin))
    expect(result.outcome).toBe('rendered')
    expect(ended).toBe(true)
  })

  it('keeps at most `concurrency` requests in flight', async () => {
    let inFlight = 0
    let most = 0
    const origin = await site(async (_, res) => {
      most = Math.max(most, ++inFlight)
      await sleep(30)
      inFlight--
      res.writeHead(200, { 'x-isr-cache': 'MISS' }).end()
    })
    const seen: string[] = []
    const report = await warm(pages(origin, ...Array.from({ length: 9 }, (_, i) => `/p${i}`)), {
      concurrency: 2,
      onPage: (page) => seen.push(page.url.pathname),
    })
    expect(report.counts.rendered).toBe(9)
    expect(most).toBe(2)
    expect(seen).toHaveLength(9)
  })

  it('starts at most `rate` requests a second', async () => {
    const starts: number[] = []
    const origin = await site((_, res) => {
      starts.push(performance.now())
      res.writeHead(200).end()
    })
    await warm(pages(origin, '/1', '/2', '/3', '/4', '/5'), { concurrency: 8, rate: 4 })
    expect(starts).toHaveLength(5)
    // Four start at once; the fifth waits for the one-second window to slide.
    expect((starts[4] as number) - (starts[0] as number)).toBeGreaterThanOrEqual(900)
    expect((starts[3] as number) - (starts[0] as number)).toBeLessThan(500)
  })

  it('counts a page whose server cannot be reached as failed, with the reason', async () => {
    const port = await closedPort()
    const report = await warm([new URL(`http://127.0.0.1:${port}/a`)], { concurrency: 1 })
    expect(report.failed.map((p) => p.reason)).toEqual(['connection refused'])
  })
})

describe('rateLimit', () => {
  it('uses one-second windows for whole rates and wider ones below one or with a fraction', () => {
    expect(rateLimit(undefined)).toEqual({})
    expect(rateLimit(10)).toEqual({ interval: 1000, intervalCap: 10, strict: true })
    expect(rateLimit(0.5)).toEqual({ interval: 2000, intervalCap: 1, strict: true })
    expect(rateLimit(2.5)).toEqual({ interval: 800, intervalCap: 2, strict: true })
  })
})

describe('outcomeOf', () => {
  it('reads the header case-insensitively and treats anything else as not cacheable', () => {
    expect(outcomeOf('miss')).toBe('rendered')
    expect(outcomeOf(' HIT ')).toBe('cached')
    expect(outcomeOf('STALE')).toBe('stale')
    expect(outcomeOf('BYPASS')).toBe('uncacheable')
    expect(outcomeOf(null)).toBe('uncacheable')
  })
})
