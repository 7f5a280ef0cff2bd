// The site itself: a blog whose posts live in a JSON file standing in for a CMS, with the pages every
// playground serves (test/support/site-suite.ts). Pages say how long they may be cached
// (`Cache-Control: s-maxage`, `Cache-Tag`); the index and /rules/* are cached by route rules instead.
import { copyFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { webhooksFromEnv } from '@isrkit/core'

// Edits go to a copy (ISR_DATA_DIR, default .data/), so the committed seed stays as it is.
const dataDir = process.env.ISR_DATA_DIR || fileURLToPath(new URL('./.data', import.meta.url))
const postsFile = join(dataDir, 'posts.json')
const counts = new Map()
/** Reads of the posts file: the "CMS" queries, which the cached functions below save (see /api/stats). */
let reads = 0

async function readPosts() {
  reads++
  return loadPosts()
}

async function loadPosts() {
  try {
    return JSON.parse(await readFile(postsFile, 'utf8'))
  } catch (error) {
    if (error.code !== 'ENOENT') throw error
    seeding ??= seed()
    await seeding
    return JSON.parse(await readFile(postsFile, 'utf8'))
  }
}

// The first requests of a fresh data directory arrive together (a cache warm sends several at once): the
// copy is made once per process and appears whole, so no request reads it half-written. A temporary name
// of this process's own keeps instances sharing the directory from writing into one another's copy.
let seeding
async function seed() {
  await mkdir(dataDir, { recursive: true })
  const partial = `${postsFile}.${process.pid}.tmp`
  await copyFile(new URL('./data/posts.json', import.meta.url), partial)
  await rename(partial, postsFile)
}

/**
 * The CMS queries, cached with the instance's tags: a page that calls them inherits `posts` and
 * `post:<slug>`, so an edit invalidates `post:<slug>` alone and every page showing that post renders anew.
 */
/** The tags a CMS webhook's default mapping names a post by, for each vendor turned on (ISR_HOOK_<VENDOR>_SECRET). */
const hookTags = (slug) => Object.keys(webhooksFromEnv() ?? {}).flatMap((cms) => [`${cms}:post`, `${cms}:post:${slug}`])

let queries
function cms(isr) {
  queries ??= {
    slugs: isr.cached(async () => (await readPosts()).map((p) => p.slug), { name: 'slugs', tags: ['posts'] }),
    post: isr.cached(async (slug) => (await readPosts()).find((p) => p.slug === slug) ?? null, {
      name: 'post',
      revalidate: 600,
      tags: (slug) => ['posts', `post:${slug}`, ...hookTags(slug)],
    }),
  }
  return queries
}

/** Every post, each through its own cached query, so a page listing them inherits each post's tag. */
async function allPosts(isr) {
  const { slugs, post } = cms(isr)
  return (await Promise.all((await slugs()).map((slug) => post(slug)))).filter(Boolean)
}

async function updateTitle(slug, title) {
  const posts = await loadPosts()
  const post = posts.find((p) => p.slug === slug)
  if (!post) return false
  post.title = title
  await writeFile(postsFile, `${JSON.stringify(posts, null, 2)}\n`)
  return true
}

const escapeHtml = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c])

const cache = (seconds, swr, tags) => ({
  'cache-control': swr === undefined ? `s-maxage=${seconds}` : `s-maxage=${seconds}, stale-while-revalidate=${swr}`,
  ...(tags ? { 'cache-tag': tags.join(', ') } : {}),
})

/** What a real site's pages carry besides their content (and what makes them worth compressing). */
const FOOTER = `<footer><p>This demo blog is served by isrkit: every page is rendered once, kept in a cache, and rendered again in the background when its time is up or when the content changes. Posts live in a JSON file; edit one from the admin page and watch the index and the post change at once, while every other page keeps being answered from the cache.</p><p>Each page says when it was rendered and how many times, so you can see a cached answer (the same stamp), a stale one (the old stamp, with a fresh render on its way) and a miss (a new stamp). Response headers tell the same story: <code>x-isr-cache</code> and <code>Cache-Status</code>.</p></footer>`

