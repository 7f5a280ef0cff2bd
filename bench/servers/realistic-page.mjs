// A server-rendered article page as frameworks emit them, generated from a seed so every run and every server
// sends the same bytes: head with meta tags and an inline <style>, nested markup with BEM-like class names and
// scoped-style attributes, a navigation, an article of varied prose with headings, a list, a table and a quote,
// inline SVG icons, related-post cards, comments, a footer, and the page's data again as a
// <script type="application/json"> blob for hydration. Compression rows are only meaningful on bytes that
// compress like a real page (about 4–8:1 with gzip), not a repeated paragraph (which gzips 26:1).

/** mulberry32: a small seeded generator, enough for reproducible filler. */
function random(seed) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

// Common words first: picks lean to the front of the list (below), as word frequencies do in prose.
const WORDS =
  `the of and to in a is that for it as was with be by on not he this are or his from at which but have an they you
were her she there been one all we their has would when if so no will more can out up about who them some could
what into only time than other then its also two like new may first now over such very after most made these any
where well way even many much because through those people before must years between each same under three great
while both down part might however world work since long life being still public without system city small
number state later during against large often until place right four point found water given early house order
area high local general second using called another power least change report every night group service market
family support member control moment result example figure street research policy question season course page
cache render server request response header network browser storage memory latency traffic engine framework
template component layout route client deploy release version update build static dynamic stale fresh origin
edge region cluster worker thread process signal socket stream buffer chunk payload schema index query table
column record field value token session cookie secret budget metric sample profile trace error retry timeout
window bucket queue batch limit quota tenant account invoice product catalog basket checkout payment shipment
warehouse supplier partner review rating comment author editor reader writer draft publish archive garden river
mountain harbour village bakery library museum station bridge tunnel forest meadow island coast autumn winter
spring summer morning evening weekend holiday journey festival concert gallery theatre stadium kitchen quietly
rapidly carefully nearly rarely simply clearly mostly barely openly gently firmly slowly freshly briefly bright
narrow ancient modern gentle steady heavy subtle urgent curious patient honest modest vivid careful clever`.split(/\s+/)
const FIRST = ['Ada', 'Grace', 'Linus', 'Margaret', 'Dennis', 'Barbara', 'Ken', 'Radia', 'Frances', 'Edsger']
const LAST = ['Lovelace', 'Hopper', 'Torvalds', 'Hamilton', 'Ritchie', 'Liskov', 'Thompson', 'Perlman', 'Allen']
const TAGS = ['caching', 'performance', 'edge', 'astro', 'sveltekit', 'vite', 'node', 'http', 'cdn', 'ops']

// Inline icons, repeated wherever a component uses them, as component libraries render them.
const ICONS = {
  arrow:
    '<svg class="icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true"><path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" d="M5 12h14M13 6l6 6-6 6"/></svg>',
  heart:
    '<svg class="icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true"><path fill="currentColor" d="M12 21s-6.7-4.4-9.3-8.1C.6 9.8 2.2 5.5 6.1 5.1c2.1-.2 3.9 1 5.9 3.1 2-2.1 3.8-3.3 5.9-3.1 3.9.4 5.5 4.7 3.4 7.8C18.7 16.6 12 21 12 21z"/></svg>',
  clock:
    '<svg class="icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true"><circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" stroke-width="2"/><path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" d="M12 7v5l3 2"/></svg>',
}

