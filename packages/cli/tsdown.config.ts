import { defineConfig } from 'tsdown'

export default defineConfig({
  // cli.ts is the bin (its shebang is kept); index.ts the same pieces for scripts.
  entry: { cli: 'src/cli.ts', index: 'src/index.ts' },
  format: 'esm',
  platform: 'node',
  fixedExtension: false,
  target: 'es2023',
  // Sources only: with the tests in the program, declarations of test helpers outside the package are emitted.
  tsconfig: 'tsconfig.build.json',
  dts: true,
  clean: true,
  sourcemap: true,
})
