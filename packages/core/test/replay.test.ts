// The memory of used webhook-ids (replay.ts): once per id across instances, and what happens when storage fails.
import { describe, expect, it } from 'vitest'
import { sha256Hex } from '../src/key.ts'
import { REPLAY_TTL_SECONDS, ReplayGuard } from '../src/replay.ts'
import type { Backend } from '../src/storage-types.ts'
import { Clock } from './support/harness.ts'

/** A shared storage of claims: the part of a Backend the guard uses, recording each call. */
function sharedClaims(fail?: Error) {
  const held = new Set<string>()
  const calls: [string, number][] = []
  const backend = {
    async claim(key: string, ttl: number) {
      calls.push([key, ttl])
      if (fail) throw fail
      if (held.has(key)) return false
      held.add(key)
      return true
    },
  } as unknown as Backend
  return { backend: async () => backend, calls }
}

function guard(claims: ReturnType<typeof sharedClaims>, clock = new Clock(), shared = true) {
  const reported: Error[] = []
  const replays = new ReplayGuard({
    backend: claims.backend,
    namespace: 'site',
    shared,
    now: clock.read,
    report: (e) => reported.push(e),
  })
  return { replays, reported, clock }
}

describe('ReplayGuard', () => {
  it('accepts an id once, on this instance and on every other sharing the storage', async () => {
    const claims = sharedClaims()
    const a = guard(claims)
    const b = guard(claims)
    expect(await a.replays.claim('msg_1')).toBe(true)
    expect(await a.replays.claim('msg_1')).toBe(false)
    expect(await b.replays.claim('msg_1')).toBe(false)
    expect(await b.replays.claim('msg_2')).toBe(true)
    const hash = (await sha256Hex('msg_1')).slice(0, 32)
    expect(claims.calls[0]).toEqual([`site:w:${hash}`, REPLAY_TTL_SECONDS])
    expect(REPLAY_TTL_SECONDS).toBe(600)
  })

  it('lets one of two copies racing in one process through', async () => {
    const { replays } = guard(sharedClaims())
    const results = await Promise.all([replays.claim('msg_1'), replays.claim('msg_1'), replays.claim('msg_1')])
    expect(results.filter(Boolean)).toHaveLength(1)
  })

  it('forgets an id in this process after two tolerances, when no timestamp could pass any more', async () => {
    const { replays, clock } = guard(sharedClaims(), new Clock(), false)
    expect(await replays.claim('msg_1')).toBe(true)
    clock.advance(REPLAY_TTL_SECONDS - 1)
    expect(await replays.claim('msg_1')).toBe(false)
    clock.advance(2)
    expect(await replays.claim('msg_1')).toBe(true)
  })

  it('keeps memory storage out of it: that storage is this process alone', async () => {
    const claims = sharedClaims()
    const { replays } = guard(claims, new Clock(), false)
    expect(await replays.claim('msg_1')).toBe(true)
    expect(claims.calls).toEqual([])
  })

  it('reports a storage failure and lets this process decide alone (fail open)', async () => {
    const failure = Object.assign(new Error('[isrkit] Storage claim failed'), { name: 'ISRStorageError' })
    const { replays, reported } = guard(sharedClaims(failure))
    expect(await replays.claim('msg_1')).toBe(true)
    expect(reported).toEqual([failure])
    expect(await replays.claim('msg_1')).toBe(false)
  })

  it('reports a storage that cannot be opened the same way', async () => {
    const reported: Error[] = []
    const replays = new ReplayGuard({
      backend: () => Promise.reject(new Error('no such driver')),
      namespace: 'site',
      shared: true,
      now: () => 0,
      report: (e) => reported.push(e),
    })
    expect(await replays.claim('msg_1')).toBe(true)
    expect(reported.map((e) => e.message)).toEqual(['no such driver'])
  })
})