/** Marks every classed element of a component with its scoped-style attribute, as Astro, Vue and Svelte do. */
const scoped = (html, hash) => html.replace(/ class="/g, ` data-astro-cid-${hash} class="`)

/** The page's HTML (about 40 KB) for `seed`; the same seed always gives the same string. */
export function realisticPage(seed) {
  const next = random(seed)
  const int = (n) => Math.floor(next() * n)
  const pick = (list) => list[int(list.length)]
  // Skewed towards the front of WORDS, as real word frequencies are.
  const word = () => WORDS[Math.floor(WORDS.length * next() ** 2.2)]
  const words = (min, max) => Array.from({ length: min + int(max - min + 1) }, word)
  const sentence = () => {
    const text = words(6, 18).join(' ')
    const clause = next() < 0.3 ? `, ${words(3, 8).join(' ')}` : ''
    return `${text[0].toUpperCase()}${text.slice(1)}${clause}${pick(['.', '.', '.', '?', '!'])}`
  }
  const paragraph = () => Array.from({ length: 2 + int(4) }, sentence).join(' ')
  const title = (min = 3, max = 8) => {
    const text = words(min, max).join(' ')
    return `${text[0].toUpperCase()}${text.slice(1)}`
  }
  const slug = (text) => text.toLowerCase().replace(/[^a-z]+/g, '-')
  const person = () => `${pick(FIRST)} ${pick(LAST)}`
  const date = () => `2026-${String(1 + int(12)).padStart(2, '0')}-${String(1 + int(28)).padStart(2, '0')}`
  const attribute = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')

  const post = { title: title(5, 9), author: person(), published: date(), tags: [pick(TAGS), pick(TAGS)] }
  const sections = Array.from({ length: 5 }, () => ({
    heading: title(),
    paragraphs: Array.from({ length: 3 }, paragraph),
  }))
  const related = Array.from({ length: 6 }, () => {
    const heading = title(4, 8)
    return { title: heading, slug: slug(heading), excerpt: sentence(), author: person(), date: date(), tag: pick(TAGS) }
  })
  const comments = Array.from({ length: 6 }, (_, i) => ({
    id: 1000 + i * 7 + int(7),
    author: person(),
    date: date(),
    body: Array.from({ length: 1 + int(3) }, sentence).join(' '),
    likes: int(80),
  }))
  const nav = ['Home', 'Articles', 'Guides', 'Changelog', 'Pricing', 'About', 'Contact']
  const rows = Array.from({ length: 12 }, () => ({
    region: `${pick(['eu', 'us', 'ap', 'sa'])}-${pick(['west', 'east', 'north', 'central'])}-${1 + int(3)}`,
    hits: 10_000 + int(990_000),
    p50: (0.4 + next() * 4).toFixed(2),
    p99: (5 + next() * 60).toFixed(1),
    ratio: (80 + next() * 19.9).toFixed(1),
  }))

  const style = generateStyle(next)
  const data = JSON.stringify({ post, related, comments, route: `/posts/${slug(post.title)}`, build: int(1e9) })

  const head = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${attribute(post.title)} · Field Notes</title>`,
    `<meta name="description" content="${attribute(sentence())}">`,
    `<meta property="og:title" content="${attribute(post.title)}">`,
    `<meta property="og:type" content="article"><meta property="article:published_time" content="${post.published}">`,
    `<link rel="canonical" href="https://notes.example.com/posts/${slug(post.title)}">`,
    '<link rel="icon" href="/favicon.svg" type="image/svg+xml">',
    `<link rel="modulepreload" href="/_app/immutable/entry/start.${int(1e8).toString(36)}.js">`,
    `<style>${style}</style>`,
  ].join('')

  const header = scoped(
    `<header class="site-header"><div class="site-header__inner container"><a class="site-header__logo" href="/">Field Notes</a><nav class="site-nav" aria-label="Main"><ul class="site-nav__list">${nav
      .map(
        (item) =>
          `<li class="site-nav__item"><a class="site-nav__link${item === 'Articles' ? ' site-nav__link--active' : ''}" href="/${slug(item)}">${item}</a></li>`,
      )
      .join('')}</ul></nav></div></header>`,
    'h7d2k4qz',
  )

  const table = `<div class="table-wrap"><table class="data-table"><thead><tr><th>Region</th><th>Hits</th><th>p50 ms</th><th>p99 ms</th><th>Hit ratio %</th></tr></thead><tbody>${rows
    .map(
      (r) =>
        `<tr><td class="data-table__name">${r.region}</td><td class="num">${r.hits.toLocaleString('en-US')}</td><td class="num">${r.p50}</td><td class="num">${r.p99}</td><td class="num">${r.ratio}</td></tr>`,
    )
    .join('')}</tbody></table></div>`
  // Each section ends with one of the blocks an article mixes into its prose.
  const blocks = [
    () => `<ul class="prose__list">${Array.from({ length: 5 }, () => `<li>${sentence()}</li>`).join('')}</ul>`,
    (id) =>
      `<figure class="prose__figure"><img src="/images/${id}.webp" alt="${attribute(title())}" width="1200" height="675" loading="lazy" decoding="async"><figcaption>${sentence()}</figcaption></figure>`,
    () => `<blockquote class="prose__quote"><p>${sentence()}</p><cite>${person()}</cite></blockquote>`,
    () => table,
    () =>
      `<pre class="code"><code class="language-js">const answer = await isr.handle(request, render)\nconsole.log(answer.headers.get('${pick(['cache-status', 'age', 'etag'])}'))</code></pre>`,
  ]
  const article = scoped(
    sections
      .map((section, i) => {
        const id = slug(section.heading)
        const paragraphs = section.paragraphs.map((text) => `<p class="prose__p">${text}</p>`).join('')
        return `<section class="prose__section" aria-labelledby="${id}"><h2 class="prose__h2" id="${id}"><a class="anchor" href="#${id}">#</a>${section.heading}</h2>${paragraphs}${blocks[i](id)}</section>`
      })
      .join(''),
    'p2m8v6ra',
  )

  const toc = scoped(
    `<nav class="toc" aria-label="On this page"><h2 class="toc__title">On this page</h2><ol class="toc__list">${sections
      .map((s) => `<li class="toc__item"><a class="toc__link" href="#${slug(s.heading)}">${s.heading}</a></li>`)
      .join('')}</ol></nav>`,
    'c5t1n0wb',
  )

  const cards = related
    .map((r) =>
      scoped(
        `<li class="card"><article class="card__inner"><a class="card__link" href="/posts/${r.slug}"><h3 class="card__title">${r.title}</h3>${ICONS.arrow}</a><p class="card__excerpt">${r.excerpt}</p><footer class="card__meta"><span class="card__author">${r.author}</span> · ${ICONS.clock}<time datetime="${r.date}">${r.date}</time> · <a class="tag tag--${r.tag}" href="/tags/${r.tag}">#${r.tag}</a></footer></article></li>`,
        'x3kq9d2f',
      ),
    )
    .join('')

  const commentList = comments
    .map((c) =>
      scoped(
        `<li class="comment" id="comment-${c.id}"><div class="comment__head"><span class="avatar avatar--${c.id % 6}" aria-hidden="true">${c.author[0]}</span><strong class="comment__author">${c.author}</strong><time class="comment__time" datetime="${c.date}">${c.date}</time></div><p class="comment__body">${c.body}</p><button class="button button--ghost comment__like" type="button" data-id="${c.id}">${ICONS.heart} ${c.likes}</button></li>`,
        'r9w4j1ge',
      ),
    )
    .join('')

  const footerColumn = (heading) => {
    const links = Array.from({ length: 5 }, () => {
      const label = title(1, 3)
      return `<li><a class="site-footer__link" href="/${slug(heading)}/${slug(label)}">${label}</a></li>`
    })
    return `<div class="site-footer__col"><h2 class="site-footer__heading">${heading}</h2><ul class="site-footer__list">${links.join('')}</ul></div>`
  }
  const footer = scoped(
    `<footer class="site-footer"><div class="site-footer__inner container">${['Product', 'Resources', 'Company']
      .map(footerColumn)
      .join('')}<p class="site-footer__legal">© 2026 Field Notes. ${sentence()}</p></div></footer>`,
    'f8b3e6ly',
  )

  const tags = post.tags.map((t) => `<a class="tag tag--${t}" href="/tags/${t}">#${t}</a>`).join(' ')
  const intro = scoped(
    `<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li><li><a href="/articles">Articles</a></li><li aria-current="page">${post.title}</li></ol></nav><header class="prose__header"><h1 class="prose__title">${post.title}</h1><p class="byline">By <a class="byline__author" href="/authors/${slug(post.author)}">${post.author}</a> · ${ICONS.clock}<time datetime="${post.published}">${post.published}</time> · ${tags}</p><p class="prose__lead">${paragraph()}</p></header>`,
    'p2m8v6ra',
  )
  const main = `<main class="container layout__main"><article class="prose">${intro}${toc}${article}</article><aside class="related" aria-labelledby="related"><h2 class="related__title" id="related">Related posts</h2><ul class="card-grid">${cards}</ul></aside><section class="comments" aria-labelledby="comments"><h2 id="comments">Comments (${comments.length})</h2><ol class="comment-list">${commentList}</ol></section></main>`
  // The page's data again, for hydration; `<` escaped as frameworks do so no string ends the script early.
  const hydration = `<script type="application/json" id="__page_data">${data.replace(/</g, '\\u003c')}</script><script type="module" src="/_app/immutable/entry/app.${int(1e8).toString(36)}.js"></script>`

  return `<!doctype html><html lang="en"><head>${head}</head><body class="layout layout--article">${header}${main}${footer}${hydration}</body></html>`
}

