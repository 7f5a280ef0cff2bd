// `pnpm bench`: runs the benchmarks and prints ratios measured in the same run.
import { benchCoreHandle } from './core-handle.mjs'

const smoke = process.argv.includes('--smoke')
const result = await benchCoreHandle({ time: smoke ? 300 : 3000 })
const fmt = (n) => Math.round(n).toLocaleString('en-US')
console.log(`core: handle() HIT vs bare new Response() — ${result.bodyBytes} byte HTML page, same process, same run`)
console.table({
  'bare new Response(body)': { 'req/s': fmt(result.bare.rps), 'mean µs': result.bare.meanUs.toFixed(2), ratio: '1.00' },
  'isr.handle() HIT': {
    'req/s': fmt(result.hit.rps),
    'mean µs': result.hit.meanUs.toFixed(2),
    ratio: result.ratio.toFixed(2),
  },
})
