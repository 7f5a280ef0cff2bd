// The process environment (env.ts): build ids from platforms' variables, the operator's switch.
import { describe, expect, it } from 'vitest'
import { buildIdOf, disabledByEnvironment, freshBuildId, platformBuildId } from '../src/env.ts'

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
