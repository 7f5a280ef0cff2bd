// The isrkit app of Astro's dev toolbar (added by the integration in `astro dev`): for the page in view, what
// production would do with it — its route rule, whether it would be cached and for how long, its tags (its
// own and those of the cached functions it called), or why not — read from the `x-isr-explain` header core
// puts on every dev answer (docs/architecture.md "Explain").
import type { DevExplanation as Explained } from '@isrkit/core/adapter'
import { defineToolbarApp } from 'astro/toolbar'

const DOCS = 'https://www.npmjs.com/package/@isrkit/astro#in-your-pages'

export default defineToolbarApp({
  init(canvas, app) {
    const window = document.createElement('astro-dev-toolbar-window')
    window.setAttribute('data-isrkit', '')
    canvas.append(window)
    const show = async () => {
      window.replaceChildren(text('p', 'Asking the server…'))
      try {
        const response = await fetch(location.href, { headers: { accept: 'text/html' }, cache: 'no-store' })
        await response.body?.cancel()
        const header = response.headers.get('x-isr-explain')
        window.replaceChildren(
          ...(header
            ? describe(JSON.parse(header) as Explained)
            : [text('p', 'This page does not go through isrkit (a prerendered page, or the integration is off).')]),
        )
      } catch (error) {
        window.replaceChildren(text('p', `Could not ask the server: ${(error as Error).message}`))
      }
    }
    app.onToggled(({ state }) => {
      if (state) void show()
    })
  },
})

function describe(e: Explained): HTMLElement[] {
  const rows: [string, string][] = [['Route rule', e.rule ?? 'none (the page’s own Astro.cache.set(), if any)']]
  if (e.cached) {
    rows.push(['In production', `cached, fresh for ${e.revalidate} s, kept ${e.expire} s`])
    rows.push(['Tags', e.tags?.length ? e.tags.join(', ') : 'none'])
  } else {
    rows.push(['In production', 'not cached'])
    rows.push(['Why', e.reason ?? 'unknown'])
  }
  const list = document.createElement('dl')
  for (const [term, value] of rows) list.append(text('dt', term), text('dd', value))
  const docs = document.createElement('a')
  docs.href = DOCS
  docs.target = '_blank'
  docs.textContent = 'How isrkit caches Astro pages'
  return [text('h2', 'isrkit'), list, docs]
}

function text(tag: string, content: string): HTMLElement {
  const element = document.createElement(tag)
  element.textContent = content
  return element
}
