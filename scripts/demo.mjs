// `pnpm demo` / `npm run demo`: starts the Node playground on embedded (fs) storage, walks through
// MISS → HIT → STALE → fresh on its index page, then keeps serving until Ctrl-C.
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'

const host = process.env.HOST || '127.0.0.1'
const port = Number(process.env.PORT || 3000)
const revalidate = 5
const base = `http://${host}:${port}`

const playground = new URL('../playground/node/', import.meta.url)
// A clean cache and the seed posts, so the walk-through starts with a miss on known content.
for (const dir of ['.isr-cache', '.data']) rmSync(new URL(dir, playground), { recursive: true, force: true })
const server = spawn(process.execPath, ['server.mjs'], {
  cwd: playground,
  env: { ...process.env, HOST: host, PORT: String(port), ISR_INDEX_REVALIDATE: String(revalidate) },
  stdio: ['ignore', 'pipe', 'inherit'],
})
const stop = () => server.kill('SIGTERM')
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
server.on('exit', (code) => process.exit(code ?? 0))
await new Promise((resolve, reject) => {
  server.stdout.on('data', (chunk) => (String(chunk).includes('listening') ? resolve() : undefined))
  server.once('exit', () => reject(new Error(`the playground server exited; is port ${port} free? (set PORT=...)`)))
})

async function visit(note) {
  const response = await fetch(`${base}/`)
  const html = await response.text()
  const stamp = /data-render-time>([^<]+)</.exec(html)?.[1] ?? '?'
  const state = response.headers.get('x-isr-cache')
  console.log(`  GET /  →  ${state?.padEnd(6)} page rendered at ${stamp}   ${note}`)
}

console.log(`\nisrkit demo: a Node site with ISR on embedded fs storage, at ${base}/`)
console.log(`The index page is cached by a route rule with revalidate: ${revalidate}s.\n`)
await visit('first visit: rendered, streamed to you and stored')
await visit('served from the cache, no render')
console.log(`  … waiting ${revalidate + 1}s for the entry to pass its revalidate time`)
await sleep((revalidate + 1) * 1000)
await visit('served stale at once; a fresh render runs in the background')
await sleep(300)
await visit('the fresh render, now cached')
console.log(`
Try it yourself:
  curl -i ${base}/                    # x-isr-cache, Cache-Status, Age, ETag
  open ${base}/posts/hello-isr        # a page that states its own policy (s-maxage + Cache-Tag)
  open ${base}/admin                  # edit a title: the post and the index are revalidated on demand
Ctrl-C stops the server.`)
