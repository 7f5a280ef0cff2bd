// @module-tag redis
// Redis Cluster (three primaries, a replica each), through ioredis's Cluster: the whole request flow and cached
// functions on it, and a primary killed under load.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ClusterSetup, startCluster } from '../../../test/support/redis.ts'
import { describeBehaviour } from './support/behaviour.ts'
import { describeCachedBehaviour } from './support/cached-behaviour.ts'
import { failoverUnderLoad } from './support/failover.ts'

let setup: ClusterSetup
beforeAll(async () => {
  setup = await startCluster()
}, 60_000)
afterAll(() => setup?.stop())

/** Several nodes under a loaded CI machine answer slower than one Redis: the suites allow them more time. */
const SLOW_STORAGE_MS = 3000

const storage = (scope: string) => ({ driver: 'redis', cluster: setup.nodes, base: scope })

describeBehaviour('redis cluster', {
  options: (scope) => ({ storage: storage(scope), storageTimeout: SLOW_STORAGE_MS }),
  persistent: true,
})
describeCachedBehaviour('redis cluster', {
  options: (scope) => ({ storage: storage(scope), storageTimeout: SLOW_STORAGE_MS }),
  persistent: true,
})

describe('a primary of the cluster killed', () => {
  it('answers every request, and caches again once its replica is promoted', async () => {
    // Every page's slot answers again once the replica took over (node timeout 2 s, then the election).
    const failover = await failoverUnderLoad({
      storage: storage('failover'),
      // The primary the instances' bus is on: their subscriptions move, and what they lost meanwhile is noticed.
      kill: async () => setup.primaryOf('failover:isr:bus')?.kill(),
      pages: 30,
      timeout: 30_000,
    })
    await failover.close()
    expect(failover.statuses.length).toBeGreaterThan(20)
    expect(failover.statuses.every((status) => status === 200)).toBe(true)
  }, 60_000)
})
