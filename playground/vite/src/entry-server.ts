// Server rendering: a URL (and the visitor's cookies) in, status, headers and HTML out. Pages say how long
// they may be cached with `Cache-Control: s-maxage` and `Cache-Tag`; the index is cached by a route rule.
import { allPosts, cmsReads, getPost } from './posts.ts'

export { allPosts, updateTitle } from './posts.ts'

export interface Rendered {
  status: number
  headers: Record<string, string | string[]>
  head: string
  html: string
}

const counts = new Map<string, number>()

export function renderCounts(): Record<string, number> {
  return { ...Object.fromEntries(counts), 'cms:reads': cmsReads() }
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)

/** What a real site's pages carry besides their content (and what makes them worth compressing). */
const FOOTER = `<footer><p>This demo blog is served by isrkit: every page is rendered once, kept in a cache, and rendered again in the background when its time is up or when the content changes. Posts live in a JSON file; edit one from the admin page and watch the index and the post change at once, while every other page keeps being answered from the cache.</p><p>Each page says when it was rendered and how many times, so you can see a cached answer (the same stamp), a stale one (the old stamp, with a fresh render on its way) and a miss (a new stamp). Response headers tell the same story: <code>x-isr-cache</code> and <code>Cache-Status</code>.</p></footer>`

function page(path: string, title: string, content: string, status = 200, headers: Rendered['headers'] = {}): Rendered {
  const count = (counts.get(path) ?? 0) + 1
  counts.set(path, count)
  const stamp = `<p class="stamp">rendered at <time data-render-time>${new Date().toISOString()}</time> (render <span data-render-count>${count}</span> of this page)</p>`
  const nav = '<nav><a href="/">Home</a> · <a href="/about">About</a> · <a href="/admin">Admin</a></nav>'
  return { status, headers, head: `<title>${escapeHtml(title)}</title>`, html: `${nav}${content}${stamp}${FOOTER}` }
}

const cache = (seconds: number, swr?: number, tags?: string[]) => ({
  'cache-control': swr === undefined ? `s-maxage=${seconds}` : `s-maxage=${seconds}, stale-while-revalidate=${swr}`,
  ...(tags ? { 'cache-tag': tags.join(', ') } : {}),
})

/** `origin`: where the app believes it is, for the absolute URLs a page prints (its canonical link). */
export async function render(
  url: string,
  cookies: Record<string, string> = {},
  origin = 'http://localhost',
  language?: string,
): Promise<Rendered> {
  const { pathname } = new URL(url, origin)
  if (pathname === '/') {
    const posts = await allPosts()
    const list = posts.map((p) => `<li><a href="/posts/${p.slug}">${escapeHtml(p.title)}</a></li>`).join('')
    return page('/', 'isrkit on Vite', `<h1>isrkit on Vite</h1><ul>${list}</ul>`)
  }
  const post = /^\/posts\/([a-z0-9-]+)$/.exec(pathname)
  if (post?.[1]) {
    const found = await getPost(post[1])
    if (!found) return page(pathname, 'No such post', '<h1>No such post</h1>', 404, cache(60))
    const counter = '<button type="button" data-counter>Liked 0 times</button>'
    const article = `<article><h1>${escapeHtml(found.title)}</h1><p>${escapeHtml(found.body)}</p>${counter}</article>`
    // No tags of its own: it inherits `post:<slug>` and `posts` from the query.
    return page(pathname, found.title, article, 200, cache(60, 600))
  }
  if (pathname === '/short') return page(pathname, 'Short-lived', '<h1>Fresh for one second</h1>', 200, cache(1, 300))
  if (pathname === '/slow') {
    await new Promise((resolve) => setTimeout(resolve, 300))
    return page(pathname, 'Slow', '<h1>Rendered slowly</h1>', 200, cache(60))
  }
  if (pathname.startsWith('/rules/')) {
    // No policy here: the '/rules/**' route rule caches it.
    const canonical = `<link rel="canonical" href="${escapeHtml(new URL(pathname, origin).href)}">`
    // /rules/lang greets in the visitor's language: isrkit never lets a visitor's header reach a shared render.
    const greeting = pathname === '/rules/lang' ? `<p data-language>${escapeHtml(language ?? 'none')}</p>` : ''
    const content = `${canonical}<h1>Cached by a route rule: ${escapeHtml(pathname.slice(7))}</h1>${greeting}`
    return page(pathname, 'Route rule', content)
  }
  if (pathname === '/cookie') {
    return page(pathname, 'Cookie', '<h1>This page sets a cookie</h1>', 200, {
      ...cache(60),
      'set-cookie': ['seen=yes; Path=/', 'theme=light; Path=/'],
    })
  }
  if (pathname === '/greet') {
    return page(pathname, 'Greeting', `<h1>Hello, ${escapeHtml(cookies.name ?? 'stranger')}</h1>`, 200, cache(60))
  }
  return page(pathname, 'Not found', '<h1>Not found</h1>', 404)
}
