// Reading bodies whole with a limit (bytes.ts).
import { describe, expect, it } from 'vitest'
import { collect } from '../src/bytes.ts'

function chunks(...parts: string[]) {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(new TextEncoder().encode(part))
      controller.close()
    },
  })
}

describe('collect', () => {
  it('joins every chunk of a body', async () => {
    const bytes = await collect(chunks('ab', 'cd', 'e'), 10)
    expect(new TextDecoder().decode(bytes)).toBe('abcde')
  })

  it('reads a missing body as empty', async () => {
    expect(await collect(null, 10)).toEqual(new Uint8Array(0))
  })

  it('gives up once the limit is passed, and cancels the rest', async () => {
    let cancelled = false
    // An endless body: only the limit ends the read.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(4))
      },
      cancel() {
        cancelled = true
      },
    })
    expect(await collect(body, 10)).toBeUndefined()
    await Promise.resolve()
    expect(cancelled).toBe(true)
    expect(new TextDecoder().decode(await collect(chunks('12345', '67890'), 10))).toBe('1234567890')
  })
})
