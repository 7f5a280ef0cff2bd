// A real HTTP server on a loopback port in front of an ISR instance (srvx's Node adapter).
import { serve } from 'srvx'
import type { ISR } from '../../src/types.ts'
import type { Site } from './harness.ts'

export interface Served {
  url: string
  close(): Promise<void>
}

export async function serveSite(
  isr: () => ISR,
  site: Site,
  waitUntil?: (p: Promise<unknown>) => void,
): Promise<Served> {
  const server = serve({
    hostname: '127.0.0.1',
    port: 0,
    silent: true,
    fetch: (request) => isr().handle(request, site.render, { waitUntil }),
  })
  await server.ready()
  const url = server.url?.replace(/\/$/, '')
  if (!url) throw new Error('server has no url')
  return { url, close: () => server.close(true) }
}
