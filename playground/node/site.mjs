// The site itself: a blog whose posts live in a JSON file standing in for a CMS. Pages say how long they
// may be cached (`Cache-Control: s-maxage`, `Cache-Tag`); the index is cached by a route rule instead.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

// Edits go to a copy (ISR_DATA_DIR, default .data/), so the committed seed stays as it is.
const dataDir = process.env.ISR_DATA_DIR || fileURLToPath(new URL('./.data', import.meta.url))
const postsFile = join(dataDir, 'posts.json')
let renders = 0

export async function readPosts() {
  try {
    return JSON.parse(await readFile(postsFile, 'utf8'))
  } catch (error) {
    if (error.code !== 'ENOENT') throw error
    await mkdir(dataDir, { recursive: true })
    await copyFile(new URL('./data/posts.json', import.meta.url), postsFile)
    return JSON.parse(await readFile(postsFile, 'utf8'))
  }
}

async function savePosts(posts) {
  await writeFile(postsFile, `${JSON.stringify(posts, null, 2)}\n`)
}

const escapeHtml = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c])

function page(title, content, headers = {}, status = 200) {
  renders++
  const stamp = `<p class="stamp">rendered at <time data-render-time>${new Date().toISOString()}</time> (render #${renders} of this process ${process.pid})</p>`
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui;max-width:40rem;margin:2rem auto;padding:0 1rem}.stamp{color:#666;font-size:.85rem}</style>
</head><body><nav><a href="/">Home</a> · <a href="/admin">Admin</a></nav>${content}${stamp}</body></html>`
  return new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8', ...headers } })
}

/** Renders a request; `isr` is passed so the admin form can revalidate what it edits. */
export async function render(request, isr) {
  const url = new URL(request.url)
  if (url.pathname === '/') return index()
  const post = /^\/posts\/([a-z0-9-]+)$/.exec(url.pathname)
  if (post) return postPage(post[1])
  if (url.pathname === '/admin' && request.method === 'GET') return admin()
  if (url.pathname === '/admin' && request.method === 'POST') return edit(request, isr)
  return page('Not found', '<h1>Not found</h1>', {}, 404)
}

async function index() {
  const posts = await readPosts()
  const list = posts.map((p) => `<li><a href="/posts/${p.slug}">${escapeHtml(p.title)}</a></li>`).join('')
  return page('isrkit on Node', `<h1>isrkit on Node</h1><ul>${list}</ul>`)
}

async function postPage(slug) {
  const post = (await readPosts()).find((p) => p.slug === slug)
  // A missing post is cached briefly too (a negative entry), and heals once the post exists.
  if (!post) return page('No such post', '<h1>No such post</h1>', { 'cache-control': 's-maxage=60' }, 404)
  return page(post.title, `<article><h1>${escapeHtml(post.title)}</h1><p>${escapeHtml(post.body)}</p></article>`, {
    'cache-control': 's-maxage=60, stale-while-revalidate=600',
    'cache-tag': `post:${slug}, posts`,
  })
}

async function admin() {
  const posts = await readPosts()
  const forms = posts
    .map(
      (p) => `<form method="post"><input type="hidden" name="slug" value="${p.slug}">
<input name="title" value="${escapeHtml(p.title)}" size="40"> <button>Save and revalidate</button></form>`,
    )
    .join('')
  return page('Admin', `<h1>Edit posts</h1>${forms}`, { 'cache-control': 'private, no-store' })
}

async function edit(request, isr) {
  const form = await request.formData()
  const slug = String(form.get('slug') ?? '')
  const title = String(form.get('title') ?? '').trim()
  const posts = await readPosts()
  const post = posts.find((p) => p.slug === slug)
  if (!post || !title) return page('Bad request', '<h1>Unknown post or empty title</h1>', {}, 400)
  post.title = title
  await savePosts(posts)
  // On-demand ISR: the post page carries this tag; the index lists every title, so it goes too.
  await isr.revalidateTag(`post:${slug}`)
  await isr.revalidatePath('/')
  return new Response(null, { status: 303, headers: { location: `/posts/${slug}` } })
}
