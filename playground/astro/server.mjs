// The built site in a server file of one's own, with isrkit's Node fast path in front of Astro's handler: what
// `node dist/server/entry.mjs` does by itself, for those who own their server (signals, other routes).
// `node server.mjs` (HOST/PORT as for `node dist/server/entry.mjs`).
import { createServer } from 'node:http'
import { isrFastPath } from '@isrkit/astro/node'

process.env.ASTRO_NODE_AUTOSTART = 'disabled'
const { handler } = await import('./dist/server/entry.mjs')

const host = process.env.HOST || '127.0.0.1'
const port = Number(process.env.PORT || 4321)
const server = createServer(isrFastPath(handler))
server.listen(port, host, () => {
  const address = server.address()
  const shown = typeof address === 'object' && address ? `${host}:${address.port}` : `${host}:${port}`
  console.log(`playground-astro (fast path) listening on http://${shown}`)
})
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => server.close(() => process.exit(0)))
