// A failing test leaves nothing running: a vitest run of test/fixtures/teardown, whose tests each start an
// app, a redis-server or a browser and then fail without stopping it, ends with none of them alive.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, it } from 'vitest'
import { serverEnvironment } from './support/app.ts'
import { processesWith } from './support/processes.ts'
import { findProgram, REQUIREMENTS } from './support/system.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const fixture = join(root, 'test', 'fixtures', 'teardown')
const scratch = mkdtempSync(join(tmpdir(), 'isrkit-teardown-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

it('stops every server, Redis and browser a failing test started', async () => {
  const mark = crypto.randomUUID()
  const reportFile = join(scratch, 'report')
  const run = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', fixture, '--reporter', 'dot'],
    {
      env: { ...serverEnvironment(), TEARDOWN_MARK: mark, TEARDOWN_REPORT: reportFile },
      encoding: 'utf8',
      timeout: 120_000,
    },
  )
  const output = `${run.stdout}${run.stderr}`
  // Each kind this machine can start ran, and its test failed.
  const kinds = ['app', ...REQUIREMENTS.filter((r) => findProgram(r)).map((r) => r.tag)]
  expect(run.status, output).toBe(1)
  expect(output).toContain(`${kinds.length} failed`)
  const running = Object.fromEntries(
    readFileSync(reportFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(' ')),
  )
  for (const kind of kinds) expect(Number(running[kind]), kind).toBeGreaterThan(0)
  // Nothing of that run is left: not the processes, not their children.
  await expect.poll(() => processesWith('TEARDOWN_MARK', mark), { timeout: 5000 }).toEqual([])
}, 150_000)
