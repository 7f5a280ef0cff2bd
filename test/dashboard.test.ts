// The dashboard (GET /__isr/) of a running site, in Chromium: sign in with the secret, see entries fill as pages
// are visited, search by tag, revalidate a post and see its verdict turn stale and the page render again, the
// hour drawn, the live tail. A screenshot goes to test-results/dashboard.png.
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, startApp } from './support/app.ts'
import { launchBrowser } from './support/browser.ts'

const playground = fileURLToPath(new URL('../playground/node/', import.meta.url))
const results = fileURLToPath(new URL('../test-results/', import.meta.url))
const SECRET = 'dashboard-secret-0123456789'

describe('the dashboard', { tags: ['browser'] }, () => {
  let app: App
  beforeAll(async () => {
    app = await startApp(playground, ['server.mjs'], { ISR_SECRET: SECRET })
  })
  afterAll(() => app?.stop())

  it('signs in, lists and searches entries, revalidates a post, draws the hour and tails events', async () => {
    const browser = await launchBrowser()
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } })
      const first = await page.goto(`${app.url}/__isr/`)
      expect(first?.status()).toBe(401)
      await page.fill('#secret', 'not-the-secret')
      await page.click('button[type=submit]')
      await expect.poll(() => page.textContent('[role=alert]')).toContain('not the secret')
      await page.fill('#secret', SECRET)
      await page.click('button[type=submit]')
      await page.waitForSelector('#entries')
      for (const path of ['/', '/posts/hello-isr', '/posts/on-demand', '/rules/dashboard'])
        await (await fetch(`${app.url}${path}`)).text()
      const rows = page.locator('#entries tbody tr')
      await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(4)
      await expect.poll(() => page.locator('#events li').count(), { timeout: 10_000 }).toBeGreaterThan(0)
      // The post and the index that lists it: both inherited the tag from the query they called.
      await page.fill('#tag', 'post:hello-isr')
      await expect
        .poll(async () => (await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.path))).sort())
        .toEqual(['/', '/posts/hello-isr'])
      const post = page.locator('#entries tbody tr[data-path="/posts/hello-isr"]')
      await expect.poll(() => post.locator('td').nth(2).textContent()).toBe('fresh')
      const before = (await (await fetch(`${app.url}/api/stats`)).json())['/posts/hello-isr']
      await post.locator('button[data-mode=stale]').click()
      await expect.poll(() => post.locator('td').nth(2).textContent()).toBe('stale')
      await (await fetch(`${app.url}/posts/hello-isr`)).text()
      await expect
        .poll(async () => (await (await fetch(`${app.url}/api/stats`)).json())['/posts/hello-isr'])
        .toBe(before + 1)
      const canvas = page.locator('#chart canvas')
      expect(await canvas.count()).toBeGreaterThan(0)
      expect((await canvas.first().boundingBox())?.width).toBeGreaterThan(100)
      await page.fill('#tag', '')
      await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(4)
      mkdirSync(results, { recursive: true })
      await page.screenshot({ path: `${results}dashboard.png`, fullPage: true })

      // Without the cookie every dashboard route is closed; with it, a POST from another site is refused.
      expect((await fetch(`${app.url}/__isr/entries`)).status).toBe(401)
      expect((await fetch(`${app.url}/__isr/assets/dashboard.js`)).status).toBe(401)
      const [session] = await page.context().cookies()
      expect(session).toMatchObject({ name: 'isr_session', httpOnly: true, sameSite: 'Strict', path: '/__isr' })
      const crossSite = await fetch(`${app.url}/__isr/revalidate`, {
        method: 'POST',
        headers: {
          cookie: `isr_session=${session?.value}`,
          origin: 'http://evil.test',
          'content-type': 'application/json',
        },
        body: JSON.stringify({ tags: ['posts'], mode: 'purge' }),
      })
      expect(crossSite.status).toBe(403)
    } finally {
      await browser.close()
    }
  }, 60_000)
})
