// The process environment (env.ts): build ids from platforms' variables, the operator's switch, the conventions.
import { describe, expect, it } from 'vitest'
import {
  buildIdOf,
  disabledByEnvironment,
  freshBuildId,
  platformBuildId,
  redisFromEnv,
  webhooksFromEnv,
} from '../src/env.ts'

describe('platformBuildId', () => {
  it("'auto' takes ISR_BUILD_ID, else the platform's commit, made a valid id", () => {
    expect(platformBuildId({ ISR_BUILD_ID: 'v1.2', VERCEL_GIT_COMMIT_SHA: 'abc' })).toBe('v1.2')
    expect(platformBuildId({ COMMIT_REF: 'deadbeef' })).toBe('deadbeef')
    expect(platformBuildId({ K_REVISION: 'svc/00042 x' })).toBe('svc-00042-x')
    expect(platformBuildId({ GIT_COMMIT: 'a'.repeat(80) })).toHaveLength(64)
    expect(platformBuildId({})).toBeUndefined()
  })
})

describe('buildIdOf', () => {
  it('keeps the characters keys hold, at most 64, and gives nothing for nothing', () => {
    expect(buildIdOf('1700000000000')).toBe('1700000000000')
    expect(buildIdOf(' release 2026/12 ')).toBe('release-2026-12')
    expect(buildIdOf('x'.repeat(100))).toHaveLength(64)
    expect(buildIdOf('')).toBeUndefined()
    expect(buildIdOf(undefined)).toBeUndefined()
  })
})

describe('freshBuildId', () => {
  it('is a valid build id, new for each build', () => {
    const ids = new Set(Array.from({ length: 20 }, () => freshBuildId(1_700_000_000_000)))
    expect(ids.size).toBe(20)
    for (const id of ids) expect(buildIdOf(id)).toBe(id)
  })
})

describe('disabledByEnvironment', () => {
  it('is on for ISRKIT_DISABLED=1 only', () => {
    expect(disabledByEnvironment({ ISRKIT_DISABLED: '1' })).toBe(true)
    expect(disabledByEnvironment({ ISRKIT_DISABLED: 'true' })).toBe(false)
    expect(disabledByEnvironment({})).toBe(false)
  })
})

describe('redisFromEnv and webhooksFromEnv', () => {
  it('reads the playgrounds’ conventions: a cluster, else Sentinel, else one Redis', () => {
    expect(redisFromEnv({})).toBeUndefined()
    expect(redisFromEnv({ ISR_REDIS_CLUSTER: '10.0.0.1:7000,10.0.0.2:7001', ISR_REDIS_URL: 'redis://x' })).toEqual({
      driver: 'redis',
      cluster: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
      ],
    })
    expect(redisFromEnv({ ISR_REDIS_URL: 'redis://10.0.0.1:6379' })).toEqual({
      driver: 'redis',
      url: 'redis://10.0.0.1:6379',
    })
    expect(redisFromEnv({ ISR_REDIS_SENTINELS: '10.0.0.1:26379, 10.0.0.2:26380', ISR_REDIS_NAME: 'mymaster' })).toEqual(
      {
        driver: 'redis',
        sentinels: [
          { host: '10.0.0.1', port: 26379 },
          { host: '10.0.0.2', port: 26380 },
        ],
        name: 'mymaster',
      },
    )
  })

  it('turns on each vendor that has a secret, with its settle window', () => {
    expect(webhooksFromEnv({})).toBeUndefined()
    expect(
      webhooksFromEnv({
        ISR_HOOK_SANITY_SECRET: 's'.repeat(20),
        ISR_HOOK_SANITY_SETTLE: '5',
        ISR_HOOK_STRAPI_SECRET: '',
      }),
    ).toEqual({
      sanity: { secret: 's'.repeat(20), settle: 5 },
    })
  })
})
