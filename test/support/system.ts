// The system programs some tests start themselves (Debian's redis-server and chromium), found the way
// scripts/system-deps.sh looks for them. A test that needs one carries its tag (`{ tags: ['redis'] }`);
// the tag skips it where the program is missing, except in CI, which must run everything.
import { accessSync, constants } from 'node:fs'
import { delimiter, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestTagDefinition } from 'vitest/config'

export interface Requirement {
  /** The test tag. */
  tag: string
  /** How the skip line counts them: "41 Redis tests". */
  label: string
  /** The Debian package that brings the program. */
  package: string
  /** An environment variable naming the program, then names looked up on PATH, then absolute paths. */
  env: string
  names: string[]
  paths: string[]
}

export const REQUIREMENTS: Requirement[] = [
  {
    tag: 'redis',
    label: 'Redis',
    package: 'redis-server',
    env: 'REDIS_SERVER',
    names: ['redis-server'],
    paths: ['/usr/bin/redis-server', '/usr/local/bin/redis-server'],
  },
  {
    tag: 'browser',
    label: 'browser',
    package: 'chromium',
    env: 'CHROMIUM_PATH',
    names: ['chromium', 'chromium-browser'],
    paths: ['/usr/bin/chromium', '/usr/bin/chromium-browser'],
  },
]

/** The program's path, or undefined when this machine lacks it. */
export function findProgram(requirement: Requirement): string | undefined {
  const named = process.env[requirement.env]
  if (named) return executable(named) ? named : undefined
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean)
  for (const name of requirement.names) {
    for (const dir of dirs) if (executable(join(dir, name))) return join(dir, name)
  }
  return requirement.paths.find(executable)
}

/** The path of the program a test needs; a test only runs when it is there (see `testTags`). */
export function requireProgram(tag: string): string {
  const requirement = REQUIREMENTS.find((r) => r.tag === tag)
  const found = requirement && findProgram(requirement)
  if (!found) throw new Error(`No ${requirement?.names[0] ?? tag} found: ${installHint([requirement?.package ?? tag])}`)
  return found
}

export const missing = (): Requirement[] => REQUIREMENTS.filter((r) => !findProgram(r))

export const installHint = (packages: string[]) =>
  `install with: sudo apt-get install -y ${packages.join(' ')} (as root, bash scripts/system-deps.sh does it)`

/**
 * One tag per requirement for every vitest project, skipping its tests where the program is missing. In CI a
 * missing program fails the run before any test starts.
 */
export function testTags(): TestTagDefinition[] {
  const absent = missing()
  if (absent.length > 0 && isCI()) {
    const packages = absent.map((r) => r.package)
    const are = packages.length > 1 ? 'are' : 'is'
    throw new Error(
      `[isrkit] CI runs every test, but ${packages.join(' and ')} ${are} missing: ${installHint(packages)}`,
    )
  }
  return REQUIREMENTS.map((r) => ({
    name: r.tag,
    description: `needs ${r.names[0]} (Debian package ${r.package})`,
    skip: absent.includes(r),
  }))
}

export function isCI(): boolean {
  const ci = process.env.CI
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false'
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/**
 * scripts/system-deps.sh asks here, so the list and the policy live once: `missing` prints the Debian
 * packages to install (space-separated); `report` says what a run will skip, or fails in CI.
 */
function main(command: string | undefined): number {
  const absent = missing()
  const packages = absent.map((r) => r.package)
  if (command === 'missing') {
    if (packages.length > 0) process.stdout.write(`${packages.join(' ')}\n`)
    return 0
  }
  if (command === 'report') {
    if (absent.length === 0) return 0
    const list = packages.join(' and ')
    if (isCI()) {
      process.stderr.write(`isrkit: CI runs every test, but ${list} could not be installed; ${installHint(packages)}\n`)
      return 1
    }
    const are = absent.length > 1 ? 'are' : 'is'
    const tests = `${absent.map((r) => r.label).join(' and ')} tests`
    process.stderr.write(
      `isrkit: ${list} ${are} not installed: the ${tests} will be skipped; ${installHint(packages)}\n`,
    )
    return 0
  }
  process.stderr.write('usage: node test/support/system.ts missing|report\n')
  return 2
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv[2])
}
