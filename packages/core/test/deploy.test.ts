// Deploy policy (deploy.ts): entries scoped to their build, the previous build's entry standing in as stale
// while a new build renders its own, and `buildId: 'auto'`.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { keyInBuild } from '../src/deploy.ts'
import { createISR } from '../src/index.ts'
import type { ISROptions } from '../src/types.ts'
import { harness, html, state } from './support/harness.ts'

const root = mkdtempSync(join(tmpdir(), 'isrkit-deploy-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

let dirs = 0
/** Two deploys of one site on the same fs storage, as a redeploy on the same host or volume would be. */
function deploys(options: ISROptions = {}) {
  const storage = { driver: 'fs', base: join(root, String(dirs++)) }
  const build = (buildId: string, extra: ISROptions = {}) =>
    harness(
      { storage, buildId, routes: { '/**': { revalidate: 60, tags: ['all'] } }, ...options, ...extra },
      { '*': (r, n) => html(`${buildId} ${new URL(r.url).pathname} #${n}`) },
    )
  return build
}

async function render(h: ReturnType<ReturnType<typeof deploys>>, path: string) {
  const response = await h.get(path)
  const body = await response.text()
  await h.settle()
  return { state: state(response), body, detail: response.headers.get('cache-status') }
}

describe("previousBuild: 'stale'", () => {
  it("serves the previous build's entry as stale while the new build renders its own", async () => {
    const build = deploys()
    const a = build('build-a')
    expect((await render(a, '/post')).state).toBe('MISS')
    await a.isr.close()

    const b = build('build-b', { previousBuild: 'stale' })
    const first = await render(b, '/post')
    expect(first).toMatchObject({ state: 'STALE', body: 'build-a /post #1' })
    expect(first.detail).toContain('detail=previous-build')
    expect(await render(b, '/post')).toMatchObject({ state: 'HIT', body: 'build-b /post #1' })
    expect(b.site.count('/post')).toBe(1)
    await b.isr.close()
  })

  it('knows the previous build even when that one did not turn the option on', async () => {
    const build = deploys()
    const a = build('build-a')
    await render(a, '/x')
    await a.isr.close()
    const b = build('build-b', { previousBuild: 'stale' })
    expect((await render(b, '/x')).body).toBe('build-a /x #1')
    await b.isr.close()
  })

  it('never serves an entry of the previous build purged since', async () => {
    const build = deploys()
    const a = build('build-a')
    await render(a, '/post')
    a.clock.advance(1)
    await a.isr.revalidateTag('all', { mode: 'purge' })
    await a.isr.close()
    const b = build('build-b', { previousBuild: 'stale' })
    b.clock.advance(2)
    expect(await render(b, '/post')).toMatchObject({ state: 'MISS', body: 'build-b /post #1' })
    await b.isr.close()
  })

  it("follows the builds as they come: the third serves the second's entries, not the first's", async () => {
    const build = deploys()
    for (const id of ['build-a', 'build-b']) {
      const h = build(id)
      await render(h, id === 'build-a' ? '/old' : '/new')
      await h.isr.close()
    }
    const c = build('build-c', { previousBuild: 'stale' })
    expect((await render(c, '/new')).body).toBe('build-b /new #1')
    expect(await render(c, '/old')).toMatchObject({ state: 'MISS', body: 'build-c /old #1' })
    await c.isr.close()
  })
})

describe('buildId', () => {
  it("scopes entries to their build: without previousBuild a new build starts cold ('ignore', the default)", async () => {
    const build = deploys()
    const a = build('build-a')
    await render(a, '/post')
    await a.isr.close()
    const b = build('build-b')
    expect(await render(b, '/post')).toMatchObject({ state: 'MISS', body: 'build-b /post #1' })
    await b.isr.close()
  })

  it("'auto' without any build id says so once, and caches unscoped", () => {
    vi.stubEnv('ISR_BUILD_ID', '')
    const warn = vi.fn()
    const isr = createISR({ buildId: 'auto', logger: { warn, error: vi.fn() } })
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("buildId 'auto' found no build id"))
    vi.unstubAllEnvs()
    return isr.close()
  })

  it('rejects a previousBuild it does not know', () => {
    expect(() => createISR({ previousBuild: 'keep' as never })).toThrow(
      "Invalid option `previousBuild`: expected one of 'stale', 'ignore'",
    )
  })
})

describe('keyInBuild', () => {
  it('moves a key to another build, and refuses one of another namespace or build', () => {
    expect(keyInBuild('isr:b2::/post?#', 'isr', 'b2', 'b1')).toBe('isr:b1::/post?#')
    expect(keyInBuild('other:b2::/post#', 'isr', 'b2', 'b1')).toBeUndefined()
    expect(keyInBuild('isr:b3::/post#', 'isr', 'b2', 'b1')).toBeUndefined()
  })
})
