// @module-tag redis
// docs/architecture.md "Across instances": several processes of playground/node sharing one real redis-server — one
// render per stampede, invalidations reaching every instance within a second, new instances warm at once,
// and a Redis that crashes never failing a page.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, startApp } from './support/app.ts'
import { type RedisServer, startCluster, startRedis, startSentinels } from './support/redis.ts'

const playground = fileURLToPath(new URL('../playground/node/', import.meta.url))
const SECRET = 'cluster-secret-0123456789'
const state = (response: Response) => response.headers.get('x-isr-cache')

let redis: RedisServer
const apps: App[] = []
// One "CMS" for every instance, as replicas behind a load balancer would share their database.
const data = mkdtempSync(join(tmpdir(), 'isrkit-cluster-'))
beforeAll(async () => {
  redis = await startRedis()
})
afterAll(async () => {
  await Promise.all(apps.map((app) => app.stop()))
  await redis?.stop()
  rmSync(data, { recursive: true, force: true })
})

/** Instances sharing Redis and the data directory. */
async function cluster(count: number, env: Record<string, string> = {}): Promise<App[]> {
  const shared = {
    ISR_REDIS_URL: redis.url,
    ISR_SECRET: SECRET,
    // Behind a load balancer every instance gets the public Host; here each is reached on its own port.
    ISR_ORIGIN: 'http://site.test',
    ISR_DATA_DIR: data,
    ...env,
  }
  const started = await Promise.all(Array.from({ length: count }, () => startApp(playground, ['server.mjs'], shared)))
  apps.push(...started)
  return started
}

async function renders(instances: App[], page: string): Promise<number> {
  const counts = await Promise.all(
    instances.map(async (app) => (await (await fetch(`${app.url}/api/stats`)).json())[page] ?? 0),
  )
  return counts.reduce((sum, n) => sum + n, 0)
}

describe('three instances on one Redis', () => {
  let three: App[]
  beforeAll(async () => {
    three = await cluster(3)
  })

  it('render a cold page once for 200 concurrent requests spread over them', async () => {
    const responses = await Promise.all(Array.from({ length: 200 }, (_, i) => fetch(`${three[i % 3]?.url}/slow`)))
    expect(responses.every((r) => r.status === 200)).toBe(true)
    await Promise.all(responses.map((r) => r.text()))
    expect(await renders(three, '/slow')).toBe(1)
  })

  it('bring an invalidation through one instance’s control endpoint to the others within a second', async () => {
    const [a, b, c] = three as [App, App, App]
    for (const app of [b, c]) {
      await (await fetch(`${app.url}/posts/on-demand`)).text()
      await expect.poll(async () => state(await fetch(`${app.url}/posts/on-demand`))).toBe('HIT')
    }
    // The CMS changes the post, then tells one instance.
    const saved = await fetch(`${a.url}/api/posts/on-demand`, {
      method: 'POST',
      body: new URLSearchParams({ title: 'Changed through instance A' }),
      redirect: 'manual',
    })
    expect(saved.status).toBe(303)
    const started = Date.now()
    const delays = await Promise.all(
      [b, c].map(async (app) => {
        await expect
          .poll(
            async () =>
              (await (await fetch(`${app.url}/posts/on-demand`)).text()).includes('Changed through instance A'),
            {
              interval: 20,
              timeout: 5000,
            },
          )
          .toBe(true)
        return Date.now() - started
      }),
    )
    console.log(`invalidation reached the other instances after ${delays.join(' ms and ')} ms`)
    for (const delay of delays) expect(delay).toBeLessThan(1000)
  })

  it('warm a fourth, new instance with what they rendered', async () => {
    const [a] = three as [App]
    await (await fetch(`${a.url}/rules/warm`)).text()
    await expect.poll(async () => state(await fetch(`${a.url}/rules/warm`))).toBe('HIT')
    const [fourth] = (await cluster(1)) as [App]
    const response = await fetch(`${fourth.url}/rules/warm`)
    expect(state(response)).toBe('HIT')
    expect(await renders([fourth], '/rules/warm')).toBe(0)
  })

  it('keep answering 200 while Redis is killed mid-load, and cache again once it is back', async () => {
    const [a] = three as [App]
    const statuses: number[] = []
    let running = true
    const load = (async () => {
      while (running) {
        const responses = await Promise.all(three.map((app) => fetch(`${app.url}/rules/outage`).catch(() => undefined)))
        for (const response of responses) {
          statuses.push(response?.status ?? 0)
          await response?.text()
        }
      }
    })()
    await new Promise((resolve) => setTimeout(resolve, 300))
    await redis.kill()
    await new Promise((resolve) => setTimeout(resolve, 1500))
    await redis.restart()
    await new Promise((resolve) => setTimeout(resolve, 300))
    running = false
    await load
    expect(statuses.length).toBeGreaterThan(10)
    expect(statuses.every((status) => status === 200)).toBe(true)
    await expect
      .poll(async () => state(await fetch(`${a.url}/rules/after-outage`)), { timeout: 10_000, interval: 200 })
      .toBe('HIT')
  }, 30_000)
})

