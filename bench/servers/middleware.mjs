// @isrkit/vite/node's createISRMiddleware in front of a node:http app that sends the same bytes.
import { createServer } from 'node:http'
import { createISRMiddleware } from '@isrkit/vite/node'
import { HEADERS, listen, PAGE } from './page.mjs'

const isr = createISRMiddleware({ routes: { '/page': { revalidate: 3600 } }, logger: false })
const app = (_req, res) => {
  res.writeHead(200, { ...HEADERS, 'content-length': PAGE.byteLength })
  res.end(PAGE)
}
listen(createServer((req, res) => isr(req, res, () => app(req, res))))
