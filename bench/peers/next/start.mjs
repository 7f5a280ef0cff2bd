// `next start` in this process (so the bench reads the server's own CPU time), on HOST and PORT, where PORT=0
// picks a free port first; prints `listening on <url>` once the server answers, as bench/lib.mjs startServer waits for.
import { createRequire } from 'node:module'
import { createServer } from 'node:net'

const host = process.env.HOST ?? '127.0.0.1'
let port = Number(process.env.PORT ?? 0)
if (port === 0) {
  port = await new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject)
    probe.listen(0, host, () => {
      const free = probe.address().port
      probe.close(() => resolve(free))
    })
  })
}
process.env.NEXT_TELEMETRY_DISABLED = '1'
process.chdir(import.meta.dirname)
process.argv = [process.argv[0], 'next', 'start', '-H', host, '-p', String(port)]
createRequire(import.meta.url)('next/dist/bin/next')

const url = `http://${host}:${port}`
for (;;) {
  try {
    await fetch(`${url}/page`).then((response) => response.arrayBuffer())
    break
  } catch {
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
console.log(`listening on ${url}`)
