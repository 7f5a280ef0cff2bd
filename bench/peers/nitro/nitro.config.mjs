import { defineNitroConfig } from 'nitropack/config'

export default defineNitroConfig({
  preset: 'node-server',
  compatibilityDate: '2026-11-24',
  srcDir: '.',
  routeRules: { '/page': { swr: 60 } },
})
