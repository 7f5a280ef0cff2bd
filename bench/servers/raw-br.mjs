// The limit for compressed: node:http sending the page's brotli bytes, compressed once at start at the highest
// quality, to a request that accepts br (identity otherwise, as any server must).
import { createServer } from 'node:http'
import { brotliCompressSync, constants } from 'node:zlib'
import { HEADERS, listen, PAGE } from './page.mjs'

const BROTLI = brotliCompressSync(PAGE, {
  params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: PAGE.byteLength },
})

listen(
  createServer((req, res) => {
    const br = req.headers['accept-encoding']?.includes('br')
    const body = br ? BROTLI : PAGE
    res.writeHead(200, {
      ...HEADERS,
      vary: 'accept-encoding',
      ...(br && { 'content-encoding': 'br' }),
      'content-length': body.byteLength,
    })
    res.end(body)
  }),
)
