// Fills shared storage with `count` entries (/p/0 … /p/<count-1>) the way a site would: core renders and
// stores each page, in this process, many at a time. The bench servers then read them with the same options.
import { createISR } from '@isrkit/core'

/** The origin the pages are stored for; servers/core.mjs reads them with it as its canonical origin. */
export const SEED_ORIGIN = 'http://bench.test'

/** Renders and stores /p/<from> … /p/<to-1> with a body of `bodyBytes`; resolves once all are in storage. */
export async function seed({ storage, from = 0, to, bodyBytes = 1024, concurrency = 64 }) {
  const isr = createISR({
    storage,
    memory: false,
    origin: SEED_ORIGIN,
    routes: { '/p/*': { revalidate: 3600 } },
    logger: false,
  })
  const filler = 'x'.repeat(bodyBytes)
  const render = (request) =>
    new Response(`<!doctype html><p>${new URL(request.url).pathname}</p>${filler}`, {
      headers: { 'content-type': 'text/html; charset=utf-8' },
    })
  let next = from
  const worker = async () => {
    while (next < to) {
      const response = await isr.handle(new Request(`${SEED_ORIGIN}/p/${next++}`), render)
      await response.arrayBuffer()
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  // close() waits for every write still in flight.
  await isr.close()
}
