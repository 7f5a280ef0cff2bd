// `pnpm demo` / `npm run demo`: starts the built Astro playground on embedded (fs) storage, walks through
// MISS → HIT → STALE → fresh, then keeps serving until Ctrl-C.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'

const host = process.env.HOST || '127.0.0.1'
const port = Number(process.env.PORT || 4321)
const base = `http://${host}:${port}`
const playground = new URL('../playground/astro/', import.meta.url)
// The dashboard's sign-in (and the control endpoint's) secret: the one you set, else one for this run.
const secret = process.env.ISR_SECRET || `demo-${randomBytes(12).toString('hex')}`

// A clean cache and the seed posts, so the walk-through starts with a miss on known content.
for (const dir of ['.isr-cache', '.data']) rmSync(new URL(dir, playground), { recursive: true, force: true })
const server = spawn(process.execPath, ['dist/server/entry.mjs'], {
  cwd: playground,
  env: { ...process.env, HOST: host, PORT: String(port), ISR_SECRET: secret },
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

async function visit(path, note) {
  const response = await fetch(`${base}${path}`)
  const html = await response.text()
  const count = /data-render-count[^>]*>(\d+)</.exec(html)?.[1] ?? '?'
  const state = response.headers.get('x-isr-cache') ?? '-'
  console.log(`  GET ${path.padEnd(7)} → ${state.padEnd(6)} render #${count}   ${note}`)
}

console.log(`\nisrkit demo: an Astro 7 blog with ISR on embedded fs storage, at ${base}/\n`)
await visit('/', 'first visit: rendered, streamed to you and stored')
await sleep(100)
await visit('/', 'served from the cache: no render')
await visit('/short', 'a page that says Astro.cache.set({ maxAge: 1, swr: 300 })')
await sleep(1200)
await visit('/short', 'past maxAge: served stale at once, a fresh render runs in the background')
await sleep(300)
await visit('/short', 'the fresh render, now cached')
console.log(`
Try it yourself:
  curl -i ${base}/                       # x-isr-cache, Cache-Status, Age, ETag
  open ${base}/posts/hello-isr           # Astro.cache.set({ maxAge: 60, swr: 600 }); its tags come from getPost()
  open ${base}/admin                     # edit a title: Astro.cache.invalidate() shows it at once
  curl -i -H 'cookie: name=you' ${base}/greet   # a page that reads cookies is rendered for you alone

The dashboard: ${base}/__isr/   (sign in with the secret ${secret})
Ctrl-C stops the server.`)
