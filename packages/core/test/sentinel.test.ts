// @module-tag redis
// Redis Sentinel (a primary, a replica, three sentinels), through ioredis's own Sentinel support: the whole
// request flow and cached functions on it, and a failover under load that answers every request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type SentinelSetup, startSentinels } from '../../../test/support/redis.ts'
import { createISR } from '../src/index.ts'
import type { ISR } from '../src/types.ts'
import { describeBehaviour } from './support/behaviour.ts'
import { describeCachedBehaviour } from './support/cached-behaviour.ts'
import { html, Site, state } from './support/harness.ts'

let setup: SentinelSetup
beforeAll(async () => {
  setup = await startSentinels()
}, 30_000)
afterAll(() => setup?.stop())

const storage = (scope: string) => ({ driver: 'redis', sentinels: setup.sentinels, name: setup.name, base: scope })

describeBehaviour('redis sentinel', { options: (scope) => ({ storage: storage(scope) }), persistent: true })
describeCachedBehaviour('redis sentinel', { options: (scope) => ({ storage: storage(scope) }), persistent: true })

describe('a Sentinel failover', () => {
  const instances: ISR[] = []
  afterAll(() => Promise.all(instances.map((isr) => isr.close())))

  it('answers every request while the primary dies, and caches again on the promoted replica', async () => {
    const make = () => {
      // No memory tier: a HIT then means Redis answered, so caching resumed on the promoted replica.
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
    await (await get(a, '/before')).text()
    await expect.poll(async () => state(await get(b, '/before'))).toBe('HIT')
    const statuses: number[] = []
    let running = true
    const load = (async () => {
      for (let i = 0; running; i++) {
        const response = await get([a, b][i % 2] as ISR, `/during/${i % 20}`)
        statuses.push(response.status)
        await response.text()
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
    })()
    await setup.primary.kill()
    // Sentinel promotes the replica after its down-after time (1 s) and an election.
    await expect
      .poll(
        async () => {
          await (await get(a, '/after')).text()
          return state(await get(b, '/after'))
        },
        { timeout: 20_000, interval: 250 },
      )
      .toBe('HIT')
    running = false
    await load
    expect(statuses.length).toBeGreaterThan(20)
    expect(statuses.every((status) => status === 200)).toBe(true)
  }, 40_000)
})
