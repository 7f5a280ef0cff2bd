import { defineConfig } from 'tsdown'

export default defineConfig({
  // `node`: the fast path a custom Node server puts in front of adapter-node's handler.
  entry: { index: 'src/index.ts', node: 'src/node.ts' },
  format: 'esm',
  platform: 'neutral',
  target: 'es2023',
  // Sources only: with the tests in the program, declarations of test helpers outside the package are emitted.
  tsconfig: 'tsconfig.build.json',
  dts: true,
  clean: true,
  sourcemap: true,
  // SvelteKit's own modules, resolved inside the app's build (the `svelte` export condition bundles us there).
  deps: { neverBundle: [/^\$app\//] },
})
