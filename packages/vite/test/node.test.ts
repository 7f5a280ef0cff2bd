// createISRMiddleware in front of an Express 5 app and in front of a plain node:http handler, over real HTTP:
// the conversions between Node and the Web API, and the paths a request takes through the middleware.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createISR, type ISR, type ISREvent, type ISROptions } from '@isrkit/core'
import express from 'express'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createISRMiddleware, type ISRMiddleware, isrFastPath, type NextFunction } from '../src/node.ts'

const SECRET = 'a-secret-for-the-endpoint-0123'
const PAGE = '<!doctype html><h1>Cached page</h1>'
const CACHED = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 's-maxage=60' }

interface Page {
  status?: number
  headers?: Record<string, string | string[]>
  body: string
}
type Route = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>
type Routes = Record<string, Route>

/** A server with the middleware in front of an app made of `routes`. */
interface Host {
  name: string
  listen(middleware: ISRMiddleware, routes: Routes): Server
  /** Writes a page the way this kind of app does. */
  send(res: ServerResponse, page: Page): void
  /** A header the server sets on `res` before the middleware runs. */
  preset: [string, string]
}

const pathOf = (req: IncomingMessage) => new URL(req.url ?? '/', 'http://localhost').pathname

const expressHost: Host = {
  name: 'an Express 5 app',
  listen(middleware, routes) {
    const app = express()
    app.use(middleware)
    app.use((req, res, next) => {
      const route = routes[pathOf(req)]
      return route ? route(req, res) : next()
    })
    app.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(500).type('text').send(`error handler: ${error.message}`)
    })
    return createServer(app)
  },
  send(res, page) {
    ;(res as express.Response)
      .status(page.status ?? 200)
      .set(page.headers ?? {})
      .send(page.body)
  },
  // Express sets it in its own first middleware.
  preset: ['x-powered-by', 'Express'],
}

const nodeHost: Host = {
  name: 'a node:http handler',
  listen(middleware, routes) {
    return createServer((req, res) => {
      res.setHeader('x-request-id', 'req-1')
      void middleware(req, res, (error) => {
        if (error) {
          res.writeHead(500, { 'content-type': 'text/plain' }).end(`error handler: ${(error as Error).message}`)
          return
        }
        const route = routes[pathOf(req)]
        if (route) void route(req, res)
        else res.writeHead(404).end('not found')
      })
    })
  },
  send(res, page) {
    res.writeHead(page.status ?? 200, page.headers ?? {}).end(page.body)
  },
  preset: ['x-request-id', 'req-1'],
}

interface Answer {
  status: number
  headers: IncomingHttpHeaders
  rawHeaders: string[]
  body: string
}

/** A request with node:http (no connection reuse), to see the raw headers and exactly the bytes sent. */
function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const req = httpRequest(url, { method: init.method ?? 'GET', headers: init.headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', reject)
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          rawHeaders: res.rawHeaders,
          body: Buffer.concat(chunks).toString(),
        }),
      )
    })
    req.on('error', reject)
    req.end(init.body)
  })
}

/** A request whose target is sent exactly as given (dot segments, absolute form), with any Host. */
function sendRaw(url: string, target: string, headers: Record<string, string> = {}) {
  const { hostname, port } = new URL(url)
  return new Promise<Answer>((resolve, reject) => {
    const req = httpRequest({ hostname, port, path: target, headers, agent: false, setHost: !headers.host }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          rawHeaders: res.rawHeaders,
          body: Buffer.concat(chunks).toString(),
        }),
      )
    })
    req.on('error', reject)
    req.end()
  })
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

let servers: Server[]
let instances: ISR[]
let events: ISREvent[]
let clock: number

beforeEach(() => {
  servers = []
  instances = []
  events = []
  clock = Date.UTC(2026, 0, 1)
})

afterEach(async () => {
  for (const server of servers) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
  for (const isr of instances) await isr.close()
})

/** Options every test's instance shares: a clock of its own, events recorded, nothing logged. */
function options(extra: ISROptions = {}): ISROptions {
  return { logger: false, now: () => clock, onEvent: (event) => events.push(event), ...extra }
}

