// Cached functions (cached.ts) on memory and fs storage; Redis and several instances in redis.test.ts.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createISR } from '../src/index.ts'
import { describeCachedBehaviour } from './support/cached-behaviour.ts'

const root = mkdtempSync(join(tmpdir(), 'isrkit-cached-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describeCachedBehaviour('memory storage', { options: () => ({ storage: 'memory' }), persistent: false })
describeCachedBehaviour('fs storage', {
  options: (scope) => ({ storage: { driver: 'fs', base: join(root, scope) } }),
  persistent: true,
})

describe('cached(fn, options)', () => {
  const isr = createISR({ logger: false })
  afterAll(() => isr.close())

  it('refuses options it cannot use, naming the function and the option', () => {
    const fn = async () => 1
    expect(() => isr.cached(fn, {} as never)).toThrow('`cached(fn, options).name`: expected a non-empty string')
    expect(() => isr.cached(fn, { name: 'a', revalidate: -1 })).toThrow("`cached('a').revalidate`")
    expect(() => isr.cached(fn, { name: 'a', tags: ['has space'] })).toThrow("`cached('a').tags[0]`")
    expect(() => isr.cached(fn, { name: 'a', ttl: 5 } as never)).toThrow('unknown key')
    expect(() => isr.cached('nope' as never, { name: 'a' })).toThrow('`cached(fn)`: expected a function')
  })

  it('refuses a second, different function under a name, and accepts the same one again', () => {
    isr.cached(async (x: number) => x + 1, { name: 'taken' })
    expect(() => isr.cached(async (x: number) => x + 1, { name: 'taken' })).not.toThrow()
    expect(() => isr.cached(async (x: number) => x * 2, { name: 'taken' })).toThrow(
      /A different function is already cached under the name 'taken'/,
    )
  })

  it('checks tags and keys made from the arguments at the call', async () => {
    const tagged = isr.cached(async (x: string) => x, { name: 'tagged', tags: (x) => [x] })
    await expect(tagged('two words')).rejects.toThrow("`cached('tagged').tags(…)[0]`")
    const keyed = isr.cached(async (x: string) => x, { name: 'keyed', key: () => 42 as never })
    await expect(keyed('a')).rejects.toThrow("`cached('keyed').key(…)`: expected a string")
  })

  it('refuses calls after close()', async () => {
    const other = createISR({ logger: false })
    const fn = other.cached(async () => 1, { name: 'closing' })
    await other.close()
    await expect(fn()).rejects.toThrow('This ISR instance is closed')
  })
})
