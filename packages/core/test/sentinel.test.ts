// @module-tag redis
// Redis Sentinel (a primary, a replica, three sentinels), through ioredis's own Sentinel support: the whole
// request flow and cached functions on it, and a failover under load that answers every request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type SentinelSetup, startSentinels } from '../../../test/support/redis.ts'
import { describeBehaviour } from './support/behaviour.ts'
import { describeCachedBehaviour } from './support/cached-behaviour.ts'
import { failoverUnderLoad } from './support/failover.ts'

let setup: SentinelSetup
beforeAll(async () => {
  setup = await startSentinels()
}, 30_000)
afterAll(() => setup?.stop())

/** Several nodes under a loaded CI machine answer slower than one Redis: the suites allow them more time. */
const SLOW_STORAGE_MS = 3000

const storage = (scope: string) => ({ driver: 'redis', sentinels: setup.sentinels, name: setup.name, base: scope })

describeBehaviour('redis sentinel', {
  options: (scope) => ({ storage: storage(scope), storageTimeout: SLOW_STORAGE_MS }),
  persistent: true,
})
describeCachedBehaviour('redis sentinel', {
  options: (scope) => ({ storage: storage(scope), storageTimeout: SLOW_STORAGE_MS }),
  persistent: true,
})

describe('a Sentinel failover', () => {
  it('answers every request while the primary dies, and caches again on the promoted replica', async () => {
    // Sentinel promotes the replica after its down-after time (1 s) and an election.
    const failover = await failoverUnderLoad({
      storage: storage('failover'),
      kill: () => setup.primary.kill(),
      pages: 1,
      timeout: 20_000,
    })
    await failover.close()
    expect(failover.statuses.length).toBeGreaterThan(20)
    expect(failover.statuses.every((status) => status === 200)).toBe(true)
  }, 40_000)
})
