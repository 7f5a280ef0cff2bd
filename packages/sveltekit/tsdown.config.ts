import { defineConfig } from 'tsdown'

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: 'esm',
  platform: 'neutral',
  target: 'es2023',
  dts: true,
  clean: true,
  sourcemap: true,
  // SvelteKit's own modules, resolved inside the app's build (the `svelte` export condition bundles us there).
  deps: { neverBundle: [/^\$app\//] },
})
