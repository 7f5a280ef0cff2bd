// The page every bench server sends: a realistic article of about 40 KB (realistic-page.mjs), built once.
import { realisticPage } from './realistic-page.mjs'

export const PAGE = new TextEncoder().encode(realisticPage(1))
export const HEADERS = { 'content-type': 'text/html; charset=utf-8' }

export function listen(server) {
  server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
    console.log(`listening on http://127.0.0.1:${server.address().port}`)
  })
  process.once('SIGTERM', () => server.close(() => process.exit(0)))
}
