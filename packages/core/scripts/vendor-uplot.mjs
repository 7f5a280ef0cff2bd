// Writes src/dashboard/uplot.ts: uPlot's minified script and stylesheet as strings, so the dashboard serves them
// itself (no CDN) on every runtime core runs on, edge ones included, without reading files. Run it after
// upgrading the `uplot` devDependency: `node scripts/vendor-uplot.mjs`.
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const root = dirname(require.resolve('uplot/package.json'))
const { version, license } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const script = readFileSync(join(root, 'dist/uPlot.iife.min.js'), 'utf8')
const style = readFileSync(join(root, 'dist/uPlot.min.css'), 'utf8')
const out = new URL('../src/dashboard/uplot.ts', import.meta.url)
writeFileSync(
  out,
  `// uPlot ${version} (${license}, https://github.com/leeoniya/uPlot), vendored by scripts/vendor-uplot.mjs: do not edit.
export const UPLOT_VERSION = ${JSON.stringify(version)}
export const UPLOT_SCRIPT = ${JSON.stringify(script)}
export const UPLOT_STYLE = ${JSON.stringify(style)}
`,
)
console.log(`wrote ${out.pathname.split('/').slice(-3).join('/')} (uPlot ${version})`)
