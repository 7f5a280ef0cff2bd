import { defineConfig } from 'tsdown'

export default defineConfig({
  entry: { index: 'src/index.ts', node: 'src/node.ts' },
  format: 'esm',
  platform: 'node',
  fixedExtension: false,
  target: 'es2023',
  dts: true,
  clean: true,
  sourcemap: true,
})
