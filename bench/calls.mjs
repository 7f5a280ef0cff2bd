// Timing of one awaited call, in the process that makes it: what the `cached` section compares (isrkit's
// cached functions here, Nitro's defineCachedFunction inside its own server, each beside a bare call).

/** A post as a CMS query returns it: some 1.5 KB of JSON with a date and nested data. */
export function post(slug) {
  return {
    slug,
    title: `Post ${slug}`,
    published: '2026-11-30T09:00:00.000Z',
    author: { name: 'Ada Example', avatar: `/avatars/${slug}.webp` },
    tags: ['isr', 'cache', 'bench'],
    body: Array.from({ length: 12 }, (_, i) => `Paragraph ${i} of ${slug}: words a real post would hold.`).join(' '),
    related: Array.from({ length: 6 }, (_, i) => ({ slug: `${slug}-${i}`, title: `Related ${i}` })),
  }
}

/**
 * CPU µs and wall µs per call of `call()` (awaited one after another), after a warm-up, over rounds of `calls`:
 * the median round's figures.
 */
export async function timeCalls(call, { calls = 20_000, rounds = 5 } = {}) {
  for (let i = 0; i < Math.min(calls, 2_000); i++) await call(i)
  const results = []
  for (let round = 0; round < rounds; round++) {
    const cpu = process.cpuUsage()
    const started = performance.now()
    for (let i = 0; i < calls; i++) await call(i)
    const wall = performance.now() - started
    const used = process.cpuUsage(cpu)
    results.push({ cpuUs: (used.user + used.system) / calls, wallUs: (wall * 1000) / calls })
  }
  results.sort((a, b) => a.cpuUs - b.cpuUs)
  return results[Math.floor(results.length / 2)]
}
