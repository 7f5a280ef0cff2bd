import { defineConfig } from 'tsdown'

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    provider: 'src/provider.ts',
    node: 'src/node.ts',
    standalone: 'src/standalone.ts',
    endpoint: 'src/endpoint.ts',
    toolbar: 'src/toolbar.ts',
    'dev-middleware': 'src/dev-middleware.ts',
  },
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