function page(path, title, content, { status = 200, headers = {} } = {}) {
  const count = (counts.get(path) ?? 0) + 1
  counts.set(path, count)
  const stamp = `<p class="stamp">rendered at <time data-render-time>${new Date().toISOString()}</time> (render <span data-render-count>${count}</span> of this page, process ${process.pid})</p>`
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui;max-width:40rem;margin:2rem auto;padding:0 1rem}.stamp{color:#666;font-size:.85rem}</style>
</head><body><nav><a href="/">Home</a> · <a href="/about">About</a> · <a href="/admin">Admin</a></nav>${content}${stamp}${FOOTER}
<script>for (const b of document.querySelectorAll('[data-counter]')) { let n = 0; b.onclick = () => { n++; b.textContent = 'Liked ' + n + (n === 1 ? ' time' : ' times') } }</script>
</body></html>`
  const list = Object.entries(headers).flatMap(([name, value]) =>
    Array.isArray(value) ? value.map((v) => [name, v]) : [[name, value]],
  )
  return new Response(body, { status, headers: [['content-type', 'text/html; charset=utf-8'], ...list] })
}

function cookiesOf(request) {
  return Object.fromEntries(
    (request.headers.get('cookie') ?? '')
      .split(/;\s*/)
      .filter(Boolean)
      .map((c) => [c.split('=')[0], c.slice(c.indexOf('=') + 1)]),
  )
}

/** Renders a request; `isr` is passed so the endpoints and the admin form can revalidate what they change. */
export async function render(request, isr) {
  const url = new URL(request.url)
  const path = url.pathname
  if (path === '/') {
    const posts = await allPosts(isr)
    const list = posts.map((p) => `<li><a href="/posts/${p.slug}">${escapeHtml(p.title)}</a></li>`).join('')
    return page('/', 'isrkit on Node', `<h1>isrkit on Node</h1><ul>${list}</ul>`)
  }
  const post = /^\/posts\/([a-z0-9-]+)$/.exec(path)
  if (post) {
    const found = await cms(isr).post(post[1])
    if (!found) return page(path, 'No such post', '<h1>No such post</h1>', { status: 404, headers: cache(60) })
    const article = `<article><h1>${escapeHtml(found.title)}</h1><p>${escapeHtml(found.body)}</p><button type="button" data-counter>Liked 0 times</button></article>`
    // No tags of its own: it inherits `post:<slug>` and `posts` from the query.
    return page(path, found.title, article, { headers: cache(60, 600) })
  }
  if (path === '/short') return page(path, 'Short-lived', '<h1>Fresh for one second</h1>', { headers: cache(1, 300) })
  if (path === '/slow' || path === '/slower') {
    // /slower outlasts a short lease (ISR_LEASE_TTL): renewal must keep other instances from rendering it too.
    await new Promise((resolve) => setTimeout(resolve, path === '/slow' ? 300 : 2500))
    return page(path, 'Slow', '<h1>Rendered slowly</h1>', { headers: cache(60) })
  }
  if (path.startsWith('/rules/')) {
    const canonical = `<link rel="canonical" href="${escapeHtml(url.href)}">`
    // /rules/lang greets in the visitor's language: isrkit never lets a visitor's header reach a shared render.
    const language =
      path === '/rules/lang'
        ? `<p data-language>${escapeHtml(request.headers.get('accept-language') ?? 'none')}</p>`
        : ''
    const content = `${canonical}<h1>Cached by a route rule: ${escapeHtml(path.slice(7))}</h1>${language}`
    return page(path, 'Route rule', content)
  }
  if (path === '/cookie') {
    return page(path, 'Cookie', '<h1>This page sets a cookie</h1>', {
      headers: { ...cache(60), 'set-cookie': 'seen=yes; Path=/' },
    })
  }
  if (path === '/greet') {
    return page(path, 'Greeting', `<h1>Hello, ${escapeHtml(cookiesOf(request).name ?? 'stranger')}</h1>`, {
      headers: cache(60),
    })
  }
  if (path === '/admin' && request.method === 'GET') return admin(isr)
  if (path === '/api/stats')
    return Response.json(
      { ...Object.fromEntries(counts), 'cms:reads': reads },
      { headers: { 'cache-control': 'no-store' } },
    )
  if (path === '/api/invalidate' && request.method === 'POST') {
    const body = await request.json()
    if (body.path) await isr.revalidatePath(body.path)
    if (body.tags?.length) await isr.revalidateTag(body.tags)
    return Response.json({ ok: true })
  }
  if (path === '/sitemap.xml') return sitemap(isr)
  const edit = /^\/api\/posts\/([a-z0-9-]+)$/.exec(path)
  if (edit && request.method === 'POST') return save(edit[1], await request.formData(), isr)
  return page(path, 'Not found', '<h1>Not found</h1>', { status: 404 })
}

// Real sitemaps name the public host, not the address a server listens on: `isrkit warm --sitemap` moves
// each <loc> to the origin it warms.
async function sitemap(isr) {
  const locs = ['/', ...(await cms(isr).slugs()).map((slug) => `/posts/${slug}`)]
  const urls = locs.map((loc) => `<url><loc>https://example.com${loc}</loc></url>`).join('\n  ')
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  ${urls}
</urlset>
`
  return new Response(xml, { headers: { 'content-type': 'application/xml; charset=utf-8' } })
}

async function admin(isr) {
  const forms = (await allPosts(isr))
    .map(
      (p) =>
        `<form method="post" action="/api/posts/${p.slug}"><input name="title" value="${escapeHtml(p.title)}" size="40"> <button>Save and revalidate</button></form>`,
    )
    .join('')
  return new Response(`<!doctype html><h1>Edit posts</h1>${forms}`, {
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'private, no-store' },
  })
}

// On-demand ISR: an edit invalidates the post's data by its tag; the post page and the index, which showed
// that data, inherited the tag and render anew.
async function save(slug, form, isr) {
  const title = String(form.get('title') ?? '').trim()
  if (!title || !(await updateTitle(slug, title))) {
    return Response.json({ ok: false, error: 'unknown post or empty title' }, { status: 400 })
  }
  await isr.revalidateTag(`post:${slug}`)
  return new Response(null, { status: 303, headers: { location: `/posts/${slug}` } })
}
