// serveStandalone: what the built `dist/server/entry.mjs` does with @astrojs/node's server entry. A stand-in
// for that entry (its exports, its standalone server on a real port) and a real core.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createISR, type ISR } from '@isrkit/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { register, unregister } from '../src/registry.ts'
import { type NodeServerEntry, serveStandalone } from '../src/standalone.ts'

const AUTOSTART = 'ASTRO_NODE_AUTOSTART'
const PAGE = '<h1>Cached page</h1>'

let servers: Server[]
let calls: string[]
let instances: [string, ISR][]
let autostart: string | undefined

/** Stands in for @astrojs/node's standalone handler: Astro renders everything it is given. */
function handler(req: IncomingMessage, res: ServerResponse) {
  calls.push(req.url ?? '')
  res.writeHead(200, { 'content-type': 'text/plain' })
  res.end('rendered by Astro')
}

interface Entry extends NodeServerEntry {
  /** ASTRO_NODE_AUTOSTART as the entry saw it while being evaluated. */
  sawAutostart?: string | undefined
  started: number
}

/** @astrojs/node's server entry: `startServer()` listens at once and returns `{ server: { server }, done }`. */
function entry(mode = 'standalone', start?: () => unknown): Entry {
  const made: Entry = {
    handler,
    options: { mode },
    started: 0,
    startServer: () => {
      made.started++
      if (start) return start()
      const server = createServer(handler)
      servers.push(server)
      server.listen(0, '127.0.0.1')
      return { server: { server }, done: new Promise((resolve) => server.once('close', resolve)) }
    },
  }
  return made
}

/** Evaluates the stand-in as the built entry does. */
function serve(made: Entry, namespace?: string) {
  return serveStandalone(
    async () => {
      made.sawAutostart = process.env[AUTOSTART]
      return made
    },
    namespace === undefined ? {} : { namespace },
  )
}

async function originOf(server: Server): Promise<string> {
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** What the provider does on a first visit: an instance, registered, with a page rendered for `origin`. */
async function cached(origin: string, namespace = 'isr'): Promise<void> {
  const isr = createISR({ storage: 'memory', routes: { '/blog/[slug]': { revalidate: 60 } }, logger: false })
  register(namespace, isr)
  instances.push([namespace, isr])
  const storing: Promise<unknown>[] = []
  const response = await isr.handle(
    new Request(`${origin}/blog/hello`),
    () => new Response(PAGE, { headers: { 'content-type': 'text/html; charset=utf-8' } }),
    { waitUntil: (promise) => storing.push(promise) },
  )
  await response.text()
  await Promise.all(storing)
}

beforeEach(() => {
  servers = []
  calls = []
  instances = []
  autostart = process.env[AUTOSTART]
  delete process.env[AUTOSTART]
})

afterEach(async () => {
  if (autostart === undefined) delete process.env[AUTOSTART]
  else process.env[AUTOSTART] = autostart
  vi.restoreAllMocks()
  for (const server of servers) {
    server.closeAllConnections()
    if (server.listening) await new Promise((resolve) => server.close(resolve))
  }
  for (const [namespace, isr] of instances) {
    unregister(namespace, isr)
    await isr.close()
  }
})

describe('serveStandalone', () => {
  it('evaluates the entry with its own start turned off, then puts the variable back', async () => {
    const made = entry()
    expect(await serve(made)).toBe(made)
    expect(made.sawAutostart).toBe('disabled')
    expect(process.env).not.toHaveProperty(AUTOSTART)
    process.env[AUTOSTART] = 'enabled'
    const again = entry()
    await serve(again)
    expect(again.sawAutostart).toBe('disabled')
    expect(process.env[AUTOSTART]).toBe('enabled')
    expect(again.started).toBe(1)
  })

  it('puts the variable back when the entry fails to load', async () => {
    const failing = serveStandalone(async () => {
      throw new Error('entry failed')
    })
    await expect(failing).rejects.toThrow('entry failed')
    expect(process.env).not.toHaveProperty(AUTOSTART)
  })

  it('starts the standalone server once, answering fresh hits before Astro and the rest through it', async () => {
    const made = entry()
    await serve(made)
    expect(made.started).toBe(1)
    const origin = await originOf(servers[0]!)
    expect(await (await fetch(`${origin}/blog/hello`)).text()).toBe('rendered by Astro')
    await cached(origin)
    const hit = await fetch(`${origin}/blog/hello`)
    expect(hit.headers.get('x-isr-cache')).toBe('HIT')
    expect(hit.headers.get('cache-status')).toMatch(/detail=fast-path$/)
    expect(await hit.text()).toBe(PAGE)
    expect(await (await fetch(`${origin}/blog/other`)).text()).toBe('rendered by Astro')
    expect(calls).toEqual(['/blog/hello', '/blog/other'])
    expect(servers[0]!.listeners('request')).toHaveLength(1)
  })

  it('looks up the namespace it is given', async () => {
    await serve(entry(), 'site')
    const origin = await originOf(servers[0]!)
    await cached(origin)
    expect(await (await fetch(`${origin}/blog/hello`)).text()).toBe('rendered by Astro')
    await cached(origin, 'site')
    expect(await (await fetch(`${origin}/blog/hello`)).text()).toBe(PAGE)
    expect(calls).toEqual(['/blog/hello'])
  })

  it('starts nothing when the operator turned autostart off (a server file of their own)', async () => {
    process.env[AUTOSTART] = 'disabled'
    const made = entry()
    expect(await serve(made)).toBe(made)
    expect(made.started).toBe(0)
    expect(process.env[AUTOSTART]).toBe('disabled')
  })

  it('starts nothing in middleware mode', async () => {
    const made = entry('middleware')
    await serve(made)
    expect(made.started).toBe(0)
  })

  it('leaves a server it does not recognise as it is, and says so', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    await serve(entry('standalone', () => ({ done: Promise.resolve() })))
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0]![0]).toMatch(/^\[isrkit\] The Node fast path could not be put in front .*no Node server/)

    const server = createServer(handler)
    server.on('request', () => {})
    servers.push(server)
    server.listen(0, '127.0.0.1')
    await serve(entry('standalone', () => ({ server: { server } })))
    expect(warn).toHaveBeenCalledTimes(2)
    expect(warn.mock.calls[1]![0]).toContain('2 request listeners')
    const origin = await originOf(server)
    await cached(origin)
    expect(await (await fetch(`${origin}/blog/hello`)).text()).toBe('rendered by Astro')
  })

  it('ends the process when the server cannot listen', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation(() => undefined as never)
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const taken = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' })
    const server = createServer(handler)
    await serve(entry('standalone', () => ({ server: { server }, done: Promise.reject(taken) })))
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(1))
    expect(error).toHaveBeenCalledWith(taken)
  })
})
