// What only the Astro integration does: build ids, islands on cached HTML, dev mode, the operator's switch,
// and the Node fast path — each on a real `astro build` (or `astro dev`) of the playground.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { freePort, serverEnvironment, startApp } from './support/app.ts'
import { expectCounterHydrates, launchBrowser } from './support/browser.ts'

const playground = fileURLToPath(new URL('../playground/astro/', import.meta.url))
const astroBin = join(playground, 'node_modules', 'astro', 'bin', 'astro.mjs')
const run = promisify(execFile)
const scratch = mkdtempSync(join(tmpdir(), 'isrkit-astro-'))
// Builds go inside the playground: their server chunks import its dependencies by name.
const builds = join(playground, '.test-builds')
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true })
  rmSync(builds, { recursive: true, force: true })
})

const state = (response: Response) => response.headers.get('x-isr-cache')
const buildLabel = (html: string) => /<meta name="build" content="([^"]*)"/.exec(html)?.[1]

async function build(label: string, env: Record<string, string> = {}): Promise<string> {
  const outDir = join(builds, label)
  await run(process.execPath, [astroBin, 'build', '--outDir', outDir], {
    cwd: playground,
    env: { ...serverEnvironment(), PUBLIC_BUILD_LABEL: label, ...env },
  })
  return outDir
}

describe('build ids', () => {
  it('keeps two builds sharing one storage from serving each other’s pages', async () => {
    const [a, b] = [await build('a'), await build('b')]
    const cache = { ISR_CACHE_DIR: join(scratch, 'shared-cache') }
    const first = await startApp(playground, [join(a, 'server', 'entry.mjs')], cache)
    try {
      expect(buildLabel(await (await fetch(`${first.url}/`)).text())).toBe('a')
      await expect.poll(async () => state(await fetch(`${first.url}/`))).toBe('HIT')
    } finally {
      await first.stop({ keepDir: true })
    }
    const second = await startApp(playground, [join(b, 'server', 'entry.mjs')], cache)
    try {
      const response = await fetch(`${second.url}/`)
      expect(state(response)).toBe('MISS')
      expect(buildLabel(await response.text())).toBe('b')
    } finally {
      await second.stop()
    }
  }, 120_000)
})

describe('@astrojs/node middleware mode', () => {
  it('caches through the provider and the fast path in a server of your own', async () => {
    const dist = await build('middleware', { ASTRO_NODE_MODE: 'middleware' })
    const app = await startApp(playground, ['middleware.mjs', dist])
    try {
      const first = await fetch(`${app.url}/posts/hello-isr`)
      expect(state(first)).toBe('MISS')
      await first.text()
      await expect
        .poll(async () => (await fetch(`${app.url}/posts/hello-isr`)).headers.get('cache-status'))
        .toMatch(/detail=fast-path$/)
      const cookie = await fetch(`${app.url}/cookie`)
      expect(state(cookie)).toBe('BYPASS')
      expect(cookie.headers.get('set-cookie')).toContain('seen=yes')
      expect((await fetch(`${app.url}/no/such/route/here.txt`)).status).toBe(404)
    } finally {
      await app.stop()
    }
  }, 60_000)
})

describe('islands', { tags: ['browser'] }, () => {
  it('hydrate and work on a page served from the cache', async () => {
    const app = await startApp(playground, ['dist/server/entry.mjs'])
    const browser = await launchBrowser()
    try {
      await (await fetch(`${app.url}/posts/hello-isr`)).text()
      await expect.poll(async () => state(await fetch(`${app.url}/posts/hello-isr`))).toBe('HIT')
      const page = await browser.newPage()
      const response = await page.goto(`${app.url}/posts/hello-isr`)
      expect(response?.headers()['x-isr-cache']).toBe('HIT')
      // Chromium asks for brotli: the page comes as stored, compressed once, and works.
      expect(response?.headers()['content-encoding']).toBe('br')
      await expect.poll(() => page.locator('[data-counter]').textContent()).toBe('Liked 0 times')
      await expectCounterHydrates(page)
    } finally {
      await browser.close()
      await app.stop()
    }
  }, 60_000)
})

describe('the operator’s switch', () => {
  it('renders every request with ISRKIT_DISABLED=1, without a rebuild', async () => {
    const app = await startApp(playground, ['dist/server/entry.mjs'], { ISRKIT_DISABLED: '1' })
    try {
      for (let i = 0; i < 2; i++) {
        const response = await fetch(`${app.url}/`)
        expect(state(response)).toBeNull()
        await response.text()
      }
      expect((await (await fetch(`${app.url}/api/stats`)).json())['/']).toBe(2)
    } finally {
      await app.stop()
    }
  })
})

