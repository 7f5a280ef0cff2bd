// The Node playground over real HTTP: the demo's site, started as `pnpm start` would.
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, startApp } from './support/app.ts'

const secret = 'playground-secret-0123456789'
let app: App

beforeAll(async () => {
  app = await startApp(fileURLToPath(new URL('../playground/node/', import.meta.url)), ['server.mjs'], {
    ISR_SECRET: secret,
  })
})
afterAll(() => app?.stop())

const get = (path: string, init?: RequestInit) => fetch(`${app.url}${path}`, init)
const renderTime = (html: string) => /data-render-time>([^<]+)</.exec(html)?.[1]

describe('playground/node', () => {
  it('caches the index by its route rule: MISS, then HIT with the same render', async () => {
    const first = await get('/')
    expect(first.headers.get('x-isr-cache')).toBe('MISS')
    const stamp = renderTime(await first.text())
    await expect.poll(async () => (await get('/')).headers.get('x-isr-cache')).toBe('HIT')
    const second = await get('/')
    expect(renderTime(await second.text())).toBe(stamp)
    expect(second.headers.get('cache-status')).toMatch(/^isrkit; hit; ttl=\d+$/)
  })

  it('revalidates a post and the index on demand when the admin form saves it', async () => {
    const before = await (await get('/posts/hello-isr')).text()
    expect(before).toContain('Hello, ISR')
    await expect.poll(async () => (await get('/posts/hello-isr')).headers.get('x-isr-cache')).toBe('HIT')
    const saved = await get('/admin', {
      method: 'POST',
      body: new URLSearchParams({ slug: 'hello-isr', title: 'Hello, edited' }),
      redirect: 'manual',
    })
    expect(saved.status).toBe(303)
    // Mode 'stale': the next visitor gets the old page once while the new one renders.
    const stale = await get('/posts/hello-isr')
    expect(stale.headers.get('x-isr-cache')).toBe('STALE')
    await expect.poll(async () => (await (await get('/posts/hello-isr')).text()).includes('Hello, edited')).toBe(true)
    await expect.poll(async () => (await (await get('/')).text()).includes('Hello, edited')).toBe(true)
  })

  it('answers the control endpoint for its secret only', async () => {
    const denied = await get('/__isr/status')
    expect(denied.status).toBe(401)
    const status = await get('/__isr/status', { headers: { authorization: `Bearer ${secret}` } })
    expect(status.status).toBe(200)
    expect(await status.json()).toMatchObject({ storage: { ok: true, driver: 'fs' } })
    const purge = await get('/__isr/revalidate', {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}` },
      body: JSON.stringify({ paths: ['/'], mode: 'purge' }),
    })
    expect(purge.status).toBe(200)
    expect((await get('/')).headers.get('x-isr-cache')).toBe('MISS')
  })

  it('caches a missing post briefly as a 404, and never the admin page', async () => {
    expect((await get('/posts/nope')).status).toBe(404)
    await expect.poll(async () => (await get('/posts/nope')).headers.get('x-isr-cache')).toBe('HIT')
    expect((await get('/admin')).headers.get('x-isr-cache')).toBe('BYPASS')
  })
})
