// @module-tag redis
// Redis, the shared storage of several instances (redis.ts, lead.ts, cluster.ts): a real redis-server
// started here, and several ISR instances in this process talking to it as separate servers would.
import Redis from 'ioredis'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { type RedisServer, startRedis } from '../../../test/support/redis.ts'
import { createISR } from '../src/index.ts'
import { INDEX_ADD } from '../src/redis-scripts.ts'
import type { ISR, ISROptions } from '../src/types.ts'
import { describeBehaviour } from './support/behaviour.ts'
import { describeCachedBehaviour, Source } from './support/cached-behaviour.ts'
import { html, Site, state } from './support/harness.ts'

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedis()
})
afterAll(() => redis?.stop())

// The whole request flow on Redis, one key prefix per test.
describeBehaviour('redis storage', {
  options: (scope) => ({ storage: { driver: 'redis', url: redis.url, base: scope } }),
  persistent: true,
  async stored(scope) {
    const client = new Redis(redis.url)
    try {
      const keys = await client.keys(`${scope}:*`)
      return Promise.all(keys.map(async (key) => ({ key, ttl: await client.ttl(key) })))
    } finally {
      client.disconnect()
    }
  },
})

describeCachedBehaviour('redis storage', {
  options: (scope) => ({ storage: { driver: 'redis', url: redis.url, base: scope } }),
  persistent: true,
})

const instances: ISR[] = []
function instance(scope: string, options: ISROptions = {}) {
  const isr = createISR({
    storage: { driver: 'redis', url: redis.url, base: scope },
    routes: { '/**': { revalidate: 60 } },
    logger: false,
    ...options,
  })
  instances.push(isr)
  return isr
}
afterAll(async () => {
  await Promise.all(instances.map((isr) => isr.close()))
})

const get = (isr: ISR, site: Site, path = '/page') => isr.handle(new Request(`http://site.test${path}`), site.render)
const slowSite = (ms: number) =>
  new Site({
    '*': async (_r, n) => {
      await new Promise((resolve) => setTimeout(resolve, ms))
      return html(`render ${n}`)
    },
  })

