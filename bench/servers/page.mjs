// The page every bench server sends: about 20 KB of HTML, built once.
export const PAGE = new TextEncoder().encode(
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bench</title></head><body>${Array.from(
    { length: 200 },
    (_, i) => `<p>Paragraph ${i}: isrkit serves this page from its cache, as a framework would have rendered it.</p>`,
  ).join('')}</body></html>`,
)
export const HEADERS = { 'content-type': 'text/html; charset=utf-8' }

export function listen(server) {
  server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
    console.log(`listening on http://127.0.0.1:${server.address().port}`)
  })
  process.once('SIGTERM', () => server.close(() => process.exit(0)))
}
