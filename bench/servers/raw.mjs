// The limit: node:http sending the page's bytes from memory.
import { createServer } from 'node:http'
import { HEADERS, listen, PAGE } from './page.mjs'

listen(
  createServer((_req, res) => {
    res.writeHead(200, { ...HEADERS, 'content-length': PAGE.byteLength })
    res.end(PAGE)
  }),
)
