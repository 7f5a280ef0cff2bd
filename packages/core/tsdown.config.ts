import { defineConfig } from 'tsdown'

export default defineConfig({
  // `node`: helpers for Node servers; the main entry never imports it, and stays Web-standard. `adapter`:
  // what only framework adapters use.
  entry: { index: 'src/index.ts', node: 'src/node/index.ts', adapter: 'src/adapter/index.ts' },
  format: 'esm',
  // Neutral: core runs on Node, Deno, Bun and edge runtimes alike.
  platform: 'neutral',
  target: 'es2023',
  // Sources only: with the tests in the program, declarations of test helpers outside the package were emitted.
  tsconfig: 'tsconfig.build.json',
  dts: true,
  clean: true,
  sourcemap: true,
})
