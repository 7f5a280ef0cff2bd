// @module-tag redis
// unstorage 2, which frameworks are moving to: the request flow on a Storage an app builds with it — an fs
// driver, and its redis driver (whose client core never reaches into) — passed as `storage`. Redis named as
// `{ driver: 'redis' }` goes through core's own ioredis client, whatever unstorage the app has (redis.test.ts).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createStorage } from 'unstorage2'
import fsDriver from 'unstorage2/drivers/fs'
import redisDriver from 'unstorage2/drivers/redis'
import { afterAll, beforeAll } from 'vitest'
import { type RedisServer, startRedis } from '../../../test/support/redis.ts'
import type { ISROptions } from '../src/types.ts'
import { describeBehaviour } from './support/behaviour.ts'

const root = mkdtempSync(join(tmpdir(), 'isrkit-unstorage2-'))
let redis: RedisServer
beforeAll(async () => {
  redis = await startRedis()
})
/** Storages passed in are the app's to close: these are this test's. */
const opened: { dispose(): Promise<void> }[] = []
function own<T extends { dispose(): Promise<void> }>(storage: T): T {
  opened.push(storage)
  return storage
}
afterAll(async () => {
  await Promise.all(opened.map((storage) => storage.dispose()))
  await redis?.stop()
  rmSync(root, { recursive: true, force: true })
})

describeBehaviour('unstorage 2’s fs driver', {
  options: (scope) => ({
    storage: createStorage({ driver: fsDriver({ base: join(root, scope) }) }) as ISROptions['storage'],
  }),
  persistent: true,
})

describeBehaviour('unstorage 2’s redis driver, as a Storage', {
  options: (scope) => ({
    storage: own(createStorage({ driver: redisDriver({ url: redis.url, base: scope }) })) as ISROptions['storage'],
  }),
  persistent: true,
})
