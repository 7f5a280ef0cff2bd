// The site is plain ESM on @isrkit/core: "building" checks that the core it imports is built.
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'

const entry = createRequire(import.meta.url).resolve('@isrkit/core')
if (!existsSync(entry)) {
  console.error('playground-node: @isrkit/core is not built; run `pnpm build` at the repository root.')
  process.exit(1)
}
console.log('playground-node: ready (plain ESM on @isrkit/core)')
