// @isrkit/sveltekit on the built SvelteKit playgrounds (`vite build` + adapter-node), over real HTTP: one site,
// built with SvelteKit 3 (Vite 8) and with SvelteKit 2 (Vite 7), and SvelteKit 3 behind the Node fast path.
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, freePort, startApp } from './support/app.ts'
import { rawGet } from './support/raw.ts'
import { describeSite } from './support/site-suite.ts'

const playground = (dir: string) => fileURLToPath(new URL(`../playground/${dir}/`, import.meta.url))
// adapter-node assumes https when no origin is configured.
const selfOrigin = (url: string) => url.replace(/^http:/, 'https:')

for (const [name, dir] of [
  ['SvelteKit 3 (adapter-node 6, Vite 8)', 'sveltekit'],
  ['SvelteKit 2 (adapter-node 5, Vite 7)', 'sveltekit2'],
] as const) {
  describeSite({
    name,
    start: (env) => startApp(playground(dir), ['build'], env),
    observesCookies: true,
    selfOrigin,
  })
}

describeSite({
  name: 'SvelteKit 3 (Node fast path)',
  start: (env) => startApp(playground('sveltekit'), ['server.mjs'], env),
  observesCookies: true,
  selfOrigin,
})

describe('SvelteKit 3 behind the Node fast path', () => {
  let app: App
  beforeAll(async () => {
    app = await startApp(playground('sveltekit'), ['server.mjs'])
  })
  afterAll(() => app?.stop())

  const renders = async (page: string): Promise<number> =>
    (await (await fetch(`${app.url}/api/stats`)).json())[page] ?? 0
  /** What a client compares of two answers: the headers but those of the moment (Date, Age, a TTL). */
  const lasting = (headers: Record<string, string | string[] | undefined>) => {
    const { date: _date, age: _age, ...rest } = headers
    return { ...rest, 'cache-status': String(rest['cache-status']).replace(/; ttl=\d+/, '') }
  }

  it.each(['/posts/a-long-read', '/posts/a-long-read/__data.json?x-sveltekit-invalidated=01'])(
    'answers a fresh %s before Kit runs, as the hook answers it',
    async (path) => {
      await (await fetch(`${app.url}${path}`)).text()
      await expect
        .poll(async () => (await fetch(`${app.url}${path}`)).headers.get('cache-status'))
        .toMatch(/; detail=fast-path$/)
      const before = await renders('/posts/a-long-read')
      const fast = await rawGet(app.url, path)
      // A raw path resolving to the same page: the fast path leaves it to Kit, whose hook answers the same entry.
      const hooked = await rawGet(app.url, `/posts/x/..${path.slice('/posts'.length)}`)
      expect(hooked.headers['x-isr-cache']).toBe('HIT')
      expect(hooked.headers['cache-status']).not.toContain('fast-path')
      expect(fast.status).toBe(hooked.status)
      expect(fast.body).toBe(hooked.body)
      expect(lasting(fast.headers)).toEqual({
        ...lasting(hooked.headers),
        'cache-status': `${lasting(hooked.headers)['cache-status']}; detail=fast-path`,
      })
      expect(Math.abs(Number(fast.headers.age) - Number(hooked.headers.age))).toBeLessThanOrEqual(1)
      expect(await renders('/posts/a-long-read')).toBe(before)
    },
  )
})

describe('vite dev', () => {
  it('renders every page, and says on each answer what production would do with it', async () => {
    const dir = playground('sveltekit')
    const port = String(await freePort())
    const vite = join(dir, 'node_modules', 'vite', 'bin', 'vite.js')
    const app = await startApp(dir, [vite, 'dev', '--host', '127.0.0.1', '--port', port, '--strictPort'], {
      PORT: port,
    })
    try {
      await expect.poll(async () => (await fetch(`${app.url}/rules/dev`)).status, { timeout: 30_000 }).toBe(200)
      const rule = await fetch(`${app.url}/rules/dev`)
      await rule.text()
      expect(rule.headers.get('x-isr-cache')).toBe('BYPASS')
      expect(JSON.parse(rule.headers.get('x-isr-explain') as string)).toMatchObject({
        rule: '/rules/[...path]',
        cached: true,
        revalidate: 60,
        tags: ['rules'],
      })
      const cookie = await fetch(`${app.url}/cookie`)
      await cookie.text()
      expect(JSON.parse(cookie.headers.get('x-isr-explain') as string)).toMatchObject({
        cached: false,
        reason: 'set-cookie',
      })
    } finally {
      await app.stop()
    }
  }, 60_000)
})
