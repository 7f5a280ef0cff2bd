import { defineConfig } from 'tsdown'

export default defineConfig({
  // cli.ts is the bin (its shebang is kept); index.ts the same pieces for scripts.
  entry: { cli: 'src/cli.ts', index: 'src/index.ts' },
  format: 'esm',
  platform: 'node',
  fixedExtension: false,
  target: 'es2023',
  dts: true,
  clean: true,
  sourcemap: true,
})
