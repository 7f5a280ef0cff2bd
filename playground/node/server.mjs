// A plain Node server with isrkit in front of the site: `node server.mjs`.
// HOST/PORT (default 127.0.0.1:3000); fs storage in ISR_CACHE_DIR (default .isr-cache/) unless ISR_REDIS_URL
// is set (several instances then share one cache); the control endpoint's secret from ISR_SECRET;
// ISR_ORIGIN the site's public origin (instances behind a load balancer render and share pages for it);
// ISR_LEASE_TTL (seconds) shortens the cross-instance lease, for trying renewal.
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { createISR, redisFromEnv, webhooksFromEnv } from '@isrkit/core'
import { serve } from 'srvx'
import { render } from './site.mjs'

const host = process.env.HOST || '127.0.0.1'
const port = Number(process.env.PORT ?? 3000)
const about = await readFile(new URL('./about.html', import.meta.url))

const isr = createISR({
  // ISR_REDIS_URL, or ISR_REDIS_SENTINELS + ISR_REDIS_NAME: Redis; else fs.
  storage: redisFromEnv() ?? {
    driver: 'fs',
    base: process.env.ISR_CACHE_DIR || fileURLToPath(new URL('./.isr-cache', import.meta.url)),
  },
  routes: {
    // The index and /rules/* are cached by route rules; post pages state their own policy in headers.
    '/': { revalidate: Number(process.env.ISR_INDEX_REVALIDATE || 10), tags: ['posts'] },
    '/rules/**': { revalidate: 60, tags: ['rules'] },
    '/admin': false,
  },
  lease: process.env.ISR_LEASE_TTL ? { ttl: Number(process.env.ISR_LEASE_TTL) } : undefined,
  secret: process.env.ISR_SECRET || undefined,
  // CMS webhooks at /__isr/hooks/<vendor>: ISR_HOOK_<VENDOR>_SECRET turns each on (e.g. ISR_HOOK_SANITY_SECRET).
  webhooks: webhooksFromEnv(),
  origin: process.env.ISR_ORIGIN || undefined,
  // Draft mode: the isr_draft cookie (set by /api/draft) or ?__isr_bypass=<ISR_BYPASS_TOKEN> renders fresh, never stored.
  bypass: { cookies: ['isr_draft'], token: process.env.ISR_BYPASS_TOKEN || undefined },
  // ISR_CDN=standard|vercel|netlify|cloudflare|fastly: tell a CDN in front the same policy.
  cdn: process.env.ISR_CDN || false,
})

/**
 * Draft mode: /api/draft?token=<ISR_BYPASS_TOKEN> sets the isr_draft cookie (isrkit then renders every page
 * fresh for this browser and stores none); /api/draft?leave clears it.
 */
function draft(url) {
  const home = { location: '/' }
  if (url.searchParams.has('leave')) {
    return new Response(null, { status: 303, headers: { ...home, 'set-cookie': 'isr_draft=; Path=/; Max-Age=0' } })
  }
  const token = process.env.ISR_BYPASS_TOKEN
  if (!token || url.searchParams.get('token') !== token) return new Response('Wrong draft token', { status: 401 })
  const cookie = 'isr_draft=1; Path=/; HttpOnly; SameSite=Lax'
  return new Response(null, { status: 303, headers: { ...home, 'set-cookie': cookie } })
}

const server = serve({
  hostname: host,
  port,
  silent: true,
  fetch(request) {
    const url = new URL(request.url)
    // A static file, as a file server in front would serve it: isrkit never sees it.
    if (url.pathname === '/about') {
      return new Response(about, { headers: { 'content-type': 'text/html; charset=utf-8' } })
    }
    if (url.pathname === '/api/draft') return draft(url)
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
