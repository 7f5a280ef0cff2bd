// What a user does today: node:http behind Express's compression() middleware (npm `compression`, defaults:
// br at quality 4 when accepted, else gzip level 6), compressing the page on every request.
import { createServer } from 'node:http'
import compression from 'compression'
import { HEADERS, listen, PAGE } from './page.mjs'

const compress = compression()
const app = (_req, res) => {
  // Set one by one: compression() reads and rewrites them before the head goes out.
  for (const [name, value] of Object.entries(HEADERS)) res.setHeader(name, value)
  res.setHeader('content-length', PAGE.byteLength)
  res.end(PAGE)
}
listen(createServer((req, res) => compress(req, res, () => app(req, res))))
