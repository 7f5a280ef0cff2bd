import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'core',
    include: ['test/**/*.test.ts'],
    // redis.test.ts starts a redis-server: stopped after the file whatever happens.
    setupFiles: ['../../test/support/teardown.ts'],
  },
})
