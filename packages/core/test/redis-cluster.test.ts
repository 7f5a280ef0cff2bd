// @module-tag redis
// Redis Cluster (three primaries, a replica each), through ioredis's Cluster: the whole request flow and cached
// functions on it, and a primary killed under load.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ClusterSetup, startCluster } from '../../../test/support/redis.ts'
import { createISR } from '../src/index.ts'
import type { ISR } from '../src/types.ts'
import { describeBehaviour } from './support/behaviour.ts'
import { describeCachedBehaviour } from './support/cached-behaviour.ts'
import { html, Site, state } from './support/harness.ts'

let setup: ClusterSetup
beforeAll(async () => {
  setup = await startCluster()
}, 60_000)
afterAll(() => setup?.stop())

const storage = (scope: string) => ({ driver: 'redis', cluster: setup.nodes, base: scope })

describeBehaviour('redis cluster', { options: (scope) => ({ storage: storage(scope) }), persistent: true })
describeCachedBehaviour('redis cluster', { options: (scope) => ({ storage: storage(scope) }), persistent: true })

describe('a primary of the cluster killed', () => {
  const instances: ISR[] = []
  afterAll(() => Promise.all(instances.map((isr) => isr.close())))

  it('answers every request, and caches again once its replica is promoted', async () => {
    const make = () => {
      // No memory tier: a HIT then means the cluster answered.
      const isr = createISR({
        storage: storage('failover'),
        memory: false,
        routes: { '/**': { revalidate: 600 } },
        logger: false,
      })
      instances.push(isr)
      return isr
    }
    const [a, b] = [make(), make()]
    const site = new Site({ '*': (r, n) => html(`${new URL(r.url).pathname} ${n}`) })
    const get = (isr: ISR, path: string) => isr.handle(new Request(`http://site.test${path}`), site.render)
    // Pages on every primary's slots.
    for (let i = 0; i < 30; i++) await (await get(a, `/before/${i}`)).text()
    await expect.poll(async () => state(await get(b, '/before/0'))).toBe('HIT')
    const statuses: number[] = []
    let running = true
    const load = (async () => {
      for (let i = 0; running; i++) {
        const response = await get([a, b][i % 2] as ISR, `/during/${i % 30}`)
        statuses.push(response.status)
        await response.text()
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    })()
    await setup.servers[0]?.kill()
    // Every page's slot answers again once the replica took over (node timeout 2 s, then the election).
    await expect
      .poll(
        async () => {
          for (let i = 0; i < 30; i++) await (await get(a, `/after/${i}`)).text()
          const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => get(b, `/after/${i}`)))
          return answers.every((answer) => state(answer) === 'HIT')
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(true)
    running = false
    await load
    expect(statuses.length).toBeGreaterThan(20)
    expect(statuses.every((status) => status === 200)).toBe(true)
  }, 60_000)
})
