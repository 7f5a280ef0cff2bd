import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { progressBar } from '../src/progress.ts'

function stream(isTTY: boolean): NodeJS.WriteStream & { text(): string } {
  const output = new PassThrough()
  let text = ''
  output.on('data', (chunk) => {
    text += chunk
  })
  return Object.assign(output, { isTTY, columns: 80, rows: 24, text: () => text }) as unknown as NodeJS.WriteStream & {
    text(): string
  }
}

describe('progressBar', () => {
  it('writes nothing when the output is not a terminal', () => {
    const output = stream(false)
    const bar = progressBar(3, output)
    bar.advance('/a')
    bar.stop('done')
    expect(output.text()).toBe('')
  })

  it('draws a bar on a terminal and ends with the stop message', async () => {
    const output = stream(true)
    const bar = progressBar(2, output)
    bar.advance('/a')
    bar.advance('/b')
    bar.stop('Warmed 2 pages')
    await new Promise((resolve) => setImmediate(resolve))
    expect(output.text()).toContain('Warmed 2 pages')
  })
})
