// The built app behind isrkit's Node fast path: fresh hits are written before Kit's pipeline runs.
// `node server.mjs` (HOST/PORT as for `node build`).
import { createServer } from 'node:http'
import { isrFastPath } from '@isrkit/sveltekit/node'
import { handler } from './build/handler.js'

const host = process.env.HOST || '0.0.0.0'
const port = Number(process.env.PORT ?? 3000)
const server = createServer(isrFastPath(handler))
server.listen(port, host, () => {
  const address = server.address()
  const shown = typeof address === 'object' && address ? `${host}:${address.port}` : `${host}:${port}`
  console.log(`playground-sveltekit (fast path) listening on http://${shown}`)
})

// What adapter-node's own server does on SIGTERM/SIGINT: stop taking connections, then emit
// `sveltekit:shutdown`, on which the hook closes isrkit (background renders get 5 s, then Redis is closed)
// and the process exits once nothing is left to do.
function shutdown(reason) {
  server.closeIdleConnections()
  server.close(() => process.emit('sveltekit:shutdown', reason))
}
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, shutdown)
