// Counts renders per page, so tests (through /api/stats) and visitors (in the page) see what was rendered.
const counts = new Map()

export function stamp(page) {
  const count = (counts.get(page) ?? 0) + 1
  counts.set(page, count)
  return { count, at: new Date().toISOString() }
}

export function renderCounts() {
  return Object.fromEntries(counts)
}
