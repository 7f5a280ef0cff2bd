import { defineProject } from 'vitest/config'

// End-to-end tests: built playgrounds over real HTTP.
export default defineProject({
  test: {
    name: 'e2e',
    include: ['*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Every server, Redis and browser a file starts is stopped after it, whatever its outcome.
    setupFiles: ['./support/teardown.ts'],
  },
})
