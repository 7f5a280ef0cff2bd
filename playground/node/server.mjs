// A plain Node server with isrkit in front of the site: `node server.mjs`.
// HOST/PORT (default 127.0.0.1:3000); fs storage in ISR_CACHE_DIR (default .isr-cache/) unless
// ISR_REDIS_URL is set; the control endpoint's secret comes from ISR_SECRET.
import { fileURLToPath } from 'node:url'
import { createISR } from '@isrkit/core'
import { serve } from 'srvx'
import { render } from './site.mjs'

const host = process.env.HOST || '127.0.0.1'
const port = Number(process.env.PORT || 3000)

const isr = createISR({
  storage: process.env.ISR_REDIS_URL
    ? { driver: 'redis', url: process.env.ISR_REDIS_URL }
    : { driver: 'fs', base: process.env.ISR_CACHE_DIR || fileURLToPath(new URL('./.isr-cache', import.meta.url)) },
  routes: {
    // The index is cached by a route rule; post pages state their own policy in headers.
    '/': { revalidate: Number(process.env.ISR_INDEX_REVALIDATE || 10) },
    '/posts/[slug]': { tags: ['posts'] },
    '/admin': false,
  },
  secret: process.env.ISR_SECRET || undefined,
  origin: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
})

const server = serve({
  hostname: host,
  port,
  silent: true,
  fetch: (request) => isr.handle(request, (r) => render(r, isr), { waitUntil: (p) => request.waitUntil?.(p) }),
})
await server.ready()
console.log(`playground-node listening on ${server.url}`)

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    await server.close(true)
    await isr.close()
    process.exit(0)
  })
}
