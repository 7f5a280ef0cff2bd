// The lease across instances (lead.ts): a key rendered once however the instances' reads and leases interleave.
import { createStorage, type Storage } from 'unstorage'
import { expect, it, vi } from 'vitest'
import { harness, html, state } from './support/harness.ts'

/**
 * `storage` as another instance sees it: its entry reads past the first `skip` answer what was stored when
 * asked, but only once let go.
 */
function lateReads(storage: Storage, skip = 0) {
  let letGo!: () => void
  const held = new Promise<void>((resolve) => {
    letGo = resolve
  })
  const asked: string[] = []
  const view = new Proxy(storage, {
    get(target, name, receiver) {
      if (name !== 'getItemRaw') return Reflect.get(target, name, receiver)
      return async (key: string) => {
        const value = await target.getItemRaw(key)
        if (!key.includes(':e:')) return value
        asked.push(key)
        if (asked.length > skip) await held
        return value
      }
    },
  })
  return { view, asked, letGo }
}

const routes = { '/': { revalidate: 60 } }

it('uses what another instance stored between its read and its lease, instead of rendering again', async () => {
  const shared = createStorage()
  const late = lateReads(shared)
  const a = harness({ storage: shared, routes }, { '/': (_r, n) => html(`a ${n}`) })
  const b = harness({ storage: late.view, routes }, { '/': (_r, n) => html(`b ${n}`) })
  // b reads before a stores; a renders, stores and gives the lease back; then b's read (a miss) comes back.
  const fromB = b.get('/')
  await vi.waitFor(() => expect(late.asked).toHaveLength(1))
  expect(await (await a.get('/')).text()).toBe('a 1')
  await a.settle()
  late.letGo()
  const answer = await fromB
  expect(await answer.text()).toBe('a 1')
  expect(b.site.count('/')).toBe(0)
  expect(b.events.filter((e) => e.type === 'render')).toHaveLength(0)
  await b.settle()
  await Promise.all([a.isr.close(), b.isr.close()])
})

it('calls a cached function once when another instance stored its result between the read and the lease', async () => {
  const shared = createStorage()
  const late = lateReads(shared)
  const a = harness({ storage: shared }, {})
  const b = harness({ storage: late.view }, {})
  let calls = 0
  const read = (slug: string) => ({ slug, call: ++calls })
  const [onA, onB] = [a, b].map((h) => h.isr.cached(read, { name: 'read', revalidate: 60 }))
  const fromB = onB?.('x')
  await vi.waitFor(() => expect(late.asked).toHaveLength(1))
  expect(await onA?.('x')).toEqual({ slug: 'x', call: 1 })
  late.letGo()
  expect(await fromB).toEqual({ slug: 'x', call: 1 })
  expect(calls).toBe(1)
  await Promise.all([a.isr.close(), b.isr.close()])
})

it('regenerates a stale page once when another instance would regenerate it between its read and its lease', async () => {
  const shared = createStorage()
  const late = lateReads(shared, 1)
  const a = harness({ storage: shared, routes }, { '/': (_r, n) => html(`a ${n}`) })
  const b = harness({ storage: late.view, routes }, { '/': (_r, n) => html(`b ${n}`) })
  await (await a.get('/')).text()
  await a.settle()
  a.clock.advance(61)
  b.clock.advance(61)
  // b serves the stale page and regenerates it: its second read (the check for a newer entry) is held back.
  expect(state(await b.get('/'))).toBe('STALE')
  await vi.waitFor(() => expect(late.asked).toHaveLength(2))
  // Meanwhile a serves it stale too: it must not regenerate while b does.
  expect(state(await a.get('/'))).toBe('STALE')
  await a.settle()
  late.letGo()
  await b.settle()
  expect(a.site.count('/') + b.site.count('/')).toBe(2)
  expect(await (await b.get('/')).text()).toBe('b 1')
  await Promise.all([a.isr.close(), b.isr.close()])
})
