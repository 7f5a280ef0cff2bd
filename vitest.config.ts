import { defineConfig } from 'vitest/config'
import SkipReport from './test/support/skip-report.ts'
import { testTags } from './test/support/system.ts'

// One project per package (each has its own vitest.config.ts) plus the end-to-end tests in test/. Tests
// that start Redis or Chromium carry a tag, skipped (and counted in the run's last line) where the
// machine lacks the program, never in CI (test/support/system.ts).
export default defineConfig({
  test: {
    projects: ['packages/*', 'test'],
    tags: testTags(),
    reporters: ['default', new SkipReport()],
  },
})
