// Micro-benchmark: `isr.handle()` answering a HIT from the memory tier, against building a bare
// `new Response(body)` of the same bytes, in one process and one run (ratios hold on noisy machines).
import { createISR } from '@isrkit/core'
import { Bench } from 'tinybench'

export async function benchCoreHandle({ time = 2000 } = {}) {
  const body = new TextEncoder().encode(`<!doctype html><html><body>${'<p>isrkit</p>'.repeat(1500)}</body></html>`)
  const headers = { 'content-type': 'text/html; charset=utf-8' }
  const isr = createISR({ routes: { '/': { revalidate: 3600 } }, logger: false })
  const render = () => new Response(body, { headers })
  const request = () => new Request('http://bench.test/', { headers: { accept: 'text/html' } })

  const warm = await isr.handle(request(), render)
  await warm.arrayBuffer()
  // The entry is stored once the render's body has been read and hashed, just after the first response.
  await new Promise((resolve) => setTimeout(resolve, 50))
  const check = await isr.handle(request(), render)
  if (check.headers.get('x-isr-cache') !== 'HIT') throw new Error('benchmark setup: expected a HIT')
  await check.arrayBuffer()

  const bench = new Bench({ time, warmup: true, warmupTime: 500 })
  bench
    .add('bare new Response(body)', async () => {
      await new Response(body, { headers }).arrayBuffer()
      request()
    })
    .add('isr.handle() HIT', async () => {
      await (await isr.handle(request(), render)).arrayBuffer()
    })
  await bench.run()
  await isr.close()

  const [bare, hit] = bench.tasks.map((t) => t.result)
  const rps = (r) => r.throughput.mean
  return {
    bodyBytes: body.byteLength,
    bare: { rps: rps(bare), meanUs: bare.latency.mean * 1000 },
    hit: { rps: rps(hit), meanUs: hit.latency.mean * 1000 },
    ratio: rps(hit) / rps(bare),
  }
}
