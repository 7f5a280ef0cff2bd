// Counts renders per page, so tests (through /api/stats) and visitors (in the page) see what was rendered.
const counts = new Map<string, number>()

export function countRender(page: string): number {
  const next = (counts.get(page) ?? 0) + 1
  counts.set(page, next)
  return next
}

export function renderCounts(): Record<string, number> {
  return Object.fromEntries(counts)
}
