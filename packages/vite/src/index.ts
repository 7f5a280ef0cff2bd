// @isrkit/vite — `plugins: [isr({...})]` puts isrkit in front of SSR responses in `vite preview`, and in
// `vite dev` with `dev: true`. Production servers use `@isrkit/vite/node`. See README.md.
import type { ISROptions } from '@isrkit/core'
import type { Plugin } from 'vite'
import { createISRMiddleware, type ISRMiddleware } from './node.ts'

export interface ISRViteOptions extends Omit<ISROptions, 'dev'> {
  /** Also cache in `vite dev` (default: only `vite preview`; dev renders every page fresh). */
  dev?: boolean
}

export default function isr(options: ISRViteOptions = {}): Plugin {
  const { dev = false, ...core } = options
  // One instance per server: created when Vite configures it, closed with it (and only with it: a restart
  // configures the new server before it closes the old one).
  const install = (server: { middlewares: { use(fn: ISRMiddleware): unknown } }, explainOnly = false) => {
    // `explainOnly`: `vite dev` without `dev: true` renders every page, and each answer's x-isr-explain says
    // what production would do with it (docs/architecture.md "Explain").
    const middleware = createISRMiddleware(explainOnly ? { ...core, dev: true } : core, { skipViteInternals: true })
    // Added in the configure hook itself (not in a returned post hook): before Vite's own middlewares and the
    // framework's SSR handler, so it wraps them.
    server.middlewares.use(middleware)
    return middleware
  }
  return {
    name: '@isrkit/vite',
    enforce: 'pre',
    configureServer(server) {
      const middleware = install(server, !dev)
      server.httpServer?.once('close', () => void middleware.isr.close())
    },
    configurePreviewServer(server) {
      const middleware = install(server)
      server.httpServer?.once('close', () => void middleware.isr.close())
    },
  }
}

export { createISRMiddleware, type ISRMiddleware } from './node.ts'