describe('a render slower than the lease', () => {
  it('is not rendered twice: the lease is renewed while it runs', async () => {
    const [a, b] = (await cluster(2, { ISR_LEASE_TTL: '1' })) as [App, App]
    const first = fetch(`${a.url}/slower`)
    await new Promise((resolve) => setTimeout(resolve, 1500))
    const second = fetch(`${b.url}/slower`)
    expect((await first).status).toBe(200)
    expect((await second).status).toBe(200)
    expect(await renders([a, b], '/slower')).toBe(1)
  }, 30_000)
})

describe('receipts', () => {
  it('name the instances that applied an invalidation, and a stopped one as pending', async () => {
    const [a, b, c] = (await cluster(3)) as [App, App, App]
    const control = (app: App, path: string, body?: unknown) =>
      fetch(`${app.url}/__isr${path}`, {
        method: body ? 'POST' : 'GET',
        headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      }).then((r) => r.json())
    // Each joins the bus when it opens its storage, on its first request.
    for (const app of [a, b, c]) await (await fetch(`${app.url}/rules/receipts`)).text()
    const ids = await Promise.all([a, b, c].map(async (app) => (await control(app, '/status')).instance.id as string))
    await expect
      .poll(async () => ((await control(a, '/status')).instances as { id: string }[]).map((peer) => peer.id))
      .toEqual(expect.arrayContaining([ids[1], ids[2]]))
    const all = await control(a, '/revalidate', { tags: ['rules'], wait: 2 })
    expect(all.instances.acknowledged).toEqual(expect.arrayContaining(ids))
    expect(all.instances.pending).toEqual([])
    c.signal('SIGSTOP')
    try {
      const some = await control(a, '/revalidate', { tags: ['rules'], wait: 1 })
      expect(some.instances.pending).toEqual([ids[2]])
      expect(some.instances.acknowledged).toEqual(expect.arrayContaining([ids[0], ids[1]]))
    } finally {
      c.signal('SIGCONT')
    }
  }, 30_000)
})

/**
 * Three instances on a Redis of another shape, chosen by the playground's variables: one render for a
 * stampede over them, and an invalidation through one seen by the others within a second.
 */
function describeThreeOn(name: string, start: () => Promise<{ env: Record<string, string>; stop(): Promise<void> }>) {
  describe(`three instances on ${name}`, () => {
    let setup: { stop(): Promise<void> } | undefined
    let three: App[]
    beforeAll(async () => {
      const started = await start()
      setup = started
      three = await cluster(3, { ISR_REDIS_URL: '', ...started.env })
    }, 90_000)
    afterAll(() => setup?.stop())

    it('render a cold page once for 300 concurrent requests, and hear an invalidation within a second', async () => {
      const responses = await Promise.all(Array.from({ length: 300 }, (_, i) => fetch(`${three[i % 3]?.url}/slow`)))
      expect(responses.every((r) => r.status === 200)).toBe(true)
      await Promise.all(responses.map((r) => r.text()))
      expect(await renders(three, '/slow')).toBe(1)
      const [a, b, c] = three as [App, App, App]
      const page = '/rules/elsewhere'
      const served = new Map<App, string>()
      for (const app of [b, c]) {
        await (await fetch(`${app.url}${page}`)).text()
        await expect.poll(async () => state(await fetch(`${app.url}${page}`))).toBe('HIT')
        served.set(app, await (await fetch(`${app.url}${page}`)).text())
      }
      const started = Date.now()
      await fetch(`${a.url}/__isr/revalidate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' },
        body: JSON.stringify({ paths: [page] }),
      })
      // Each stops serving its render as fresh: STALE while one regenerates, or a HIT of the new render already
      // (another instance's regeneration may be stored before this one is asked).
      const oldAsFresh = async (app: App) => {
        const response = await fetch(`${app.url}${page}`)
        const body = await response.text()
        return state(response) === 'HIT' && body === served.get(app)
      }
      for (const app of [b, c]) await expect.poll(() => oldAsFresh(app), { interval: 10 }).toBe(false)
      expect(Date.now() - started).toBeLessThan(1000)
    }, 60_000)
  })
}

const hostPorts = (nodes: { host: string; port: number }[]) =>
  nodes.map(({ host, port }) => `${host}:${port}`).join(',')

describeThreeOn('Redis Sentinel (ISR_REDIS_SENTINELS)', async () => {
  const sentinel = await startSentinels()
  return {
    env: { ISR_REDIS_SENTINELS: hostPorts(sentinel.sentinels), ISR_REDIS_NAME: sentinel.name },
    stop: sentinel.stop,
  }
})

describeThreeOn('Redis Cluster (ISR_REDIS_CLUSTER)', async () => {
  const redisCluster = await startCluster()
  return { env: { ISR_REDIS_CLUSTER: hostPorts(redisCluster.nodes) }, stop: redisCluster.stop }
})
