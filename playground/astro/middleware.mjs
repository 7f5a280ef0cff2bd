// A server of your own around a middleware-mode build (`ASTRO_NODE_MODE=middleware astro build`), with the
// fast path in front: `node middleware.mjs [dist]`. Astro answers its routes; the rest falls through to 404.
import { createServer } from 'node:http'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { isrFastPath } from '@isrkit/astro/node'

const dist = resolve(process.argv[2] ?? 'dist')
const { handler } = await import(pathToFileURL(resolve(dist, 'server', 'entry.mjs')).href)
const app = isrFastPath(handler)

const notFound = (res) => {
  res.statusCode = 404
  res.end('not found')
}
const server = createServer((req, res) => app(req, res, () => notFound(res)))
const host = process.env.HOST || '127.0.0.1'
server.listen(Number(process.env.PORT || 4321), host, () => {
  console.log(`playground-astro (middleware mode) listening on http://${host}:${server.address().port}`)
})
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => server.close(() => process.exit(0)))