async function start(host: Host, routes: Routes, isr: ISROptions | ISR = options()) {
  const middleware = createISRMiddleware(isr)
  instances.push(middleware.isr)
  const server = host.listen(middleware, routes)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  /** Resolves once `path` is in the memory tier, so the next GET is answered from what was stored. */
  const stored = (path: string) =>
    expect.poll(() => middleware.isr.lookup(new Request(`${url}${path}`)), { timeout: 2000 }).toBeDefined()
  return { url, middleware, stored }
}

const errors = () => events.filter((event) => event.type === 'error')

describe.each([expressHost, nodeHost])('createISRMiddleware in front of $name', (host) => {
  it('sends several Set-Cookie headers as separate headers, on a page never stored for them', async () => {
    let renders = 0
    const { url } = await start(host, {
      '/login': (_req, res) => {
        renders++
        host.send(res, {
          headers: { ...CACHED, 'set-cookie': ['session=abc; HttpOnly; Path=/', 'theme=dark; Path=/'] },
          body: 'welcome',
        })
      },
    })
    for (const _ of [1, 2]) {
      const answer = await send(`${url}/login`)
      expect(answer.status).toBe(200)
      expect(answer.headers['x-isr-cache']).toBe('BYPASS')
      const cookies = answer.rawHeaders.filter(
        (_v, i) => i % 2 === 1 && /^set-cookie$/i.test(answer.rawHeaders[i - 1]!),
      )
      expect(cookies).toEqual(['session=abc; HttpOnly; Path=/', 'theme=dark; Path=/'])
      expect(answer.body).toBe('welcome')
    }
    expect(renders).toBe(2)
  })

  it('answers HEAD with the headers and no body, on a miss and on a hit, and stores the whole page', async () => {
    let renders = 0
    const { url, stored } = await start(host, {
      '/page': (_req, res) => {
        renders++
        host.send(res, { headers: CACHED, body: PAGE })
      },
    })
    const miss = await send(`${url}/page`, { method: 'HEAD' })
    expect(miss.status).toBe(200)
    expect(miss.headers['x-isr-cache']).toBe('MISS')
    expect(miss.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(miss.body).toBe('')
    await stored('/page')

    // What the HEAD request stored is the page a GET gets.
    const get = await send(`${url}/page`)
    expect(get.headers['x-isr-cache']).toBe('HIT')
    expect(get.body).toBe(PAGE)

    const hit = await send(`${url}/page`, { method: 'HEAD' })
    expect(hit.status).toBe(200)
    expect(hit.headers['x-isr-cache']).toBe('HIT')
    expect(hit.headers['content-length']).toBe(String(Buffer.byteLength(PAGE)))
    expect(hit.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(hit.body).toBe('')
    expect(renders).toBe(1)
  })

  it('answers 304 to a matching If-None-Match on a hit', async () => {
    let renders = 0
    const { url, stored } = await start(host, {
      '/page': (_req, res) => {
        renders++
        host.send(res, { headers: CACHED, body: PAGE })
      },
    })
    const miss = await send(`${url}/page`)
    expect(miss.headers['x-isr-cache']).toBe('MISS')
    await stored('/page')
    const hit = await send(`${url}/page`)
    const etag = hit.headers.etag
    expect(etag).toBeTruthy()
    const notModified = await send(`${url}/page`, { headers: { 'if-none-match': etag! } })
    expect(notModified.status).toBe(304)
    expect(notModified.headers['x-isr-cache']).toBe('HIT')
    expect(notModified.headers.etag).toBe(etag)
    expect(notModified.body).toBe('')
    const other = await send(`${url}/page`, { headers: { 'if-none-match': '"something-else"' } })
    expect(other.status).toBe(200)
    expect(other.body).toBe(PAGE)
    expect(renders).toBe(1)
  })

  it('answers fresh hits without calling the app, with the header the server set before it', async () => {
    let renders = 0
    const { url, stored } = await start(host, {
      '/page': (_req, res) => {
        renders++
        host.send(res, { headers: CACHED, body: PAGE })
      },
    })
    const [name, value] = host.preset
    const miss = await send(`${url}/page`)
    expect(miss.headers['x-isr-cache']).toBe('MISS')
    expect(miss.headers[name]).toBe(value)
    await stored('/page')
    for (let i = 0; i < 5; i++) {
      const hit = await send(`${url}/page`)
      expect(hit.headers['x-isr-cache']).toBe('HIT')
      expect(hit.headers[name]).toBe(value)
      expect(hit.body).toBe(PAGE)
    }
    expect(renders).toBe(1)
  })

  it('streams a miss to the client as the app renders it, with isrkit’s headers', async () => {
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    const { url, stored } = await start(host, {
      '/live': async (_req, res) => {
        res.writeHead(200, CACHED)
        res.write('<p>first</p>')
        await released
        res.end('<p>last</p>')
      },
    })
    const [name, value] = host.preset
    const answer = await new Promise<Answer>((resolve, reject) => {
      const req = httpRequest(`${url}/live`, { agent: false }, (res) => {
        const chunks: string[] = []
        res.on('data', (chunk: Buffer) => {
          chunks.push(String(chunk))
          // The app finishes only once the client has its first chunk.
          release()
        })
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            rawHeaders: res.rawHeaders,
            body: chunks.join(''),
          }),
        )
      })
      req.on('error', reject)
      req.end()
    })
    expect(answer.status).toBe(200)
    expect(answer.headers['x-isr-cache']).toBe('MISS')
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(answer.headers['cache-control']).toBe('public, max-age=0, must-revalidate')
    expect(answer.headers[name]).toBe(value)
    expect(answer.body).toBe('<p>first</p><p>last</p>')
    await stored('/live')
    expect((await send(`${url}/live`)).body).toBe('<p>first</p><p>last</p>')
  })

  it('stores the page a client gave up on mid-stream, rendered once to its end', async () => {
    let renders = 0
    let finished = 0
    const { url, stored } = await start(host, {
      '/slow': async (_req, res) => {
        renders++
        res.writeHead(200, CACHED)
        for (let i = 0; i < 5; i++) {
          res.write(`<p>part ${i}</p>`)
          await delay(20)
        }
        res.end()
        finished++
      },
    })
    const first = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(`${url}/slow`, { agent: false }, (res) => {
        res.on('error', () => {})
        res.once('data', (chunk: Buffer) => {
          req.destroy()
          resolve(String(chunk))
        })
      })
      req.on('error', reject)
      req.end()
    })
    expect(first).toBe('<p>part 0</p>')
    await expect.poll(() => finished).toBe(1)
    await stored('/slow')
    const hit = await send(`${url}/slow`)
    expect(hit.headers['x-isr-cache']).toBe('HIT')
    expect(hit.body).toBe('<p>part 0</p><p>part 1</p><p>part 2</p><p>part 3</p><p>part 4</p>')
    expect({ renders, finished }).toEqual({ renders: 1, finished: 1 })
    expect(errors()).toEqual([])
  })

  it('passes POST through to the app, and answers the control endpoint without calling the app', async () => {
    const calls: string[] = []
    const { url } = await start(
      host,
      {
        '/form': async (req, res) => {
          let body = ''
          for await (const chunk of req) body += chunk
          calls.push(`${req.method} ${body}`)
          host.send(res, { headers: CACHED, body: `posted ${body}` })
        },
        '/__isr/status': (_req, res) => {
          calls.push('status')
          host.send(res, { body: 'the app’s own status page' })
        },
      },
      options({ secret: SECRET }),
    )
    for (const name of ['ada', 'grace']) {
      const posted = await send(`${url}/form`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `name=${name}`,
      })
      expect(posted.status).toBe(200)
      expect(posted.headers['x-isr-cache']).toBe('BYPASS')
      expect(posted.body).toBe(`posted name=${name}`)
    }

    const status = await send(`${url}/__isr/status`, { headers: { authorization: `Bearer ${SECRET}` } })
    expect(status.status).toBe(200)
    expect(JSON.parse(status.body)).toMatchObject({ bypass: 2, storage: { ok: true } })
    const refused = await send(`${url}/__isr/status`)
    expect(refused.status).toBe(401)
    expect(calls).toEqual(['POST name=ada', 'POST name=grace'])
  })

  it('shares an instance it is given: its revalidatePath makes the next request a MISS', async () => {
    let version = 0
    const isr = createISR(options())
    const { url, middleware, stored } = await start(
      host,
      {
        '/page': (_req, res) => {
          version++
          host.send(res, { headers: CACHED, body: `version ${version}` })
        },
      },
      isr,
    )
    expect(middleware.isr).toBe(isr)
    expect((await send(`${url}/page`)).headers['x-isr-cache']).toBe('MISS')
    await stored('/page')
    expect((await send(`${url}/page`)).headers['x-isr-cache']).toBe('HIT')
    await isr.revalidatePath('/page', { mode: 'purge' })
    const next = await send(`${url}/page`)
    expect(next.headers['x-isr-cache']).toBe('MISS')
    expect(next.body).toBe('version 2')
  })

  it('serves a stale page STALE and regenerates it through a request to the server itself', async () => {
    let version = 0
    const seen: IncomingHttpHeaders[] = []
    const { url, stored } = await start(host, {
      '/news': (req, res) => {
        version++
        seen.push(req.headers)
        host.send(res, { headers: CACHED, body: `news ${version}` })
      },
    })
    expect((await send(`${url}/news`)).body).toBe('news 1')
    await stored('/news')
    clock += 61_000

    const stale = await send(`${url}/news`)
    expect(stale.headers['x-isr-cache']).toBe('STALE')
    expect(stale.body).toBe('news 1')
    await expect
      .poll(async () => {
        const answer = await send(`${url}/news`)
        return `${answer.headers['x-isr-cache']} ${answer.body}`
      })
      .toBe('HIT news 2')
    expect(version).toBe(2)
    // The visitor's request rendered the first version; the regeneration came from the middleware itself.
    expect(seen[0]!['x-isr-regenerate']).toBeUndefined()
    // The app renders it as any render for the cache: only what the key holds, no encoding asked for.
    expect(seen[1]!['accept-encoding']).toBeUndefined()
    expect(seen[1]!.host).toBe(new URL(url).host)
  })

  it('regenerates for the keyed origin, with none of the stale visitor’s headers', async () => {
    const seen: IncomingHttpHeaders[] = []
    const { url, stored } = await start(
      host,
      {
        '/news': (req, res) => {
          seen.push(req.headers)
          host.send(res, { headers: CACHED, body: `news for ${req.headers.host}` })
        },
      },
      options({ origin: 'https://www.site.test' }),
    )
    expect((await send(`${url}/news`)).body).toBe('news for www.site.test')
    await stored('/news')
    clock += 61_000
    const stale = await sendRaw(url, '/news', { host: 'evil.invalid', 'accept-language': 'xx-evil', cookie: '_ga=1' })
    expect(stale.headers['x-isr-cache']).toBe('STALE')
    await expect.poll(() => seen.length).toBe(2)
    const regeneration = seen[1] as IncomingHttpHeaders
    expect(regeneration.host).toBe('www.site.test')
    expect(regeneration['x-forwarded-proto']).toBe('https')
    expect(regeneration['accept-language']).toBeUndefined()
    expect(regeneration.cookie).toBeUndefined()
  })

  it('does not let a request carrying a made-up render header past the cache', async () => {
    let renders = 0
    const { url, stored } = await start(host, {
      '/page': (_req, res) => {
        renders++
        host.send(res, { headers: CACHED, body: PAGE })
      },
    })
    await send(`${url}/page`)
    await stored('/page')
    const forged = await send(`${url}/page`, {
      headers: { 'x-isr-regenerate': `${Date.now() + 5000}.${'0'.repeat(64)}` },
    })
    expect(forged.headers['x-isr-cache']).toBe('HIT')
    expect(renders).toBe(1)
  })

  it('never stores what the app rendered for a raw path that resolves to another page', async () => {
    const echo: Route = (req, res) => host.send(res, { headers: CACHED, body: `rendered for ${req.url}` })
    const { url } = await start(host, { '/posts/hello': echo, '/posts/world': echo })
    for (const target of ['/posts/x/../hello', '/docs/%2e%2e/posts/world', '/posts/./hello']) {
      const crafted = await sendRaw(url, target)
      expect(crafted.headers['x-isr-cache']).toBe('BYPASS')
      expect(crafted.headers['cache-status']).toContain('detail=raw-url')
    }
    for (const page of ['/posts/hello', '/posts/world']) {
      const clean = await send(`${url}${page}`)
      expect(clean.headers['x-isr-cache']).toBe('MISS')
      expect(clean.body).toBe(`rendered for ${page}`)
    }
  })

  it('answers 400 to a malformed Host or target, never 500, and renders nothing', async () => {
    let renders = 0
    const home: Route = (_req, res) => {
      renders++
      host.send(res, { body: 'home' })
    }
    const { url } = await start(host, { '/': home })
    for (const headers of [{ host: 'a b' }, { host: 'evil.example/canon/zz#' }, { host: 'user@evil.example' }]) {
      const answer = await sendRaw(url, '/', headers)
      expect(answer.status).toBe(400)
    }
    expect((await sendRaw(url, 'http://a%20b/x')).status).toBe(400)
    expect(renders).toBe(0)
  })

  it('renders for the Host a request names and keys it so: a forged Host never reaches a clean visitor', async () => {
    const canon: Route = (req, res) =>
      host.send(res, { headers: CACHED, body: `<link rel="canonical" href="http://${req.headers.host}/canon/x">` })
    const { url } = await start(host, { '/canon/x': canon, '/canon/abs': canon })
    const forged = await sendRaw(url, '/canon/x', { host: 'evil.invalid' })
    expect(forged.body).toContain('http://evil.invalid/canon/x')
    const absolute = await sendRaw(url, 'http://evil.invalid/canon/abs', { host: new URL(url).host })
    expect(absolute.body).toContain('http://evil.invalid/canon/x')
    for (const page of ['/canon/x', '/canon/abs']) {
      for (let i = 0; i < 2; i++) {
        const clean = await send(`${url}${page}`)
        expect(clean.body).toBe(`<link rel="canonical" href="http://${new URL(url).host}/canon/x">`)
      }
    }
  })

  it('renders for the canonical origin when one is configured, whatever Host a visitor sends', async () => {
    const canon: Route = (req, res) =>
      host.send(res, {
        headers: CACHED,
        body: `${req.headers['x-forwarded-proto']}://${req.headers.host} ${req.headers['x-forwarded-host']}`,
      })
    const { url, stored } = await start(host, { '/canon': canon }, options({ origin: 'https://www.site.test' }))
    const forged = await sendRaw(url, '/canon', { host: 'evil.invalid', 'x-forwarded-host': 'evil.invalid' })
    expect(forged.body).toBe('https://www.site.test www.site.test')
    await stored('/canon')
    const clean = await send(`${url}/canon`)
    expect(clean.headers['x-isr-cache']).toBe('HIT')
    expect(clean.body).toBe('https://www.site.test www.site.test')
  })

  it('gives the app only the headers the key holds, so one visitor’s headers never shape a shared page', async () => {
    const greet: Route = (req, res) =>
      host.send(res, {
        headers: CACHED,
        body: `lang=${req.headers['accept-language']} proto=${req.headers['x-forwarded-proto']} ua=${req.headers['user-agent']}`,
      })
    const { url } = await start(host, { '/greet': greet })
    const first = await send(`${url}/greet`, {
      headers: { 'accept-language': 'xx-evil', 'x-forwarded-proto': 'gopher', 'user-agent': 'attacker' },
    })
    expect(first.body).toBe('lang=undefined proto=http ua=undefined')
    const clean = await send(`${url}/greet`)
    expect(clean.body).toBe('lang=undefined proto=http ua=undefined')
  })

  it('gets an error from the app to the error handler, and stores nothing', async () => {
    let renders = 0
    const { url } = await start(host, {
      '/boom': () => {
        renders++
        throw new Error('render exploded')
      },
    })
    for (const _ of [1, 2]) {
      const answer = await send(`${url}/boom`)
      expect(answer.status).toBe(500)
      expect(answer.body).toBe('error handler: render exploded')
    }
    expect(renders).toBe(2)
  })
})