describe('several instances on one Redis', () => {
  it('store entries as bytes, not base64 text', async () => {
    const isr = instance('bytes')
    await (await get(isr, new Site({ '*': () => html('<p>bytes</p>') }))).text()
    await expect.poll(async () => state(await get(isr, new Site({})))).toBe('HIT')
    const client = new Redis(redis.url)
    const [key] = await client.keys('bytes:isr:_:e:*')
    const value = (await client.getBuffer(key as string)) as Buffer
    client.disconnect()
    expect(value.subarray(0, 3).toString()).toBe('ISR')
  })

  it('render once for a stampede spread over three instances', async () => {
    const site = slowSite(300)
    const [a, b, c] = [instance('stampede'), instance('stampede'), instance('stampede')] as [ISR, ISR, ISR]
    const responses = await Promise.all(Array.from({ length: 60 }, (_, i) => get([a, b, c][i % 3] as ISR, site)))
    const bodies = await Promise.all(responses.map((r) => r.text()))
    expect(new Set(bodies)).toEqual(new Set(['render 1']))
    expect(site.total).toBe(1)
  })

  it('keep the lease alive through a render slower than its TTL', async () => {
    const site = slowSite(2500)
    const options = { lease: { ttl: 1 } }
    const [a, b] = [instance('renewal', options), instance('renewal', options)] as [ISR, ISR]
    const first = get(a, site)
    await new Promise((resolve) => setTimeout(resolve, 1500))
    const second = get(b, site)
    expect(await (await first).text()).toBe('render 1')
    expect(await (await second).text()).toBe('render 1')
    expect(site.total).toBe(1)
  }, 15_000)

  it('hear of another instance’s invalidation at once (pub/sub)', async () => {
    let title = 'before'
    const site = new Site({ '*': () => html(title, { 'cache-tag': 'post:1' }) })
    const [a, b] = [instance('bus'), instance('bus')] as [ISR, ISR]
    await (await get(b, site)).text()
    await expect.poll(async () => state(await get(b, site))).toBe('HIT')
    title = 'after'
    const started = Date.now()
    await a.revalidateTag('post:1')
    await expect.poll(async () => state(await get(b, site)), { interval: 10 }).not.toBe('HIT')
    expect(Date.now() - started).toBeLessThan(1000)
    await expect.poll(async () => (await get(b, site)).text()).toBe('after')
  })

  it('keep a settle window in the record, for instances that hear of it and for those that read it later', async () => {
    let now = Date.now()
    const options = { now: () => now, routes: { '/**': { revalidate: 600 } } }
    const site = new Site({ '*': (_r, n) => html(`render ${n}`, { 'cache-tag': 'cms:post' }) })
    const a = instance('settle', options)
    await (await get(a, site)).text()
    await expect.poll(async () => state(await get(a, site))).toBe('HIT')
    now += 1000
    await a.revalidateTag('cms:post', { settle: 30 })
    const b = instance('settle', options)
    now += 10_000
    // Both render during the window (a renders again; b finds a's new render, or makes its own).
    await expect.poll(async () => state(await get(a, site))).toBe('HIT')
    await expect.poll(async () => state(await get(b, site))).toBe('HIT')
    const during = site.total
    now += 21_000
    expect(state(await get(a, site))).toBe('STALE')
    expect(state(await get(b, site))).toBe('STALE')
    await expect.poll(() => site.total).toBeGreaterThan(during)
    const client = new Redis(redis.url)
    const [key] = await client.keys('settle:isr:t:*')
    const record = JSON.parse((await client.get(key as string)) as string)
    client.disconnect()
    expect(record.settle - record.stale).toBe(30_000)
  })

  it('wait for another instance’s render of an expired page rather than serve it', async () => {
    let now = Date.now()
    const options = { now: () => now, routes: { '/**': { revalidate: 10, expire: 20, staleIfError: 600 } } }
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const siteA = new Site({
      '*': async (_r, n) => {
        if (n > 1) await gate
        return html(`version ${n}`)
      },
    })
    const siteB = new Site({ '*': (_r, n) => html(`rendered by B ${n}`) })
    const [a, b] = [instance('expired', options), instance('expired', options)] as [ISR, ISR]
    expect(await (await get(a, siteA)).text()).toBe('version 1')
    await expect.poll(async () => state(await get(b, siteB))).toBe('HIT')
    now += 25_000
    const rendering = get(a, siteA)
    await expect.poll(() => siteA.count('/page')).toBe(2)
    const waiting = get(b, siteB)
    await new Promise((resolve) => setTimeout(resolve, 100))
    release()
    expect(await (await rendering).text()).toBe('version 2')
    const fromB = await waiting
    expect(await fromB.text()).toBe('version 2')
    expect(state(fromB)).toBe('MISS')
    expect(siteB.total).toBe(0)
  })

  it('serve a new instance what the others rendered', async () => {
    const site = new Site({ '*': (_r, n) => html(`render ${n}`) })
    await (await get(instance('warm'), site)).text()
    await expect.poll(async () => state(await get(instance('warm'), new Site({})))).toBe('HIT')
    expect(site.total).toBe(1)
  })
})

describe('receipts', () => {
  it('name the instances that applied an invalidation, and those alive that did not', async () => {
    const [a, b, c] = [instance('receipts'), instance('receipts'), instance('receipts')] as [ISR, ISR, ISR]
    const site = new Site({ '*': () => html('page') })
    // Each opens its storage (and joins the bus) on its first request.
    for (const isr of [a, b, c]) await (await get(isr, site)).text()
    await expect.poll(async () => (await a.status()).instances.length).toBe(2)
    const ids = await Promise.all([a, b, c].map(async (isr) => (await isr.status()).instance.id))
    const started = Date.now()
    const all = await a.revalidateTag('t', { wait: 2 })
    expect(Date.now() - started).toBeLessThan(1000)
    expect(all.instances).toEqual({
      acknowledged: [ids[0], ...[ids[1], ids[2]].sort(orderOf(await a.status()))],
      pending: [],
    })
    await c.close()
    const some = await a.revalidatePath(['/x', '/y'], { wait: 0.3 })
    expect(some.instances?.acknowledged).toEqual([ids[0], ids[1]])
    expect(some.instances?.pending).toEqual([ids[2]])
    expect((await b.revalidateTag('t', { wait: 0.3 })).instances?.pending).toEqual([ids[2]])
  })
})

/** Instances as status() lists them (oldest first). */
function orderOf(status: Awaited<ReturnType<ISR['status']>>) {
  const order = status.instances.map((peer) => peer.id)
  return (x: string | undefined, y: string | undefined) => order.indexOf(x as string) - order.indexOf(y as string)
}

