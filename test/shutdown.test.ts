// @module-tag redis
// Every playground on Redis stops when its process manager says so: SIGTERM, and the process exits within
// seconds (Docker, systemd and Kubernetes hard-kill it at the end of their grace period otherwise), having
// closed isrkit's Redis connections and finished its background work.
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp } from './support/app.ts'
import { type RedisServer, startRedis } from './support/redis.ts'

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedis()
})
afterAll(() => redis?.stop())

const playground = (name: string) => fileURLToPath(new URL(`../playground/${name}/`, import.meta.url))

const hosts: [string, string, string[]][] = [
  ['Astro (@astrojs/node standalone)', 'astro', ['dist/server/entry.mjs']],
  ['Astro (the Node fast path)', 'astro', ['server.mjs']],
  ['SvelteKit 3 (adapter-node)', 'sveltekit', ['build']],
  ['SvelteKit 3 (the Node fast path)', 'sveltekit', ['server.mjs']],
  ['SvelteKit 2 (adapter-node)', 'sveltekit2', ['build']],
  ['Vite SSR (Express)', 'vite', ['server.js']],
  ['core on node:http', 'node', ['server.mjs']],
]

describe.each(hosts)('%s on Redis', (_name, dir, args) => {
  it('exits within 5 s of SIGTERM, cleanly, with its pages stored', async () => {
    const app = await startApp(playground(dir), args, { ISR_REDIS_URL: redis.url })
    try {
      const first = await fetch(`${app.url}/`)
      expect(first.status).toBe(200)
      await first.text()
      await expect.poll(async () => (await fetch(`${app.url}/`)).headers.get('x-isr-cache')).toBe('HIT')
      app.signal('SIGTERM')
      const ended = await Promise.race([
        app.exited,
        new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 5000)),
      ])
      expect(ended).toEqual({ code: 0, signal: null })
      expect(app.output()).not.toMatch(/error/i)
    } finally {
      await app.stop()
    }
  }, 30_000)
})
