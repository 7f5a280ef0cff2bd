import { defineConfig } from 'vitest/config'

// One project per package (each has its own vitest.config.ts) plus the end-to-end tests in test/.
export default defineConfig({
  test: {
    projects: ['packages/*', 'test'],
  },
})
