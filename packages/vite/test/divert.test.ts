// divert(): what a Node app writes to `res` becomes a Web Response (status, headers, body with backpressure),
// while the real socket only carries what is sent through `sender`. A real node:http server, real requests.
import { once } from 'node:events'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Diverted, divert } from '../src/divert.ts'

type App = (req: IncomingMessage, res: ServerResponse) => void

interface Exchange {
  res: ServerResponse
  diverted: Diverted
}

let server: Server
let url: string
let onRequest: App = (_req, res) => res.writeHead(500).end('no test is waiting for this request')

beforeAll(async () => {
  server = createServer((req, res) => onRequest(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

/** The next request runs `app` with `res` diverted, after `before` wrote to the real `res`. */
function nextExchange(app: App, before?: (res: ServerResponse) => void): Promise<Exchange> {
  return new Promise((resolve) => {
    onRequest = (req, res) => {
      before?.(res)
      const diverted = divert(res, () => app(req, res))
      resolve({ res, diverted })
    }
  })
}

/** A request to the server; a test that fails before awaiting it leaves no unhandled rejection behind. */
function request(): Promise<Response> {
  const client = fetch(url)
  client.catch(() => {})
  return client
}

/** Sends a plain answer through the sender, so the client's request completes. */
function answer({ diverted }: Exchange, body = 'sent by isrkit'): void {
  diverted.sender.writeHead(200, 'OK', { 'content-type': 'text/plain', 'x-sent': 'isrkit' })
  diverted.sender.end(body)
}

const turns = async (count: number) => {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve))
}

describe('the Response the app writes', () => {
  it('gets the status, message, headers and body of writeHead, string writes in any encoding, Buffers and end(chunk)', async () => {
    const exchange = nextExchange((_req, res) => {
      res.writeHead(201, 'Made It', { 'content-type': 'text/plain; charset=utf-8', 'x-count': 3, 'x-list': ['a', 'b'] })
      res.write('héllo ')
      res.write('776f726c64', 'hex')
      res.write(' from ', 'latin1')
      res.write(Buffer.from('buffers'))
      res.write('IQ==', 'base64')
      res.write(new Uint8Array([0x20]))
      res.end('ünd')
    })
    const client = request()
    const sent = await exchange
    const response = await sent.diverted.response
    expect(response.status).toBe(201)
    expect(response.statusText).toBe('Made It')
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(response.headers.get('x-count')).toBe('3')
    expect(response.headers.get('x-list')).toBe('a, b')
    expect(await response.text()).toBe('héllo world from buffers! ünd')

    // Nothing the app set is on the real response: what the client gets is what isrkit sends.
    expect(sent.res.getHeaderNames()).toEqual([])
    answer(sent)
    const received = await client
    expect(received.status).toBe(200)
    expect(received.headers.get('x-sent')).toBe('isrkit')
    expect(received.headers.get('x-count')).toBeNull()
    expect(received.headers.get('content-type')).toBe('text/plain')
    expect(await received.text()).toBe('sent by isrkit')
  })

  it('keeps each header of a flat [name, value, …] list, whatever the case of repeated names', async () => {
    const exchange = nextExchange((_req, res) => {
      res
        .writeHead(200, ['Set-Cookie', 'a=1; Path=/', 'set-cookie', 'b=2; Path=/', 'Set-Cookie', 'c=3', 'X-One', '1'])
        .end()
    })
    const client = request()
    const sent = await exchange
    const response = await sent.diverted.response
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/', 'c=3'])
    expect(response.headers.get('x-one')).toBe('1')
    answer(sent)
    expect((await client).headers.get('set-cookie')).toBeNull()
  })

  it('takes headers as [name, value] pairs, and the status message from the code', async () => {
    const exchange = nextExchange((_req, res) => {
      res.writeHead(404, [
        ['content-type', 'text/html'],
        ['link', '</a.css>; rel=preload'],
        ['link', '</b.js>; rel=modulepreload'],
      ])
      res.end('<h1>Missing</h1>')
    })
    const client = request()
    const sent = await exchange
    const response = await sent.diverted.response
    expect(response.status).toBe(404)
    expect(response.statusText).toBe('Not Found')
    expect(response.headers.get('content-type')).toBe('text/html')
    expect(response.headers.get('link')).toBe('</a.css>; rel=preload, </b.js>; rel=modulepreload')
    expect(await response.text()).toBe('<h1>Missing</h1>')
    answer(sent)
    await (await client).text()
  })

  it('lets the app set, append, read and remove its headers; they never reach the real res', async () => {
    let seen: Record<string, unknown> = {}
    const exchange = nextExchange(
      (_req, res) => {
        res.setHeader('Content-Type', 'text/plain')
        res.setHeader('X-Number', 42)
        res.appendHeader('Set-Cookie', 'a=1')
        res.appendHeader('set-cookie', ['b=2', 'c=3'])
        res.setHeader('X-Temp', 'soon gone')
        seen = {
          type: res.getHeader('content-type'),
          number: res.getHeader('x-number'),
          cookies: res.getHeader('SET-COOKIE'),
          temp: res.hasHeader('x-temp'),
          names: res.getHeaderNames(),
          headers: res.getHeaders(),
          requestId: res.getHeader('x-request-id'),
        }
        res.removeHeader('X-TEMP')
        seen.tempAfter = res.hasHeader('x-temp')
        res.statusCode = 202
        res.end('accepted')
      },
      (res) => res.setHeader('x-request-id', 'req-1'),
    )
    const client = request()
    const sent = await exchange
    const response = await sent.diverted.response
    expect(seen).toEqual({
      type: 'text/plain',
      number: 42,
      cookies: ['a=1', 'b=2', 'c=3'],
      temp: true,
      names: ['content-type', 'x-number', 'set-cookie', 'x-temp'],
      headers: {
        'content-type': 'text/plain',
        'x-number': 42,
        'set-cookie': ['a=1', 'b=2', 'c=3'],
        'x-temp': 'soon gone',
      },
      requestId: undefined,
      tempAfter: false,
    })
    expect(response.status).toBe(202)
    expect(response.statusText).toBe('Accepted')
    expect([...response.headers]).toEqual([
      ['content-type', 'text/plain'],
      ['set-cookie', 'a=1'],
      ['set-cookie', 'b=2'],
      ['set-cookie', 'c=3'],
      ['x-number', '42'],
    ])
    expect(await response.text()).toBe('accepted')

    // The header set before diverting stayed on the real res, and only there; the app's never got there.
    expect(sent.res.getHeaderNames()).toEqual(['x-request-id'])
    answer(sent)
    const received = await client
    expect(received.headers.get('x-request-id')).toBe('req-1')
    expect(received.headers.get('x-number')).toBeNull()
    expect(received.headers.get('set-cookie')).toBeNull()
  })

  it('calls the callbacks of write and end(cb), and end(cb) closes the body', async () => {
    const calls: string[] = []
    const exchange = nextExchange((_req, res) => {
      res.write('one ', () => calls.push('write'))
      res.write('two', 'utf8', () => calls.push('write with encoding'))
      res.end(() => calls.push('end'))
    })
    const client = request()
    const sent = await exchange
    const response = await sent.diverted.response
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('one two')
    await expect.poll(() => calls).toEqual(['write', 'write with encoding', 'end'])
    answer(sent)
    await (await client).text()
  })

  it('is decided by writeHead or flushHeaders, before the body, which streams as the app writes it', async () => {
    let app!: ServerResponse
    const exchange = nextExchange((_req, res) => {
      app = res
      res.setHeader('x-early', 'yes')
      res.flushHeaders()
    })
    const client = request()
    const sent = await exchange
    const response = await sent.diverted.response
    expect(response.headers.get('x-early')).toBe('yes')
    const reader = response.body!.getReader()
    const decoder = new TextDecoder()
    const read = reader.read()
    app.write('first')
    expect(decoder.decode((await read).value)).toBe('first')
    app.end('last')
    expect(decoder.decode((await reader.read()).value)).toBe('last')
    expect((await reader.read()).done).toBe(true)
    answer(sent)
    await (await client).text()
  })

  it('has no body for 204 and 304', async () => {
    for (const status of [204, 304]) {
      const exchange = nextExchange((_req, res) => res.writeHead(status, { etag: '"v1"' }).end())
      const client = request()
      const sent = await exchange
      const response = await sent.diverted.response
      expect(response.status).toBe(status)
      expect(response.headers.get('etag')).toBe('"v1"')
      expect(response.body).toBeNull()
      answer(sent)
      await (await client).text()
    }
  })

  it('rejects when the app throws synchronously, and gives the real res back for an error page', async () => {
    const exchange = nextExchange((_req, res) => {
      res.setHeader('x-half-done', 'yes')
      throw new Error('render exploded')
    })
    const client = request()
    const sent = await exchange
    await expect(sent.diverted.response).rejects.toThrow('render exploded')
    sent.res.writeHead(500, { 'content-type': 'text/plain' }).end('error page')
    const received = await client
    expect(received.status).toBe(500)
    expect(received.headers.get('x-half-done')).toBeNull()
    expect(await received.text()).toBe('error page')
  })
})

describe('backpressure', () => {
  const CHUNK = 16 * 1024
  const COUNT = 256 // 4 MiB

  /** A large body produced only as fast as it is consumed; `produced` counts the chunks made so far. */
  function largeSource() {
    const state = { produced: 0 }
    const source = new Readable({
      read() {
        if (state.produced === COUNT) return void this.push(null)
        state.produced++
        this.push(Buffer.alloc(CHUNK, 'a'))
      },
    })
    // Listening from the start: the pipe may pause the source before the test gets to it.
    const paused = once(source, 'pause').then(() => 'paused')
    const ended = once(source, 'end').then(() => 'ended')
    return { source, state, paused, ended }
  }

  it('pauses an app piping into res while the body is not read, and resumes it (drain) as it is', async () => {
    const { source, state, paused, ended } = largeSource()
    let drains = 0
    const exchange = nextExchange((_req, res) => {
      res.on('drain', () => drains++)
      res.writeHead(200, { 'content-type': 'application/octet-stream' })
      source.pipe(res)
    })
    const client = request()
    const sent = await exchange
    const response = await sent.diverted.response
    expect(await Promise.race([paused, ended])).toBe('paused')
    const produced = state.produced
    await turns(20)
    expect(state.produced).toBe(produced)
    expect(produced * CHUNK).toBeLessThan(512 * 1024)
    expect(drains).toBe(0)

    const body = new Uint8Array(await response.arrayBuffer())
    expect(body.byteLength).toBe(CHUNK * COUNT)
    expect(body.every((byte) => byte === 0x61)).toBe(true)
    expect(state.produced).toBe(COUNT)
    expect(drains).toBeGreaterThan(0)
    answer(sent)
    await (await client).text()
  })

  it('lets the app run to its end once the body is cancelled: its writes go nowhere, without throwing', async () => {
    const { source, state, paused, ended } = largeSource()
    const exchange = nextExchange((_req, res) => {
      res.writeHead(200)
      source.pipe(res)
    })
    const client = request()
    const sent = await exchange
    const response = await sent.diverted.response
    expect(await Promise.race([paused, ended])).toBe('paused')
    expect(state.produced).toBeLessThan(COUNT)
    await response.body!.cancel()
    await ended
    expect(state.produced).toBe(COUNT)
    answer(sent)
    expect(await (await client).text()).toBe('sent by isrkit')
  })

  it('turns writes after a cancel into no-ops that report no backpressure', async () => {
    let app!: ServerResponse
    const exchange = nextExchange((_req, res) => {
      app = res
      res.write('before')
    })
    const client = request()
    const sent = await exchange
    const response = await sent.diverted.response
    await response.body!.cancel()
    expect(app.write('after the cancel')).toBe(true)
    expect(app.write(Buffer.alloc(CHUNK * 8))).toBe(true)
    let ended = false
    expect(() => app.end('the end', () => (ended = true))).not.toThrow()
    await expect.poll(() => ended).toBe(true)
    answer(sent)
    expect(await (await client).text()).toBe('sent by isrkit')
  })
})

describe('the sender', () => {
  it('writes to the real socket, with the headers set before diverting, while the app keeps writing into the Response', async () => {
    let app!: ServerResponse
    const exchange = nextExchange(
      (_req, res) => {
        app = res
        res.setHeader('content-type', 'text/plain')
        res.setHeader('x-app', 'diverted')
        res.write('app: first. ')
      },
      (res) => res.setHeader('x-request-id', 'req-2'),
    )
    const client = request()
    const sent = await exchange
    const response = await sent.diverted.response
    expect(response.headers.get('x-request-id')).toBeNull()

    // isrkit starts its answer while the app is still rendering (a streamed miss).
    sent.diverted.sender.writeHead(200, 'OK', ['content-type', 'text/html', 'x-isr-cache', 'MISS'])
    sent.diverted.sender.write('<p>sent</p>')
    expect(sent.diverted.sender.headersSent).toBe(true)
    // The app's view is still diverted: its headers and writes stay out of the socket.
    expect(app.getHeaderNames()).toEqual(['content-type', 'x-app'])
    app.setHeader('x-late', 'never sent')
    app.write('app: second.')
    app.end()
    expect(await response.text()).toBe('app: first. app: second.')
    sent.diverted.sender.end('<p>done</p>')

    const received = await client
    expect(received.status).toBe(200)
    expect(received.headers.get('content-type')).toBe('text/html')
    expect(received.headers.get('x-isr-cache')).toBe('MISS')
    expect(received.headers.get('x-request-id')).toBe('req-2')
    expect(received.headers.get('x-app')).toBeNull()
    expect(received.headers.get('x-late')).toBeNull()
    expect(await received.text()).toBe('<p>sent</p><p>done</p>')
  })
})
