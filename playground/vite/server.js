// A Vite SSR server: `node server.js` serves the build, `node server.js --dev` runs Vite in middleware mode.
// HOST/PORT (default 127.0.0.1:5173); fs storage in ISR_CACHE_DIR (default .isr-cache/) unless ISR_REDIS_URL
// is set; the control endpoint's secret from ISR_SECRET.
import { readFile } from 'node:fs/promises'
import { createServer as createHttpServer } from 'node:http'
import { createISRMiddleware, isrFastPath, redisFromEnv, webhooksFromEnv } from '@isrkit/vite/node'
import express from 'express'

const dev = process.argv.includes('--dev')
const host = process.env.HOST || '127.0.0.1'
const port = Number(process.env.PORT ?? 5173)
const app = express()
app.disable('x-powered-by')
// The request handler is chosen below: the app itself in dev, the app behind isrkit's fast path in production.
const server = createHttpServer()

let vite
let isr
if (dev) {
  // isrkit comes with Vite's middlewares here, from the plugin in vite.config.js (only with ISR_DEV=1).
  const { createServer } = await import('vite')
  // HMR shares this server's port instead of opening its own.
  vite = await createServer({ server: { middlewareMode: true, hmr: { server } }, appType: 'custom' })
  app.use(vite.middlewares)
  server.on('request', app)
} else {
  // Static files first: assets and the prerendered /about never reach isrkit.
  app.use(express.static('dist/client', { index: false, extensions: ['html'] }))
  const middleware = createISRMiddleware({
    // ISR_REDIS_URL, or ISR_REDIS_SENTINELS + ISR_REDIS_NAME: Redis; else fs.
    storage: redisFromEnv() ?? { driver: 'fs', base: process.env.ISR_CACHE_DIR || '.isr-cache' },
    secret: process.env.ISR_SECRET || undefined,
    // CMS webhooks at /__isr/hooks/<vendor>: ISR_HOOK_<VENDOR>_SECRET turns each on (e.g. ISR_HOOK_SANITY_SECRET).
    webhooks: webhooksFromEnv(),
    // ISR_ORIGIN: the site's public origin, which every instance renders and shares pages for.
    origin: process.env.ISR_ORIGIN || undefined,
    // Draft mode: the isr_draft cookie (set by /api/draft) or ?__isr_bypass=<ISR_BYPASS_TOKEN> renders fresh, never stored.
    bypass: { cookies: ['isr_draft'], token: process.env.ISR_BYPASS_TOKEN || undefined },
    // ISR_CDN=standard|vercel|netlify|cloudflare|fastly: tell a CDN in front the same policy.
    cdn: process.env.ISR_CDN || false,
    routes: {
      '/': { revalidate: Number(process.env.ISR_INDEX_REVALIDATE || 30), tags: ['posts'] },
      '/rules/**': { revalidate: 60, tags: ['rules'] },
      '/admin': false,
    },
  })
  isr = middleware.isr
  app.use(middleware)
  // Fresh hits are written before Express runs (its static-file lookup, routing); the rest goes to the app.
  // ISR_FAST_PATH=0: the app alone, every hit answered by the middleware inside Express (the bench compares both).
  server.on('request', process.env.ISR_FAST_PATH === '0' ? app : isrFastPath(app, middleware))
}

const load = () => (dev ? vite.ssrLoadModule('/src/entry-server.ts') : import('./dist/server/entry-server.js'))
const template = async (url) =>
  dev ? vite.transformIndexHtml(url, await readFile('index.html', 'utf8')) : readFile('dist/client/index.html', 'utf8')

const revalidateTag = (tags) => isr?.revalidateTag(tags)
const revalidatePath = (path) => isr?.revalidatePath(path)

app.get('/api/stats', async (_req, res) => {
  res.set('cache-control', 'no-store').json((await load()).renderCounts())
})

// Draft mode: /api/draft?token=<ISR_BYPASS_TOKEN> sets the isr_draft cookie (isrkit then renders every page
// fresh for this browser and stores none); /api/draft?leave clears it.
app.get('/api/draft', (req, res) => {
  if ('leave' in req.query) return res.clearCookie('isr_draft', { path: '/' }).redirect(303, '/')
  const token = process.env.ISR_BYPASS_TOKEN
  if (!token || req.query.token !== token) return res.status(401).send('Wrong draft token')
  res.cookie('isr_draft', '1', { path: '/', httpOnly: true, sameSite: 'lax' }).redirect(303, '/')
})

app.post('/api/invalidate', express.json(), async (req, res) => {
  if (req.body.path) await revalidatePath(req.body.path)
  if (req.body.tags?.length) await revalidateTag(req.body.tags)
  res.json({ ok: true })
})

// On-demand ISR: an edit invalidates the post's data by its tag; the post page and the index, which showed
// that data, inherited the tag and render anew.
app.post('/api/posts/:slug', express.urlencoded({ extended: false }), async (req, res) => {
  const title = String(req.body.title ?? '').trim()
  if (!title || !(await (await load()).updateTitle(req.params.slug, title))) {
    return res.status(400).json({ ok: false, error: 'unknown post or empty title' })
  }
  await revalidateTag([`post:${req.params.slug}`])
  res.redirect(303, `/posts/${req.params.slug}`)
})

app.get('/admin', async (_req, res) => {
  const forms = (await (await load()).allPosts())
    .map(
      (p) =>
        `<form method="post" action="/api/posts/${p.slug}"><input name="title" value="${p.title.replace(/"/g, '&quot;')}" size="40"> <button>Save and revalidate</button></form>`,
    )
    .join('')
  res.set('cache-control', 'private, no-store').type('html').send(`<!doctype html><h1>Edit posts</h1>${forms}`)
})

app.use(async (req, res, next) => {
  try {
    const url = req.originalUrl
    const cookies = Object.fromEntries(
      (req.headers.cookie ?? '')
        .split(/;\s*/)
        .filter(Boolean)
        .map((c) => [c.split('=')[0], c.slice(c.indexOf('=') + 1)]),
    )
    // The page's absolute URL, as an app behind a proxy builds it (Express reads X-Forwarded-* with `trust proxy`).
    const origin = `${req.protocol}://${req.get('x-forwarded-host') ?? req.get('host')}`
    const rendered = await (await load()).render(url, cookies, origin, req.headers['accept-language'])
    const html = (await template(url))
      .replace('<!--app-head-->', rendered.head)
      .replace('<!--app-html-->', rendered.html)
    res
      .status(rendered.status)
      .set({ 'content-type': 'text/html; charset=utf-8', ...rendered.headers })
      .send(html)
  } catch (error) {
    vite?.ssrFixStacktrace(error)
    next(error)
  }
})

server.listen(port, host, () => {
  console.log(`playground-vite (${dev ? 'dev' : 'production'}) listening on http://${host}:${server.address().port}`)
})
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close()
    Promise.all([isr?.close(), vite?.close()]).finally(() => process.exit(0))
  })
}
