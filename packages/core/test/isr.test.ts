// The request flow (isr.ts) on every storage setup isrkit supports out of the box.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { describeBehaviour } from './support/behaviour.ts'

const dirs: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'isrkit-fs-'))
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

describeBehaviour('memory storage', { options: () => ({ storage: 'memory' }), persistent: false })

// One directory per test, shared by the instances a test creates: what the persistence tests rely on.
const root = tempDir()
describeBehaviour('fs storage', {
  options: (scope) => ({ storage: { driver: 'fs', base: join(root, 'tiered', scope) } }),
  persistent: true,
  stored: async (scope) => files(join(root, 'tiered', scope)),
})

describeBehaviour('fs storage without the memory tier', {
  options: (scope) => ({ storage: { driver: 'fs', base: join(root, 'bare', scope) }, memory: false }),
  persistent: true,
  stored: async (scope) => files(join(root, 'bare', scope)),
})

/** The fs driver keeps `a:b:c` as the file a/b/c. */
function files(dir: string): { key: string }[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => ({
      key: join(entry.parentPath, entry.name)
        .slice(dir.length + 1)
        .replaceAll('/', ':'),
    }))
}
