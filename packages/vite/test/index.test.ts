// The Vite plugin through Vite's programmatic API: `preview` always, `createServer` (dev) only with `dev: true`,
// in front of an SSR-like handler a second plugin adds, as a framework's plugin does — on Vite 8 and Vite 7.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ISR, ISROptions } from '@isrkit/core'
import type { Plugin, PreviewServer, ViteDevServer } from 'vite'
import * as vite8 from 'vite'
import * as vite7 from 'vite7'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import isr, { type ISRViteOptions } from '../src/index.ts'

/** Every ISR instance the plugin creates, to see when it is closed. */
const created = vi.hoisted(() => [] as ISR[])
vi.mock('@isrkit/core', async (importOriginal) => {
  const core = await importOriginal<typeof import('@isrkit/core')>()
  return {
    ...core,
    createISR: (options?: ISROptions) => {
      const instance = core.createISR(options)
      created.push(instance)
      return instance
    },
  }
})

let root: string
let servers: (PreviewServer | ViteDevServer)[]
let renders: number

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'isrkit-vite-plugin-'))
  // A tiny build for `vite preview`.
  await mkdir(join(root, 'dist/assets'), { recursive: true })
  await writeFile(join(root, 'dist/index.html'), '<!doctype html><title>built</title>')
  await writeFile(join(root, 'dist/assets/app.js'), 'console.log("built")\n')
  servers = []
  renders = 0
  created.length = 0
})

afterEach(async () => {
  for (const server of servers) await server.close()
  await rm(root, { recursive: true, force: true })
})

/** Stands in for a framework's SSR handler: renders `/page` and asks shared caches to keep it. */
function ssr(req: IncomingMessage, res: ServerResponse, next: () => void) {
  if (req.url !== '/page') return next()
  renders++
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 's-maxage=60' })
  res.end(`<h1>render ${renders}</h1>`)
}

/** A framework's plugin, listed before isrkit's: it adds its handler in the configure hooks, as frameworks do. */
const framework: Plugin = {
  name: 'test-framework',
  configureServer: (server) => void server.middlewares.use(ssr),
  configurePreviewServer: (server) => void server.middlewares.use(ssr),
}

/** The programmatic API of one Vite major: what the two versions share is all these tests use. */
type ViteApi = { preview: typeof vite8.preview; createServer: typeof vite8.createServer }

const config = (options: ISRViteOptions) => ({
  root,
  configFile: false as const,
  logLevel: 'silent' as const,
  plugins: [framework, isr({ logger: false, ...options })],
})

async function startPreview(vite: ViteApi, options: ISRViteOptions = {}) {
  const server = await vite.preview({ ...config(options), preview: { host: '127.0.0.1', port: 0 } })
  servers.push(server)
  return { server, url: server.resolvedUrls!.local[0]!.replace(/\/$/, '') }
}

async function startDev(vite: ViteApi, options: ISRViteOptions = {}) {
  const server = await vite.createServer({
    ...config(options),
    appType: 'custom',
    optimizeDeps: { noDiscovery: true },
    server: { host: '127.0.0.1', port: 0, watch: null },
  })
  servers.push(server)
  await server.listen()
  return { server, url: server.resolvedUrls!.local[0]!.replace(/\/$/, '') }
}

async function get(url: string) {
  const response = await fetch(url)
  return { status: response.status, state: response.headers.get('x-isr-cache'), response, body: await response.text() }
}

/** Whether an instance refuses work as a closed one does. */
async function isClosed(instance: ISR): Promise<boolean> {
  try {
    await (await instance.handle(new Request('http://localhost/probe'), () => new Response('probe'))).text()
    return false
  } catch (error) {
    return (error as Error).name === 'ISRClosedError'
  }
}

describe.each([
  ['Vite 8', vite8 as ViteApi],
  ['Vite 7', vite7 as unknown as ViteApi],
])('%s', (_name, vite) => {
  describe('in vite preview', () => {
    it('caches the SSR handler it wraps: MISS, then HIT without a second render', async () => {
      const { url } = await startPreview(vite)
      const miss = await get(`${url}/page`)
      expect(miss.status).toBe(200)
      expect(miss.state).toBe('MISS')
      expect(miss.body).toBe('<h1>render 1</h1>')
      await expect.poll(async () => (await get(`${url}/page`)).state).toBe('HIT')
      const hit = await get(`${url}/page`)
      expect(hit.body).toBe('<h1>render 1</h1>')
      expect(renders).toBe(1)
    })

    it('leaves the built files to Vite’s static server', async () => {
      const { url } = await startPreview(vite, { routes: { '/**': { revalidate: 60 } } })
      const asset = await get(`${url}/assets/app.js`)
      expect(asset.status).toBe(200)
      expect(asset.body).toBe('console.log("built")\n')
      expect(asset.state).toBeNull()
      expect(asset.response.headers.get('cache-status')).toBeNull()
    })

    it('closes its instance when the server closes', async () => {
      const { server, url } = await startPreview(vite)
      await get(`${url}/page`)
      expect(created).toHaveLength(1)
      expect(await isClosed(created[0]!)).toBe(false)
      await server.close()
      await expect.poll(() => isClosed(created[0]!)).toBe(true)
    })
  })

  describe('in vite dev', () => {
    it('caches nothing without dev: true, and says what production would do', async () => {
      const { url } = await startDev(vite, { routes: { '/**': { revalidate: 60 } } })
      for (const _ of [1, 2]) {
        const answer = await get(`${url}/page`)
        expect(answer.status).toBe(200)
        expect(answer.state).toBe('BYPASS')
        expect(JSON.parse(answer.response.headers.get('x-isr-explain') as string)).toMatchObject({
          rule: '/**',
          cached: true,
          revalidate: 60,
        })
      }
      expect(renders).toBe(2)
    })

    it('caches pages with dev: true, and never touches Vite’s client', async () => {
      const { url } = await startDev(vite, { dev: true, routes: { '/**': { revalidate: 60 } } })
      expect((await get(`${url}/page`)).state).toBe('MISS')
      await expect.poll(async () => (await get(`${url}/page`)).state).toBe('HIT')
      expect(renders).toBe(1)

      for (const _ of [1, 2]) {
        const client = await get(`${url}/@vite/client`)
        expect(client.status).toBe(200)
        expect(client.response.headers.get('content-type')).toContain('javascript')
        expect(client.state).toBeNull()
        expect(client.response.headers.get('cache-status')).toBeNull()
      }
    })

    it('closes its instance when the server closes', async () => {
      const { server, url } = await startDev(vite, { dev: true })
      await get(`${url}/page`)
      expect(created).toHaveLength(1)
      await server.close()
      await expect.poll(() => isClosed(created[0]!)).toBe(true)
    })

    it('keeps caching after a restart, with a new instance, and closes the old one', async () => {
      const { server, url } = await startDev(vite, { dev: true })
      expect((await get(`${url}/page`)).state).toBe('MISS')
      await server.restart()
      const restarted = server.resolvedUrls!.local[0]!.replace(/\/$/, '')
      expect(created).toHaveLength(2)
      const miss = await get(`${restarted}/page`)
      expect(miss.status).toBe(200)
      expect(miss.state).toBe('MISS')
      await expect.poll(async () => (await get(`${restarted}/page`)).state).toBe('HIT')
      expect(await isClosed(created[0]!)).toBe(true)
      expect(await isClosed(created[1]!)).toBe(false)
    })
  })
})