describe('the entries index', () => {
  it('is shared: one instance lists what another stored', async () => {
    const options = { secret: 'an-index-secret-0123' }
    const [a, b] = [instance('index', options), instance('index', options)] as [ISR, ISR]
    const site = new Site({ '*': (r) => html(new URL(r.url).pathname, { 'cache-tag': 'shared' }) })
    for (const path of ['/one', '/two']) await (await get(a, site, path)).text()
    const list = async () => {
      const response = await b.handle(
        new Request('http://site.test/__isr/entries?tag=shared', {
          headers: { authorization: 'Bearer an-index-secret-0123' },
        }),
        site.render,
      )
      return (await response.json()) as { shared: boolean; entries: { path: string }[] }
    }
    await expect.poll(async () => (await list()).entries.map((e) => e.path)).toEqual(['/two', '/one'])
    expect((await list()).shared).toBe(true)
  })

  it('keeps the newest paths only, its set and its items trimmed together', async () => {
    const client = new Redis(redis.url)
    try {
      for (const [at, path] of [
        [1, '/a'],
        [2, '/b'],
        [3, '/c'],
        [2, '/b'],
      ] as const) {
        await client.eval(INDEX_ADD, 2, 'trim:order', 'trim:items', at, path, JSON.stringify({ path }), 2)
      }
      expect(await client.zrevrange('trim:order', 0, -1)).toEqual(['/c', '/b'])
      expect((await client.hkeys('trim:items')).sort()).toEqual(['/b', '/c'])
    } finally {
      client.disconnect()
    }
  })
})

describe('the dashboard across instances', () => {
  const options = { secret: 'a-tail-secret-0123456' }
  const control = (isr: ISR, path: string, signal?: AbortSignal) =>
    isr.handle(
      new Request(`http://site.test/__isr${path}`, {
        headers: { authorization: 'Bearer a-tail-secret-0123456' },
        signal,
      }),
      new Site({}).render,
    )

  it('tails the events of every instance on the bus while a dashboard is open', async () => {
    const [a, b] = [instance('tail', options), instance('tail', options)] as [ISR, ISR]
    const site = new Site({ '*': (r) => html(new URL(r.url).pathname) })
    for (const isr of [a, b]) await (await get(isr, site, '/warm')).text()
    await expect.poll(async () => (await a.status()).instances.length).toBe(1)
    const aborter = new AbortController()
    const reader = ((await control(a, '/events', aborter.signal)).body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    let seen = ''
    const bId = (await b.status()).instance.id
    // b hears a's ask on the bus, then forwards: keep visiting until its events arrive.
    const visiting = (async () => {
      for (let i = 0; i < 50 && !seen.includes(bId); i++) {
        await (await get(b, site, `/on-b-${i}`)).text()
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    })()
    while (!seen.includes(`"instance":"${bId}"`)) seen += decoder.decode((await reader.read()).value)
    await visiting
    expect(seen).toMatch(/"type":"miss","key":"[^"]+","url":"http:\/\/site.test\/on-b-\d+"/)
    aborter.abort()
    await reader.cancel()
  })

  it('merges every instance’s hour from their heartbeats', async () => {
    const [a, b] = [instance('hour', options), instance('hour', options)] as [ISR, ISR]
    const site = new Site({ '*': (r) => html(new URL(r.url).pathname) })
    await (await get(a, site, '/a')).text()
    for (let i = 0; i < 3; i++) await (await get(b, site, `/b${i}`)).text()
    // b's next heartbeat (every 5 s) carries its minutes.
    await expect
      .poll(
        async () => {
          const body = await (await control(a, '/history')).json()
          return body.minutes.reduce((sum: number, m: number[]) => sum + (m[3] ?? 0), 0)
        },
        { timeout: 8000, interval: 250 },
      )
      .toBe(4)
  }, 15_000)
})

describe('cached functions on several instances', () => {
  it('call once for concurrent callers spread over three instances', async () => {
    const source = new Source()
    const slow = async (slug: string) => {
      await new Promise((resolve) => setTimeout(resolve, 300))
      return source.read(slug)
    }
    const fns = ['a', 'b', 'c'].map(() => instance('cached-stampede').cached(slow, { name: 'slow', revalidate: 60 }))
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => fns[i % 3]?.('x')))
    expect(new Set(results.map((r) => r?.title))).toEqual(new Set(['Post x v1']))
    expect(source.reads).toBe(1)
  })

  it('are invalidated on every instance within a second, by tag and by name', async () => {
    const source = new Source()
    const isrs = [instance('cached-bus'), instance('cached-bus'), instance('cached-bus')]
    const fns = isrs.map((isr) => isr.cached(source.read, { name: 'getPost', tags: (slug) => [`post:${slug}`] }))
    const titles = async () => Promise.all(fns.map(async (fn) => (await fn('p')).title))
    expect(await titles()).toEqual(['Post p v1', 'Post p v1', 'Post p v1'])
    expect(source.reads).toBe(1)
    for (const [version, invalidate] of [
      [2, () => isrs[0]?.revalidateTag('post:p')],
      [3, () => isrs[1]?.revalidateCached('getPost', 'p')],
      [4, () => isrs[2]?.revalidateCached('getPost')],
    ] as const) {
      source.version = version
      const started = Date.now()
      await invalidate()
      const expected = `Post p v${version}`
      await expect.poll(titles, { interval: 10 }).toEqual([expected, expected, expected])
      expect(Date.now() - started).toBeLessThan(1000)
    }
    // One refresh per invalidation, whichever instance noticed first.
    expect(source.reads).toBe(4)
  })
})