const PALETTE = ['#1d1f23', '#0b6bcb', '#6b7280', '#e5e7eb', '#b45309', '#047857', '#be123c', '#f8fafc']
const SCALE = ['.25rem', '.5rem', '.75rem', '1rem', '1.25rem', '1.5rem', '2rem', '3rem']

/** An inline stylesheet of the page's components: the kind a framework inlines for above-the-fold styles. */
function generateStyle(next) {
  // Design tokens: a palette and a spacing scale, as stylesheets repeat them.
  const colour = () => PALETTE[Math.floor(next() * PALETTE.length)]
  const size = () => SCALE[Math.floor(next() * SCALE.length)]
  const blocks = [
    'site-header',
    'site-nav',
    'breadcrumbs',
    'prose',
    'byline',
    'toc',
    'card',
    'comment',
    'site-footer',
    'tag',
    'button',
    'data-table',
  ]
  const elements = ['', '__inner', '__title', '__link', '__list', '__item', '__meta', '--active']
  const rules = [
    ':root{--fg:#1d1f23;--bg:#fdfcf9;--accent:#0b6bcb;--muted:#6b7280;--radius:6px;--space:1rem}',
    '*,*::before,*::after{box-sizing:border-box}body{margin:0;font:16px/1.6 system-ui,sans-serif;color:var(--fg);background:var(--bg)}',
    '.container{max-width:72rem;margin-inline:auto;padding-inline:var(--space)}',
  ]
  for (const block of blocks) {
    for (const element of elements) {
      if (next() < 0.45) continue
      rules.push(
        `.${block}${element}{${[
          `color:${colour()}`,
          `margin:${size()} 0`,
          `padding:${size()} ${size()}`,
          `font-size:${size()}`,
          `border-radius:${Math.floor(next() * 12)}px`,
          'display:flex;align-items:center;gap:.5rem',
          `border:1px solid ${colour()}`,
          'text-decoration:none',
        ]
          .filter(() => next() < 0.5)
          .join(';')}}`,
      )
    }
  }
  rules.push(
    `@media (max-width:${40 + Math.floor(next() * 20)}rem){.site-nav__list{flex-direction:column}.card-grid{grid-template-columns:1fr}}`,
  )
  return rules.join('')
}
