// @isrkit/vite on the built Vite SSR playground (Express + createISRMiddleware), over real HTTP.
import { fileURLToPath } from 'node:url'
import { startApp } from './support/app.ts'
import { describeSite } from './support/site-suite.ts'

const playground = fileURLToPath(new URL('../playground/vite/', import.meta.url))

describeSite({
  name: 'a Vite SSR server (Express + @isrkit/vite/node)',
  start: (env) => startApp(playground, ['server.js'], env),
  // A Node middleware cannot see what the app reads: visitors with cookies are rendered for.
  observesCookies: false,
})
