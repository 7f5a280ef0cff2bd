// A failover under load, for the Redis setups that have one (Sentinel, Cluster): two instances without a memory
// tier (a HIT then means Redis answered) keep asking for `pages` pages while `kill` takes a primary down.
import { expect } from 'vitest'
import { createISR } from '../../src/index.ts'
import type { ISR, ISROptions } from '../../src/types.ts'
import { html, Site, state } from './harness.ts'

export interface Failover {
  /** Every answer's status while the primary died and was replaced. */
  statuses: number[]
  close(): Promise<void>
}

/**
 * Resolves once every page is a HIT again on the second instance, within `timeout` ms, and an invalidation
 * through the first instance reaches the second. Meanwhile a render
 * holds the lease on `/leased` as the primary dies, and finishes after the failover: the promoted replica may
 * or may not have that lease, which costs at worst one more render, never a key that stops caching.
 */
export async function failoverUnderLoad(options: {
  storage: ISROptions['storage']
  kill: () => Promise<void>
  pages: number
  timeout: number
}): Promise<Failover> {
  const make = () =>
    createISR({
      storage: options.storage,
      memory: false,
      routes: { '/**': { revalidate: 600 } },
      lease: { wait: 0.5 },
      logger: false,
    })
  const [a, b] = [make(), make()]
  let letGo!: () => void
  const held = new Promise<void>((resolve) => {
    letGo = resolve
  })
  const site = new Site({
    '/leased': async (_r, n) => {
      if (n === 1) await held
      return html(`leased ${n}`)
    },
    '*': (r, n) => html(`${new URL(r.url).pathname} ${n}`),
  })
  const get = (isr: ISR, path: string) => isr.handle(new Request(`http://site.test${path}`), site.render)
  const pages = Array.from({ length: options.pages }, (_, i) => i)
  // Pages on every primary's slots, where there are several.
  for (const i of pages) await (await get(a, `/before/${i}`)).text()
  await expect.poll(async () => state(await get(b, '/before/0'))).toBe('HIT')
  const leased = get(a, '/leased')
  await expect.poll(() => site.count('/leased')).toBe(1)
  const statuses: number[] = []
  let running = true
  const load = (async () => {
    for (let i = 0; running; i++) {
      const response = await get([a, b][i % 2] as ISR, `/during/${i % 30}`)
      statuses.push(response.status)
      await response.text()
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  })()
  await options.kill()
  await expect
    .poll(
      async () => {
        for (const i of pages) await (await get(a, `/after/${i}`)).text()
        const answers = await Promise.all(pages.map((i) => get(b, `/after/${i}`)))
        return answers.every((answer) => state(answer) === 'HIT')
      },
      { timeout: options.timeout, interval: 250 },
    )
    .toBe(true)
  running = false
  await load
  // The other instance renders it too, the lease lost or still held past `lease.wait`; the first render ends last.
  const fromB = await get(b, '/leased')
  letGo()
  for (const answer of [fromB, await leased]) {
    statuses.push(answer.status)
    await answer.text()
  }
  const answers = async () => Promise.all([a, b].map(async (isr) => (await get(isr, '/leased')).text()))
  await expect.poll(answers, { timeout: options.timeout }).toEqual(['leased 2', 'leased 2'])
  expect(site.count('/leased')).toBe(2)
  // Invalidations reach the other instance again, though its subscription may have been on the node that died
  // (a page stored since: Redis's replication is asynchronous, and a failover may lose the last writes before it).
  await a.revalidatePath('/after/0')
  await expect.poll(async () => state(await get(b, '/after/0')), { timeout: 5_000 }).toBe('STALE')
  return { statuses, close: () => Promise.all([a.close(), b.close()]).then(() => {}) }
}