describe('createISRMiddleware in a Connect-like chain', () => {
  it('passes an error of the rest of the stack through next(err) to an Express error handler', async () => {
    const middleware = createISRMiddleware(options())
    instances.push(middleware.isr)
    const handled: string[] = []
    /** The rest of the stack, called by the middleware's next() with no try/catch around it. */
    const render: Route = () => {
      throw new Error('no template for this page')
    }
    const app = express()
    app.use((req, res, next) => {
      const chain: NextFunction = (error) => (error ? next(error) : render(req, res))
      void middleware(req, res, chain)
    })
    app.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      handled.push(error.message)
      res.status(500).type('text').send(`handled: ${error.message}`)
    })
    const server = createServer(app)
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const answer = await send(`${url}/page`)
    expect(answer.status).toBe(500)
    expect(answer.body).toBe('handled: no template for this page')
    expect(handled).toEqual(['no template for this page'])
    expect(errors()).toHaveLength(1)
  })
})

describe('isrFastPath in front of an Express app', () => {
  let files: string
  beforeEach(() => {
    files = mkdtempSync(join(tmpdir(), 'isrkit-static-'))
    writeFileSync(join(files, 'app.js'), 'console.log(1)\n')
  })
  afterEach(() => rmSync(files, { recursive: true, force: true }))

  /** The app as the playground builds it: its own middleware first, static files, then isrkit, then pages. */
  async function frontOf(extra: ISROptions = {}) {
    const middleware = createISRMiddleware(options({ routes: { '/page': { revalidate: 60 } }, ...extra }))
    instances.push(middleware.isr)
    const reached: string[] = []
    let renders = 0
    const app = express()
    app.use((req, _res, next) => {
      reached.push(`${req.method} ${req.url}`)
      next()
    })
    app.use(express.static(files))
    app.use(middleware)
    app.all('/page', (_req, res) => {
      res.type('html').send(`render ${++renders}`)
    })
    const server = createServer(isrFastPath(app, middleware))
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    /** Resolves once `path` is in the memory tier (stored just after its first response went out). */
    const stored = (path: string) =>
      expect.poll(() => middleware.isr.lookup(new Request(`${url}${path}`)), { timeout: 2000 }).toBeDefined()
    return { url, reached, stored }
  }

  it('answers fresh hits without entering Express, and hands it misses and stale pages', async () => {
    const { url, reached, stored } = await frontOf()
    expect((await send(`${url}/page`)).headers['x-isr-cache']).toBe('MISS')
    await stored('/page')
    for (let i = 0; i < 2; i++) {
      const hit = await send(`${url}/page`)
      expect(hit.body).toBe('render 1')
      expect(hit.headers['cache-status']).toMatch(/^isrkit; hit; .*detail=fast-path$/)
    }
    const head = await send(`${url}/page`, { method: 'HEAD' })
    expect(head.headers['x-isr-cache']).toBe('HIT')
    expect(reached).toEqual(['GET /page'])
    clock += 61_000
    const stale = await send(`${url}/page`)
    expect(stale.headers['x-isr-cache']).toBe('STALE')
    expect(reached).toEqual(['GET /page', 'GET /page'])
  })

  it('hands Express static files, untouched by isrkit, and every POST', async () => {
    const { url, reached } = await frontOf()
    const file = await send(`${url}/app.js`)
    expect(file.body).toBe('console.log(1)\n')
    expect(file.headers['x-isr-cache']).toBeUndefined()
    // express.static still sees the browser's validators and ranges.
    const etag = String(file.headers.etag)
    expect((await send(`${url}/app.js`, { headers: { 'if-none-match': etag } })).status).toBe(304)
    expect((await send(`${url}/app.js`, { headers: { range: 'bytes=0-6' } })).body).toBe('console')
    const post = await send(`${url}/page`, { method: 'POST', body: 'x=1' })
    expect(post.headers['x-isr-cache']).toBe('BYPASS')
    expect(reached).toEqual(['GET /app.js', 'GET /app.js', 'GET /app.js', 'POST /page'])
  })
})

describe('the operator’s switch', () => {
  it('hands every request to the app with ISRKIT_DISABLED=1', async () => {
    const previous = process.env.ISRKIT_DISABLED
    process.env.ISRKIT_DISABLED = '1'
    try {
      const middleware = createISRMiddleware({ routes: { '/': { revalidate: 60 } }, logger: false })
      let calls = 0
      const server = createServer((req, res) =>
        middleware(req, res, () => {
          calls++
          res.writeHead(200, { 'content-type': 'text/plain' }).end('app')
        }),
      )
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      const address = server.address()
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`
      for (let i = 0; i < 2; i++) {
        const response = await fetch(url)
        expect(response.headers.get('x-isr-cache')).toBeNull()
        expect(await response.text()).toBe('app')
      }
      expect(calls).toBe(2)
      server.close()
      await middleware.isr.close()
    } finally {
      if (previous === undefined) delete process.env.ISRKIT_DISABLED
      else process.env.ISRKIT_DISABLED = previous
    }
  })
})
