import { afterEach, describe, expect, it } from 'vitest'
import { kitEnvironment, setKitEnvironment } from '../src/env.ts'

afterEach(() => setKitEnvironment(undefined))

describe('kitEnvironment', () => {
  it('knows neither the build nor the version outside a SvelteKit app ($app/environment fails)', async () => {
    const env = await kitEnvironment()
    expect(env.building).toBe(false)
    expect(env.version).toBeUndefined()
  })

  it('asks once and answers the same from then on', () => {
    expect(kitEnvironment()).toBe(kitEnvironment())
  })

  it('can be set, and reset to what $app/environment says', async () => {
    setKitEnvironment({ building: true, version: '1700000000000' })
    expect(await kitEnvironment()).toEqual({ building: true, version: '1700000000000' })
    setKitEnvironment({ building: false, version: 'v2' })
    expect(await kitEnvironment()).toEqual({ building: false, version: 'v2' })
    setKitEnvironment(undefined)
    const env = await kitEnvironment()
    expect(env.building).toBe(false)
    expect(env.version).toBeUndefined()
  })
})
