// @isrkit/vite in a Vite dev server (the playground's server.js --dev, Vite in middleware mode), and the
// interactive part of a page served from the cache in the production build.
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { startApp } from './support/app.ts'
import { expectCounterHydrates, launchBrowser } from './support/browser.ts'

const playground = fileURLToPath(new URL('../playground/vite/', import.meta.url))
const state = (response: Response) => response.headers.get('x-isr-cache')

describe('vite dev', () => {
  it('caches pages only with dev: true, else explains them, and never touches Vite’s client, modules or HMR', async () => {
    for (const isrDev of ['1', '0']) {
      const app = await startApp(playground, ['server.js', '--dev'], { ISR_DEV: isrDev })
      try {
        const first = await fetch(`${app.url}/rules/dev`)
        await first.text()
        const second = await fetch(`${app.url}/rules/dev`)
        expect(await second.text()).toContain('Cached by a route rule')
        if (isrDev === '1') {
          expect(state(first)).toBe('MISS')
          await expect.poll(async () => state(await fetch(`${app.url}/rules/dev`))).toBe('HIT')
        } else {
          // Rendered every time, and told what production would do with it.
          expect([state(first), state(second)]).toEqual(['BYPASS', 'BYPASS'])
          expect(JSON.parse(second.headers.get('x-isr-explain') as string)).toEqual({
            rule: '/rules/**',
            cached: true,
            revalidate: 60,
            expire: 31_536_000,
            tags: ['rules'],
          })
        }
        const client = await fetch(`${app.url}/@vite/client`)
        expect(client.status).toBe(200)
        expect(client.headers.get('content-type')).toContain('javascript')
        expect(state(client)).toBeNull()
        const module = await fetch(`${app.url}/src/entry-client.ts`)
        expect(await module.text()).toContain('data-counter')
        expect(state(module)).toBeNull()
        expect(await hmrConnects(app.url)).toBe(true)
      } finally {
        await app.stop()
      }
    }
  }, 60_000)
})

/** Vite's HMR client connects over a WebSocket with the `vite-hmr` protocol and is greeted with `connected`. */
function hmrConnects(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url.replace(/^http/, 'ws'), 'vite-hmr')
    const timer = setTimeout(() => {
      socket.close()
      resolve(false)
    }, 5000)
    socket.addEventListener('message', (event) => {
      if (String(event.data).includes('"connected"')) {
        clearTimeout(timer)
        socket.close()
        resolve(true)
      }
    })
    socket.addEventListener('error', () => {
      clearTimeout(timer)
      resolve(false)
    })
  })
}

describe('the production server', { tags: ['browser'] }, () => {
  it('serves the interactive part working on a page served from the cache', async () => {
    const app = await startApp(playground, ['server.js'])
    const browser = await launchBrowser()
    try {
      await (await fetch(`${app.url}/posts/hello-isr`)).text()
      await expect.poll(async () => state(await fetch(`${app.url}/posts/hello-isr`))).toBe('HIT')
      const page = await browser.newPage()
      const response = await page.goto(`${app.url}/posts/hello-isr`)
      expect(response?.headers()['x-isr-cache']).toBe('HIT')
      // Chromium asks for brotli: the page comes as stored, compressed once, and works.
      expect(response?.headers()['content-encoding']).toBe('br')
      await expectCounterHydrates(page)
    } finally {
      await browser.close()
      await app.stop()
    }
  }, 60_000)
})