describe('a Redis outage', () => {
  it('fails open at once, and caching comes back by itself', async () => {
    const site = new Site({ '*': (_r, n) => html(`render ${n}`) })
    const reported: string[] = []
    const isr = instance('outage', { memory: false, onEvent: (e) => e.type === 'error' && reported.push(e.error.name) })
    await (await get(isr, site)).text()
    await expect.poll(async () => state(await get(isr, site))).toBe('HIT')
    await redis.kill()
    try {
      for (let i = 0; i < 5; i++) {
        const started = Date.now()
        const response = await get(isr, site)
        expect(response.status).toBe(200)
        await response.text()
        expect(Date.now() - started).toBeLessThan(1500)
      }
      expect(reported).toContain('ISRStorageError')
    } finally {
      await redis.restart()
    }
    await expect.poll(async () => state(await get(isr, site)), { timeout: 10_000, interval: 200 }).toBe('HIT')
  }, 30_000)
})

describe('the log of a Redis outage', () => {
  it('is two [isrkit] lines, when it starts and when it ends, however many pages fail meanwhile', async () => {
    const lines: string[] = []
    const logger = { warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) }
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {})
    const printedWarnings = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      const site = new Site({ '*': (_r, n) => html(`render ${n}`) })
      const isr = instance('outage-log', { logger })
      await (await get(isr, site, '/warm')).text()
      await redis.kill()
      try {
        for (let i = 0; i < 30; i++) {
          const response = await get(isr, site, `/cold-${i}`)
          expect(response.status).toBe(200)
          await response.text()
        }
      } finally {
        await redis.restart()
      }
      await expect
        .poll(
          async () => {
            await (await get(isr, site, `/after-${Math.random()}`)).text()
            return lines.length
          },
          { timeout: 10_000, interval: 200 },
        )
        .toBe(2)
      expect(lines[0]).toMatch(
        /^\[isrkit\] Storage \(redis\) is failing: .* Pages are rendered uncached until it answers again\.$/,
      )
      expect(lines[1]).toMatch(
        /^\[isrkit\] Storage \(redis\) answers again after [\d.]+ s; \d+ calls failed meanwhile\.$/,
      )
      expect(printed).not.toHaveBeenCalled()
      expect(printedWarnings).not.toHaveBeenCalled()
    } finally {
      printed.mockRestore()
      printedWarnings.mockRestore()
    }
  }, 30_000)
})

describe('a paused Redis', () => {
  it('delays no invalidation, from code or the control endpoint, by more than storageTimeout', async () => {
    const secret = 'a-long-enough-secret'
    const site = new Site({ '*': (_r, n) => html(`render ${n}`, { 'cache-tag': 't' }) })
    const isr = instance('paused', { storageTimeout: 200, secret })
    await (await get(isr, site)).text()
    const stalled = () => new Promise((resolve) => setTimeout(() => resolve('stalled'), 3000))
    redis.pause()
    try {
      expect(await Promise.race([isr.revalidateTag('t').then(() => 'answered'), stalled()])).toBe('answered')
      const webhook = isr.handle(
        new Request('http://site.test/__isr/revalidate', {
          method: 'POST',
          headers: { authorization: `Bearer ${secret}` },
          body: JSON.stringify({ tags: ['t'], paths: ['/page'] }),
        }),
        site.render,
      )
      expect(await Promise.race([webhook.then((r) => r.status), stalled()])).toBe(200)
      // This instance applied it at once.
      expect(state(await get(isr, site))).not.toBe('HIT')
    } finally {
      redis.resume()
    }
  }, 20_000)
})

describe('Redis options', () => {
  it('refuse a bad URL at creation, naming it', () => {
    expect(() => createISR({ storage: { driver: 'redis', url: 'http://localhost:6379' } })).toThrow('`storage.url`')
    expect(() => createISR({ storage: { driver: 'redis', url: 'not a url' } })).toThrow('redis://')
    expect(() => createISR({ storage: { driver: 'redis', port: 99999 } })).toThrow('`storage.port`')
  })
})
