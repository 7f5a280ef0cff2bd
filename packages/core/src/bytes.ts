// Reading bodies whole, with a limit: what the cache stores and what the control endpoint accepts.

/**
 * Reads a whole body; undefined once it passes `limit` or `signal` aborts (the rest is cancelled, not read).
 * Cancelling is not awaited: cancelling one branch of a tee settles only when the other branch is done too.
 */
export async function collect(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
  signal?: AbortSignal,
): Promise<Uint8Array | undefined> {
  if (!body) return new Uint8Array(0)
  const reader = body.getReader()
  const stop = () => void reader.cancel().catch(() => {})
  if (signal?.aborted) {
    stop()
    return undefined
  }
  signal?.addEventListener('abort', stop, { once: true })
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (signal?.aborted) return undefined
      if (done) break
      size += value.byteLength
      if (size > limit) {
        stop()
        return undefined
      }
      chunks.push(value)
    }
  } finally {
    signal?.removeEventListener('abort', stop)
  }
  if (chunks.length === 1) return chunks[0]
  const out = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}
