// A plain Node server with isrkit in front of the site: `node server.mjs`.
// HOST/PORT (default 127.0.0.1:3000); fs storage in ISR_CACHE_DIR (default .isr-cache/) unless ISR_REDIS_URL
// is set (several instances then share one cache); the control endpoint's secret from ISR_SECRET;
// ISR_LEASE_TTL (seconds) shortens the cross-instance lease, for trying renewal.
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { createISR } from '@isrkit/core'
import { serve } from 'srvx'
import { render } from './site.mjs'

const host = process.env.HOST || '127.0.0.1'
const port = Number(process.env.PORT ?? 3000)
const about = await readFile(new URL('./about.html', import.meta.url))

const isr = createISR({
  storage: process.env.ISR_REDIS_URL
    ? { driver: 'redis', url: process.env.ISR_REDIS_URL }
    : { driver: 'fs', base: process.env.ISR_CACHE_DIR || fileURLToPath(new URL('./.isr-cache', import.meta.url)) },
  routes: {
    // The index and /rules/* are cached by route rules; post pages state their own policy in headers.
    '/': { revalidate: Number(process.env.ISR_INDEX_REVALIDATE || 10), tags: ['posts'] },
    '/rules/**': { revalidate: 60, tags: ['rules'] },
    '/admin': false,
  },
  lease: process.env.ISR_LEASE_TTL ? { ttl: Number(process.env.ISR_LEASE_TTL) } : undefined,
  secret: process.env.ISR_SECRET || undefined,
})

const server = serve({
  hostname: host,
  port,
  silent: true,
  fetch(request) {
    // A static file, as a file server in front would serve it: isrkit never sees it.
    if (new URL(request.url).pathname === '/about') {
      return new Response(about, { headers: { 'content-type': 'text/html; charset=utf-8' } })
    }
    const address = request.runtime?.node?.req?.socket
    const origin = address ? `http://${address.localAddress}:${address.localPort}` : undefined
    return isr.handle(request, (r) => render(r, isr), { waitUntil: (p) => request.waitUntil?.(p), origin })
  },
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
