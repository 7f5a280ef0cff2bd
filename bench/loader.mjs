// autocannon in a process of its own, so the harness can pin it to cores the server does not run on (lib.mjs
// `measure`). `node loader.mjs '<json>'`: { url, path | random: { prefix, count } | sequence: prefix, headers,
// connections, duration | amount, pids }. Prints one JSON object: what autocannon counted, and the CPU seconds
// the server's processes (`pids`) used over the very span of the load.
import autocannon from 'autocannon'
import { cpuSeconds } from './proc.mjs'

const spec = JSON.parse(process.argv[2])

/** autocannon's target: one path, or a path chosen per request. */
function target() {
  if (spec.random) {
    const { prefix, count } = spec.random
    return [spec.url, (request) => ({ ...request, path: `${prefix}${Math.floor(Math.random() * count)}` })]
  }
  if (spec.sequence !== undefined) {
    let next = 0
    return [spec.url, (request) => ({ ...request, path: `${spec.sequence}${next++}` })]
  }
  return [`${spec.url}${spec.path}`]
}

const [url, setupRequest] = target()
const before = cpuSeconds(spec.pids)
const result = await autocannon({
  url,
  ...(setupRequest && { requests: [{ setupRequest }] }),
  headers: spec.headers ?? {},
  connections: spec.connections,
  ...(spec.amount ? { amount: spec.amount } : { duration: spec.duration }),
})
const cpu = cpuSeconds(spec.pids) - before

process.stdout.write(
  JSON.stringify({
    // Counted by autocannon over its whole run: requests answered, and bytes read off the sockets for them.
    requests: result.requests.total,
    bytes: result.throughput.total,
    seconds: result.duration,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    cpu,
  }),
)
