// What only the SvelteKit hook does, on the built SvelteKit 3 playground: data requests kept apart from
// pages, form actions that revalidate, client-side navigation served from the cache, the operator's switch.
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, startApp } from './support/app.ts'
import { expectCounterHydrates, launchBrowser } from './support/browser.ts'

const playground = fileURLToPath(new URL('../playground/sveltekit/', import.meta.url))
const state = (response: Response) => response.headers.get('x-isr-cache')

describe('the SvelteKit hook', () => {
  let app: App
  beforeAll(async () => {
    app = await startApp(playground, ['build'])
  })
  afterAll(() => app?.stop())
  const get = (path: string, init?: RequestInit) => fetch(`${app.url}${path}`, { redirect: 'manual', ...init })

  it('keeps data requests and pages apart: never JSON for a page, never HTML for data', async () => {
    const page = '/posts/hello-isr'
    const data = '/posts/hello-isr/__data.json?x-sveltekit-invalidated=01'
    await (await get(page)).text()
    await expect.poll(async () => state(await get(page))).toBe('HIT')
    const first = await get(data)
    expect(first.headers.get('content-type')).toContain('application/json')
    expect(state(first)).toBe('MISS')
    await first.text()
    await expect.poll(async () => state(await get(data))).toBe('HIT')
    const json = await get(data)
    expect(json.headers.get('content-type')).toContain('application/json')
    expect((await json.text()).startsWith('{')).toBe(true)
    const html = await get(page)
    expect(html.headers.get('content-type')).toContain('text/html')
    expect(await html.text()).toContain('<!doctype html>')
  })

  it('revalidates from a form action, data requests included', async () => {
    const page = '/posts/on-demand'
    const data = '/posts/on-demand/__data.json?x-sveltekit-invalidated=01'
    for (const path of [page, data]) {
      await (await get(path)).text()
      await expect.poll(async () => state(await get(path))).toBe('HIT')
    }
    const saved = await get('/admin', {
      method: 'POST',
      // What a browser's form post sends (without `accept: text/html` Kit answers as for use:enhance).
      headers: { origin: app.url.replace(/^http:/, 'https:'), accept: 'text/html' },
      body: new URLSearchParams({ slug: 'on-demand', title: 'Saved by a form action' }),
    })
    expect(saved.status).toBe(303)
    expect(state(await get(data))).not.toBe('HIT')
    await expect.poll(async () => (await (await get(page)).text()).includes('Saved by a form action')).toBe(true)
    await expect.poll(async () => (await (await get(data)).text()).includes('Saved by a form action')).toBe(true)
  })

  it('serves client-side navigations and the interactive component from the cache', {
    tags: ['browser'],
    timeout: 60_000,
  }, async () => {
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage()
      const dataStates: (string | undefined)[] = []
      page.on('response', (response) => {
        if (response.url().includes('/posts/stale-while-revalidate/__data.json')) {
          dataStates.push(response.headers()['x-isr-cache'])
        }
      })
      for (let visit = 0; visit < 2; visit++) {
        await page.goto(`${app.url}/`)
        await page.locator('a[href="/posts/stale-while-revalidate"]').click()
        await page.waitForURL('**/posts/stale-while-revalidate')
        await expect.poll(() => page.locator('h1').textContent()).toBe('Stale while revalidate')
      }
      expect(dataStates.length).toBe(2)
      await expect
        .poll(async () => state(await get('/posts/stale-while-revalidate/__data.json?x-sveltekit-invalidated=01')))
        .toBe('HIT')
      const response = await page.goto(`${app.url}/posts/stale-while-revalidate`)
      await expect.poll(async () => state(await get('/posts/stale-while-revalidate'))).toBe('HIT')
      expect(response?.status()).toBe(200)
      const hit = await page.goto(`${app.url}/posts/stale-while-revalidate`)
      expect(hit?.headers()['x-isr-cache']).toBe('HIT')
      // Chromium asks for brotli: the page comes as stored, compressed once, and works.
      expect(hit?.headers()['content-encoding']).toBe('br')
      await expectCounterHydrates(page)
    } finally {
      await browser.close()
    }
  })
})

describe('the operator’s switch', () => {
  it('renders every request with ISRKIT_DISABLED=1', async () => {
    const app = await startApp(playground, ['build'], { ISRKIT_DISABLED: '1' })
    try {
      for (let i = 0; i < 2; i++) expect(state(await fetch(`${app.url}/`))).toBeNull()
      expect((await (await fetch(`${app.url}/api/stats`)).json())['/']).toBe(2)
    } finally {
      await app.stop()
    }
  })
})
