// docs/architecture.md "Seeing the cache": the dashboard's two pages (sign-in, and the dashboard itself) and its
// script. No framework: the script reads the control endpoint's JSON (history, status, entries, explain),
// draws the hour with uPlot, and posts revalidations; its stylesheet and uPlot are served beside it.

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1b1f24}
header{display:flex;gap:1rem;align-items:center;padding:.75rem 1.25rem;background:#1b1f24;color:#fff}
header h1{font-size:1rem;margin:0;font-weight:600}header form{margin-left:auto}
main{padding:1rem 1.25rem;display:grid;gap:1rem}section{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:1rem}
h2{font-size:.95rem;margin:0 0 .75rem}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #eef0f3;vertical-align:top}
th{font-weight:600;color:#57606a}input{font:inherit;padding:.3rem .5rem;border:1px solid #c9ced6;border-radius:6px}
button{font:inherit;padding:.25rem .6rem;border:1px solid #c9ced6;border-radius:6px;background:#fff;cursor:pointer}button:hover{background:#eef0f3}
.fresh{color:#1a7f37}.stale{color:#9a6700}.expired,.gone{color:#cf222e}.muted{color:#57606a}.row{display:flex;gap:.5rem;flex-wrap:wrap;align-items:center;margin-bottom:.75rem}
pre{background:#f6f8fa;padding:.75rem;border-radius:6px;overflow:auto;max-height:20rem}#events li{font-family:ui-monospace,monospace;font-size:12px}
.signin{max-width:22rem;margin:6rem auto;background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:1.5rem}.signin input{width:100%;box-sizing:border-box;margin:.5rem 0}
.error{color:#cf222e}
`

export const DASHBOARD_STYLE = STYLE

export function signInPage(prefix: string, error?: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>isrkit — sign in</title>
<link rel="stylesheet" href="${prefix}/assets/dashboard.css"></head><body>
<form class="signin" method="post" action="${prefix}/login"><h1>isrkit</h1>
<label for="secret">The site's secret (<code>ISR_SECRET</code>)</label>
<input id="secret" name="secret" type="password" autocomplete="current-password" required autofocus>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}<button type="submit">Sign in</button></form></body></html>`
}

export function dashboardPage(prefix: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>isrkit</title>
<link rel="stylesheet" href="${prefix}/assets/uplot.css"><link rel="stylesheet" href="${prefix}/assets/dashboard.css">
</head><body data-prefix="${escapeHtml(prefix)}">
<header><h1>isrkit</h1><span id="summary" class="muted"></span>
<form method="post" action="${prefix}/logout"><button type="submit">Sign out</button></form></header>
<main>
<section><h2>The last hour, per minute</h2><div id="chart"></div></section>
<section><h2>Instances</h2><table id="instances"><thead><tr><th>Instance</th><th>Build</th><th>Up since</th><th>Last heard</th></tr></thead><tbody></tbody></table></section>
<section><h2>Entries</h2>
<div class="row"><input id="path" placeholder="Path contains…"><input id="tag" placeholder="Tag">
<span id="tag-actions" hidden>Tag: <button data-tag-mode="stale">Revalidate</button><button data-tag-mode="eager">Revalidate now</button><button data-tag-mode="purge">Purge</button></span>
<span id="count" class="muted"></span></div>
<table id="entries"><thead><tr><th>Path</th><th>Variants</th><th>Verdict</th><th>Age</th><th>Size</th><th>Encodings</th><th>Tags</th><th></th></tr></thead><tbody></tbody></table>
<pre id="explain" hidden></pre></section>
<section><h2>Live events</h2><ul id="events"></ul></section>
</main>
<script src="${prefix}/assets/uplot.js"></script><script src="${prefix}/assets/dashboard.js"></script></body></html>`
}

/** The dashboard's script: plain DOM and fetch, run after uPlot's. */
export const DASHBOARD_SCRIPT = `(() => {
'use strict'
const prefix = document.body.dataset.prefix
const $ = (selector) => document.querySelector(selector)
const json = async (path, init) => {
  const response = await fetch(prefix + path, { credentials: 'same-origin', ...init })
  if (response.status === 401) location.reload()
  return response.json()
}
const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e }
const bytes = (n) => n < 1024 ? n + ' B' : n < 1048576 ? (n / 1024).toFixed(1) + ' KiB' : (n / 1048576).toFixed(1) + ' MiB'
const ago = (s) => s < 60 ? s + ' s' : s < 3600 ? Math.floor(s / 60) + ' min' : Math.floor(s / 3600) + ' h'

let chart
async function history() {
  const h = await json('/history')
  const m = h.minutes
  const data = [m.map((r) => r[0] / 1000), m.map((r) => r[1]), m.map((r) => r[2]), m.map((r) => r[3]), m.map((r) => r[4])]
  const served = m.reduce((a, r) => a + r[1] + r[2] + r[3], 0)
  const hits = m.reduce((a, r) => a + r[1] + r[2], 0)
  $('#summary').textContent = h.instances + (h.instances === 1 ? ' instance' : ' instances') + ' · hit ratio over the hour ' + (served ? Math.round((100 * hits) / served) + ' %' : '–')
  if (!chart) {
    const series = [{}, { label: 'hits', stroke: '#1a7f37' }, { label: 'stale', stroke: '#9a6700' }, { label: 'misses', stroke: '#cf222e' }, { label: 'bypass', stroke: '#57606a' }]
    chart = new uPlot({ width: Math.min(960, $('#chart').clientWidth || 900), height: 240, series }, data, $('#chart'))
  } else chart.setData(data)
}

async function instances() {
  const s = await json('/status')
  const body = $('#instances tbody')
  body.replaceChildren()
  for (const i of [{ ...s.instance, seen: Date.now() }, ...s.instances]) {
    const row = el('tr')
    row.append(el('td', i.id), el('td', i.buildId || '–'), el('td', new Date(i.since).toLocaleString()), el('td', ago(Math.max(0, Math.round((Date.now() - i.seen) / 1000))) + ' ago'))
    body.append(row)
  }
}

async function entries() {
  const path = $('#path').value.trim()
  const tag = $('#tag').value.trim()
  $('#tag-actions').hidden = !tag
  const query = new URLSearchParams({ limit: '200' })
  if (path) query.set('path', path)
  if (tag) query.set('tag', tag)
  const list = await json('/entries?' + query)
  $('#count').textContent = list.total + (list.shared ? ' stored' : ' stored by this instance')
  const body = $('#entries tbody')
  body.replaceChildren()
  for (const e of list.entries) {
    const row = el('tr')
    row.dataset.path = e.path
    const actions = el('td')
    for (const [label, mode] of [['Revalidate', 'stale'], ['Now', 'eager'], ['Purge', 'purge']]) {
      const b = el('button', label)
      b.dataset.mode = mode
      b.onclick = () => revalidate({ paths: [e.path], mode })
      actions.append(b)
    }
    const why = el('button', 'Explain')
    why.onclick = async () => { const x = $('#explain'); x.hidden = false; x.textContent = JSON.stringify(await json('/explain?url=' + encodeURIComponent(e.path)), null, 2) }
    actions.append(why)
    row.append(el('td', e.path), el('td', String(e.variants)), el('td', e.verdict, e.verdict), el('td', ago(e.age)), el('td', bytes(e.size)), el('td', e.encodings.join(', ')), el('td', e.tags.join(', ')), actions)
    body.append(row)
  }
}

async function revalidate(body) {
  await json('/revalidate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  await entries()
}
for (const b of document.querySelectorAll('[data-tag-mode]')) b.onclick = () => revalidate({ tags: [$('#tag').value.trim()], mode: b.dataset.tagMode })
let typing
for (const input of [$('#path'), $('#tag')]) input.oninput = () => { clearTimeout(typing); typing = setTimeout(entries, 250) }

const events = new EventSource(prefix + '/events')
events.onmessage = (message) => {
  const e = JSON.parse(message.data)
  const line = el('li', new Date(e.at).toLocaleTimeString() + ' ' + e.type + ' ' + (e.url || '') + (e.detail ? ' — ' + e.detail : '') + ' (' + e.instance.slice(0, 8) + ')')
  $('#events').prepend(line)
  while ($('#events').children.length > 100) $('#events').lastChild.remove()
}

const refresh = () => Promise.all([history(), instances(), entries()]).catch(() => {})
refresh()
setInterval(refresh, 5000)
})()
`
