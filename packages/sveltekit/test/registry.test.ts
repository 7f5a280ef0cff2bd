import type { ISR, RevalidateOptions, RevalidateResult } from '@isrkit/core'
import { beforeEach, describe, expect, it, vi } from 'vitest'

// A fresh registry per test: it is module state, as in the app's server bundle.
let registry: typeof import('../src/registry.ts')
beforeEach(async () => {
  vi.resetModules()
  registry = await import('../src/registry.ts')
})

/** An ISR instance that records the invalidations it receives. */
function fakeISR(name: string) {
  const calls: { kind: 'path' | 'tag'; what: string | string[]; opts: RevalidateOptions | undefined }[] = []
  const result = (mode: RevalidateOptions['mode'] = 'stale'): RevalidateResult => ({
    mode,
    paths: [name],
    tags: [],
    at: 1,
    regenerating: 0,
  })
  const isr = {
    revalidatePath: async (what: string | string[], opts?: RevalidateOptions) => {
      calls.push({ kind: 'path', what, opts })
      return result(opts?.mode)
    },
    revalidateTag: async (what: string | string[], opts?: RevalidateOptions) => {
      calls.push({ kind: 'tag', what, opts })
      return result(opts?.mode)
    },
  } as unknown as ISR
  return { isr, calls }
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(Error)
  return error as Error
}

describe('before the hook exists', () => {
  it('revalidatePath and revalidateTag tell to export handle = isr(...)', async () => {
    for (const call of [registry.revalidatePath('/'), registry.revalidateTag('blog')]) {
      const error = await rejection(call)
      expect(error.name).toBe('ISRSvelteKitError')
      expect(error.message).toMatch(/^\[isrkit\] cached, revalidatePath and revalidateTag found no isr\(\) hook: /)
      expect(error.message).toContain('export `handle = isr({...})`')
      expect(error.message).toContain('src/hooks.server')
    }
  })

  it('names the namespace that has no hook', async () => {
    registry.register('isr', Promise.resolve(fakeISR('default').isr))
    const error = await rejection(registry.revalidateTag('blog', { namespace: 'shop' }))
    expect(error.name).toBe('ISRSvelteKitError')
    expect(error.message).toContain("found no isr() hook for namespace 'shop'")
  })
})

describe('once the hook registered its instance', () => {
  it('reaches it, with the mode passed through', async () => {
    const { isr, calls } = fakeISR('default')
    registry.register('isr', Promise.resolve(isr))
    expect(await registry.revalidatePath(['/', '/blog'], { mode: 'eager' })).toMatchObject({ mode: 'eager' })
    expect(await registry.revalidateTag('post:42')).toMatchObject({ mode: 'stale' })
    expect(calls).toEqual([
      { kind: 'path', what: ['/', '/blog'], opts: { mode: 'eager' } },
      { kind: 'tag', what: 'post:42', opts: undefined },
    ])
  })

  it('selects the instance by namespace', async () => {
    const main = fakeISR('main')
    const shop = fakeISR('shop')
    registry.register('isr', Promise.resolve(main.isr))
    registry.register('shop', Promise.resolve(shop.isr))
    expect(await registry.revalidatePath('/cart', { namespace: 'shop', mode: 'purge' })).toMatchObject({
      paths: ['shop'],
      mode: 'purge',
    })
    expect(await registry.revalidateTag('blog')).toMatchObject({ paths: ['main'] })
    expect(shop.calls).toEqual([{ kind: 'path', what: '/cart', opts: { namespace: 'shop', mode: 'purge' } }])
    expect(main.calls).toEqual([{ kind: 'tag', what: 'blog', opts: undefined }])
  })

  it('waits for an instance still being created', async () => {
    const { isr, calls } = fakeISR('late')
    let ready!: (isr: ISR) => void
    registry.register('isr', new Promise<ISR>((resolve) => (ready = resolve)))
    const pending = registry.revalidateTag('blog')
    ready(isr)
    expect(await pending).toMatchObject({ paths: ['late'] })
    expect(calls).toHaveLength(1)
  })
})
