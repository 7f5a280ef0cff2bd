// The run's last line when tests were skipped for a missing system program, so a green run on a machine
// without Redis or Chromium says what it did not prove.
import type { Reporter, TestModule } from 'vitest/node'
import { findProgram, installHint, REQUIREMENTS } from './system.ts'

export default class SkipReport implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const line = skipLine(modules)
    if (line) process.stdout.write(`\n${line}\n`)
  }
}

export function skipLine(modules: ReadonlyArray<TestModule>): string | undefined {
  const parts: string[] = []
  const packages: string[] = []
  for (const requirement of REQUIREMENTS) {
    if (findProgram(requirement)) continue
    let count = 0
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        if (test.tags.includes(requirement.tag) && test.result().state === 'skipped') count++
      }
    }
    if (count === 0) continue
    parts.push(`${count} ${requirement.label} test${count === 1 ? '' : 's'} (no ${requirement.names[0]})`)
    packages.push(requirement.package)
  }
  if (parts.length === 0) return undefined
  return `skipped: ${parts.join(', ')} — ${installHint(packages)}`
}
