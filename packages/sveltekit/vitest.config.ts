import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'sveltekit',
    include: ['test/**/*.test.ts'],
  },
})
