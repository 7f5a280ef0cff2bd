// @isrkit/core directly on a node:http server (playground/node, srvx), over real HTTP: the sixth host of the
// shared suite, and the fixture of the multi-instance tests.
import { fileURLToPath } from 'node:url'
import { startApp } from './support/app.ts'
import { describeSite } from './support/site-suite.ts'

const playground = fileURLToPath(new URL('../playground/node/', import.meta.url))

describeSite({
  name: 'a node:http server on @isrkit/core',
  start: (env) => startApp(playground, ['server.mjs'], env),
  observesCookies: false,
})
