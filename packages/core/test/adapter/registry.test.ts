// The registry a Node fast path finds an adapter's instance in (adapter/registry.ts), across module copies.
import { afterEach, describe, expect, it, vi } from 'vitest'

/** A fresh copy of the module, as the framework's bundle and the user's server each load their own. */
async function moduleCopy() {
  vi.resetModules()
  return import('../../src/adapter/registry.ts')
}

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

/** A value registered for the test, forgotten after it. */
function registered<T>(registry: { set(ns: string, v: T): T; delete(ns: string, v: T): void }, ns: string, v: T) {
  registry.set(ns, v)
  cleanups.push(() => registry.delete(ns, v))
  return v
}

describe('instanceRegistry', () => {
  it('finds in one module copy what another registered', async () => {
    const bundled = await moduleCopy()
    const server = await moduleCopy()
    expect(server.instanceRegistry).not.toBe(bundled.instanceRegistry)
    const value = registered(bundled.instanceRegistry<object>('test-a'), 'isr', {})
    expect(server.instanceRegistry<object>('test-a').get('isr')).toBe(value)
  })

  it('keeps adapters and namespaces apart', async () => {
    const { instanceRegistry } = await moduleCopy()
    const value = registered(instanceRegistry<object>('test-b'), 'site', {})
    expect(instanceRegistry<object>('test-b').get('isr')).toBeUndefined()
    expect(instanceRegistry<object>('test-c').get('site')).toBeUndefined()
    expect(instanceRegistry<object>('test-b').get('site')).toBe(value)
  })

  it('forgets a value only while it is the one registered', async () => {
    const { instanceRegistry } = await moduleCopy()
    const registry = instanceRegistry<object>('test-d')
    const old = registry.set('isr', {})
    const current = registered(registry, 'isr', {})
    registry.delete('isr', old)
    expect(registry.get('isr')).toBe(current)
    registry.delete('isr', current)
    expect(registry.get('isr')).toBeUndefined()
  })
})