describe('the Node fast path', () => {
  it('answers fresh hits on @astrojs/node’s standalone server before Astro runs, without a server file', async () => {
    const app = await startApp(playground, ['dist/server/entry.mjs'])
    try {
      const renders = async () => (await (await fetch(`${app.url}/api/stats`)).json())['/rules/standalone'] ?? 0
      const miss = await fetch(`${app.url}/rules/standalone`)
      expect(state(miss)).toBe('MISS')
      expect(miss.headers.get('cache-status')).not.toContain('fast-path')
      const page = await miss.text()
      await expect
        .poll(async () => (await fetch(`${app.url}/rules/standalone`)).headers.get('cache-status'))
        .toMatch(/^isrkit; hit; ttl=\d+; detail=fast-path$/)
      const rendered = await renders()
      expect(rendered).toBe(1)
      const hit = await fetch(`${app.url}/rules/standalone`)
      expect(state(hit)).toBe('HIT')
      expect(hit.headers.get('cache-status')).toMatch(/detail=fast-path$/)
      expect(await hit.text()).toBe(page)
      expect(await renders()).toBe(rendered)
      // @astrojs/node's own server still answers what the fast path leaves: its static files, Astro's routes.
      const about = await fetch(`${app.url}/about`)
      expect(about.status).toBe(200)
      expect(await about.text()).toContain('About')
      expect((await fetch(`${app.url}/no/such/page`)).status).toBe(404)
      expect(app.output()).toContain('Server listening on')
      expect(app.output()).not.toContain('fast path could not')
    } finally {
      await app.stop()
    }
  })

  it('leaves @astrojs/node’s standalone server as it is with `fastPath: false`', async () => {
    const dist = await build('no-fast-path', { ISR_FAST_PATH: 'off' })
    const app = await startApp(playground, [join(dist, 'server', 'entry.mjs')])
    try {
      await (await fetch(`${app.url}/rules/provider`)).text()
      await expect.poll(async () => state(await fetch(`${app.url}/rules/provider`))).toBe('HIT')
      expect((await fetch(`${app.url}/rules/provider`)).headers.get('cache-status')).not.toContain('fast-path')
    } finally {
      await app.stop()
    }
  }, 60_000)

  it('answers fresh hits before Astro runs, and everything else through Astro', async () => {
    const app = await startApp(playground, ['server.mjs'])
    try {
      const miss = await fetch(`${app.url}/rules/fast`)
      expect(miss.headers.get('cache-status')).not.toContain('fast-path')
      await miss.text()
      await expect
        .poll(async () => (await fetch(`${app.url}/rules/fast`)).headers.get('cache-status'))
        .toMatch(/^isrkit; hit; ttl=\d+; detail=fast-path$/)
      expect((await fetch(`${app.url}/about`)).status).toBe(200)
    } finally {
      await app.stop()
    }
  })
})

describe('astro dev', () => {
  it('caches nothing, says why, and says on each answer what production would do', async () => {
    const port = String(await freePort())
    const app = await startApp(playground, [astroBin, 'dev', '--host', '127.0.0.1', '--port', port], { PORT: port })
    try {
      // `astro dev` prints its URL before its routes answer.
      await expect.poll(async () => (await fetch(`${app.url}/rules/dev`)).status, { timeout: 20_000 }).toBe(200)
      for (let i = 0; i < 2; i++) {
        const response = await fetch(`${app.url}/rules/dev`)
        expect(state(response)).toBe('BYPASS')
        expect(response.headers.get('cache-status')).toContain('detail=dev')
        await response.text()
      }
      expect(app.output()).toContain('ISR applies to builds')
      // Every dev answer says what production would do with it.
      const post = await fetch(`${app.url}/posts/hello-isr`)
      await post.text()
      expect(JSON.parse(post.headers.get('x-isr-explain') as string)).toMatchObject({
        cached: true,
        revalidate: 60,
        tags: expect.arrayContaining(['post:hello-isr']),
      })
    } finally {
      await app.stop()
    }
  }, 60_000)
})

describe('astro dev toolbar', { tags: ['browser'] }, () => {
  it('shows the page’s rule and what production would do, in the isrkit app', async () => {
    const port = String(await freePort())
    const app = await startApp(playground, [astroBin, 'dev', '--host', '127.0.0.1', '--port', port], { PORT: port })
    try {
      await expect.poll(async () => (await fetch(`${app.url}/rules/dev`)).status, { timeout: 20_000 }).toBe(200)
      const browser = await launchBrowser()
      try {
        const page = await browser.newPage()
        await page.goto(`${app.url}/rules/dev`)
        await page.locator('astro-dev-toolbar button[data-app-id="isrkit"]').click()
        const panel = page.locator('astro-dev-toolbar-window[data-isrkit]')
        await expect.poll(() => panel.textContent(), { timeout: 15_000 }).toContain('Route rule/rules/[...path]')
        expect(await panel.textContent()).toContain('cached, fresh for 60 s')
        expect(await panel.textContent()).toContain('rules')
      } finally {
        await browser.close()
      }
    } finally {
      await app.stop()
    }
  }, 90_000)
})
