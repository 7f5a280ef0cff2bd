// Do two runs agree? Compares the ratio columns (a header with "vs", or "ratio") of two results files row by row
// and prints each row's largest disagreement: the larger median over the smaller, minus one (0.10 = 10 %).
// `node bench/compare.mjs bench/results/a.md bench/results/b.md [--tolerance=0.1]`; exits 1 when a row
// disagrees by more than the tolerance. `pnpm bench --twice` runs it on its two passes.
import { readFileSync } from 'node:fs'

const RATIO = /\bvs\b|^ratio$/

/** The tables of a results file: title → row name → column → cell. */
export function parseTables(markdown) {
  const tables = new Map()
  let title
  let columns
  for (const line of markdown.split('\n')) {
    if (line.startsWith('## ')) {
      title = line.slice(3)
      columns = undefined
      tables.set(title, new Map())
    } else if (title && line.startsWith('|')) {
      const cells = line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim())
      if (!columns) columns = cells.slice(1)
      else if (!cells[0].startsWith('---')) {
        tables.get(title).set(cells[0], Object.fromEntries(columns.map((c, i) => [c, cells[i + 1]])))
      }
    }
  }
  return tables
}

/** The median of a cell such as `1.23 ± 0.04` or `12,345`. */
const median = (cell) => Number.parseFloat(cell.replaceAll(',', ''))

/** Rows of both reports with a ratio column, in the order of `a`: the largest disagreement of each. */
export function disagreements(a, b) {
  const rows = []
  const other = parseTables(b)
  for (const [title, table] of parseTables(a)) {
    for (const [name, cells] of table) {
      const twin = other.get(title)?.get(name)
      if (!twin) continue
      const columns = Object.keys(cells).filter((column) => RATIO.test(column) && column in twin)
      const each = columns.map((column) => {
        const [x, y] = [median(cells[column]), median(twin[column])]
        return { column, a: x, b: y, by: Math.max(x, y) / Math.min(x, y) - 1 }
      })
      if (each.length > 0) rows.push({ title, name, ...each.reduce((p, q) => (q.by > p.by ? q : p)) })
    }
  }
  return rows
}

/** Prints each row's largest disagreement; true when every one is within `tolerance`. */
export function compareReports(a, b, tolerance = 0.1) {
  const rows = disagreements(a, b)
  for (const row of rows) {
    const mark = row.by > tolerance ? '✗' : ' '
    console.log(
      `${mark} ${(row.by * 100).toFixed(1).padStart(5)} %  ${row.a.toPrecision(3)} vs ${row.b.toPrecision(3)}  ${row.column}  ${row.name}  (${row.title.split(':')[0]})`,
    )
  }
  const over = rows.filter((row) => row.by > tolerance)
  const worst = rows.reduce((p, q) => (q.by > p.by ? q : p), rows[0])
  const largest = worst ? ` Largest: ${(worst.by * 100).toFixed(1)} %, ${worst.name}.` : ''
  console.log(
    over.length === 0
      ? `\nEvery ratio of ${rows.length} rows agrees within ${tolerance * 100} %.${largest}`
      : `\n${over.length} of ${rows.length} rows disagree by more than ${tolerance * 100} %.${largest}`,
  )
  return over.length === 0
}

if (process.argv[1] === import.meta.filename) {
  const files = process.argv.slice(2).filter((arg) => !arg.startsWith('--'))
  const tolerance = Number(process.argv.find((arg) => arg.startsWith('--tolerance='))?.slice(12) ?? 0.1)
  if (files.length !== 2) {
    console.error('usage: node bench/compare.mjs <results a.md> <results b.md> [--tolerance=0.1]')
    process.exit(2)
  }
  const [a, b] = files.map((file) => readFileSync(file, 'utf8'))
  process.exitCode = compareReports(a, b, tolerance) ? 0 : 1
}
