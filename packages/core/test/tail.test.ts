// The live tail (tail.ts): what an operator's dashboard, and every instance on the bus, sees of an event.
import { expect, it } from 'vitest'
import type { BusMessage } from '../src/storage-types.ts'
import { Tail, type TailEvent } from '../src/tail.ts'

it('shows no visitor’s cookie value and no password, here or to the other instances', () => {
  const published: BusMessage[] = []
  const tail = new Tail({ self: 'a', now: () => 0, publish: async (m) => void published.push(m) })
  tail.receive({ type: 'tail' })
  const shown: TailEvent[] = []
  tail.open((event) => shown.push(event))
  tail.local({
    type: 'miss',
    key: 'isr::http://site.test/account#c.session=s3cr3t-value',
    url: 'http://site.test/account',
    collapsed: false,
  })
  tail.local({ type: 'error', error: new Error('cannot reach redis://default:hunter2@cache.internal:6379') })
  expect(shown.map((e) => e.key ?? e.detail)).toEqual([
    'isr::http://site.test/account#c.session=***',
    expect.stringContaining('cache.internal'),
  ])
  const text = JSON.stringify([shown, published])
  expect(text).not.toContain('s3cr3t-value')
  expect(text).not.toContain('hunter2')
  tail.close()
})
