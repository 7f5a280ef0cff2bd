// The control endpoint (endpoint.ts), driven through `isr.handle` as a CMS webhook would reach it.

import { createHmac } from 'node:crypto'
import { createStorage } from 'unstorage'
import { describe, expect, it } from 'vitest'
import { signControlRequest } from '../src/auth.ts'
import { MAX_BODY_BYTES } from '../src/endpoint.ts'
import { createISR } from '../src/index.ts'
import { Clock, harness, html, Site, state } from './support/harness.ts'
import { histogram, parseMetrics, sample } from './support/prometheus.ts'

const secret = 'a-long-enough-secret'
const bearer = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }

function site() {
  return harness(
    { secret, routes: { '/**': { revalidate: 600 } } },
    { '*': (r, n) => html(`${new URL(r.url).pathname} ${n}`, { 'cache-tag': 'post:42' }) },
  )
}

const post = (body: unknown, headers: Record<string, string> = bearer) => ({
  method: 'POST',
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
})

describe('POST /__isr/revalidate', () => {
  it('invalidates paths and tags for the holder of the secret', async () => {
    const h = site()
    await (await h.get('/a')).text()
    await (await h.get('/b')).text()
    await h.settle()
    h.clock.advance(1)
    const response = await h.get('/__isr/revalidate', post({ paths: ['/a'], tags: [] }))
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ ok: true, mode: 'stale', paths: ['/a'], tags: [] })
    expect(state(await h.get('/a'))).toBe('STALE')
    expect(state(await h.get('/b'))).toBe('HIT')
    await h.get('/__isr/revalidate', post({ tags: ['post:42'], mode: 'purge' }))
    expect(state(await h.get('/b'))).toBe('MISS')
    await h.settle()
    h.clock.advance(1)
    // A settle window: what is rendered within it is rendered again at its end.
    const settled = await h.get('/__isr/revalidate', post({ tags: ['post:42'], settle: 20 }))
    expect(await settled.json()).toMatchObject({ ok: true, tags: ['post:42'] })
    expect(state(await h.get('/b'))).toBe('STALE')
    await h.settle()
    h.clock.advance(5)
    expect(state(await h.get('/b'))).toBe('HIT')
    h.clock.advance(16)
    expect(state(await h.get('/b'))).toBe('STALE')
    await h.settle()
    await h.isr.close()
  })

  it('answers 401 without credentials or with wrong ones, and invalidates nothing', async () => {
    const h = site()
    await (await h.get('/a')).text()
    await h.settle()
    h.clock.advance(1)
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong-secret-of-some-length' },
      { authorization: secret },
    ]
    for (const headers of attempts) {
      const response = await h.get('/__isr/revalidate', post({ paths: ['/a'] }, headers))
      expect(response.status).toBe(401)
      expect(response.headers.get('www-authenticate')).toContain('Bearer')
      expect((await response.json()).ok).toBe(false)
    }
    expect(state(await h.get('/a'))).toBe('HIT')
    await h.isr.close()
  })

  it('answers 400 naming what is wrong in the body', async () => {
    const h = site()
    const cases: [unknown, string][] = [
      ['{not json', 'not valid JSON'],
      [[1, 2], 'must be a JSON object'],
      [{ path: ['/a'] }, 'unknown field "path"'],
      [{ paths: '/a' }, '"paths" must be an array'],
      [{ paths: ['a'] }, '"paths[0]"'],
      [{ tags: [''] }, '"tags[0]"'],
      [{ tags: ['a,b'] }, '"tags[0]"'],
      [{}, 'nothing to revalidate'],
      [{ tags: ['x'], mode: 'later' }, '"mode" must be one of'],
      [{ tags: ['x'], settle: '30' }, '"settle" must be a number of seconds from 0 to 3600'],
      [{ tags: ['x'], settle: 7200 }, '"settle" must be'],
      [{ tags: ['x'], wait: 60 }, '"wait" must be a number of seconds from 0 to 10'],
    ]
    for (const [body, message] of cases) {
      const response = await h.get('/__isr/revalidate', post(body))
      expect(response.status, JSON.stringify(body)).toBe(400)
      expect((await response.json()).error).toContain(message)
    }
    await h.isr.close()
  })

  it('answers 400 to a body nested thousands of levels deep, and describes values without echoing them whole', async () => {
    const h = site()
    const deep = `${'['.repeat(30_000)}${']'.repeat(30_000)}`
    const cases: [string, string][] = [
      [
        `{"tags":["x"],"mode":${deep}}`,
        '"mode" must be one of "stale", "eager", "purge", received an array of 1 items',
      ],
      [`{"paths":${deep}}`, '"paths[0]" must be one of paths starting with \'/\', received an array of 1 items'],
      [`{"mode":${deep}}`, 'nothing to revalidate'],
      [JSON.stringify({ tags: ['x'], mode: 'x'.repeat(5000) }), `received "${'x'.repeat(40)}"…`],
    ]
    for (const [body, message] of cases) {
      expect(body.length).toBeLessThan(MAX_BODY_BYTES)
      const response = await h.get('/__isr/revalidate', post(body))
      expect(response.status).toBe(400)
      const { ok, error } = await response.json()
      expect(ok).toBe(false)
      expect(error).toContain(message)
      expect(error.length).toBeLessThan(200)
    }
    await h.isr.close()
  })

  it('answers 413 for bodies over 64 KB, declared or streamed', async () => {
    const h = site()
    const big = JSON.stringify({ tags: ['x'.repeat(MAX_BODY_BYTES)] })
    expect((await h.get('/__isr/revalidate', post(big))).status).toBe(413)
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big))
        controller.close()
      },
    })
    const streamed = await h.get('/__isr/revalidate', {
      method: 'POST',
      headers: bearer,
      body: stream,
      duplex: 'half',
    } as RequestInit)
    expect(streamed.status).toBe(413)
    await h.isr.close()
  })

  it('answers 405 with Allow for other methods, 404 for unknown actions', async () => {
    const h = site()
    const get = await h.get('/__isr/revalidate', { headers: bearer })
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST')
    expect((await h.get('/__isr/nope', { headers: bearer })).status).toBe(404)
    await h.isr.close()
  })
})

describe('GET /__isr/status', () => {
  it('reports counts, the memory tier and storage health to the holder of the secret', async () => {
    const h = site()
    await (await h.get('/a')).text()
    await h.settle()
    await (await h.get('/a')).text()
    const response = await h.get('/__isr/status', { headers: bearer })
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const status = await response.json()
    expect(status).toMatchObject({
      hits: 1,
      misses: 1,
      renders: 1,
      memory: { entries: 1 },
      storage: { ok: true, driver: 'memory' },
    })
    expect(status.memory.bytes).toBeGreaterThan(0)
    expect((await h.get('/__isr/status')).status).toBe(401)
    await h.isr.close()
  })
})

describe('GET /__isr/metrics', () => {
  it('answers the holder of the secret in the Prometheus text format', async () => {
    const h = site()
    await (await h.get('/a')).text()
    await h.settle()
    await (await h.get('/a')).text()
    await (await h.get('/a', { method: 'POST' })).text()
    const response = await h.get('/__isr/metrics', { headers: bearer })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    expect(response.headers.get('cache-control')).toBe('no-store')
    const metrics = parseMetrics(await response.text())
    expect(sample(metrics, 'isrkit_requests_total', { cache: 'hit' })).toBe(1)
    expect(sample(metrics, 'isrkit_requests_total', { cache: 'miss' })).toBe(1)
    expect(sample(metrics, 'isrkit_requests_total', { cache: 'bypass' })).toBe(1)
    // The POST bypassed the cache: only the cached page's render is timed.
    expect(histogram(metrics, 'isrkit_render_duration_seconds', { mode: 'foreground' }).count).toBe(1)
    expect(sample(metrics, 'isrkit_memory_entries')).toBe(1)
    expect((await h.get('/__isr/metrics')).status).toBe(401)
    expect((await h.get('/__isr/metrics', { method: 'POST', headers: bearer })).status).toBe(405)
    await h.isr.close()
  })
})

describe('without a secret', () => {
  it('is off: its paths reach the app and invalidate nothing', async () => {
    const h = harness(
      { routes: { '/**': { revalidate: 600 } } },
      { '*': (r, n) => html(`${new URL(r.url).pathname} ${n}`) },
    )
    const response = await h.get('/__isr/revalidate', post({ paths: ['/a'] }))
    expect(response.headers.get('x-isr-cache')).toBe('BYPASS')
    expect(h.site.count('/__isr/revalidate')).toBe(1)
    await h.isr.close()
  })
})

describe('a custom endpoint prefix', () => {
  it('moves the endpoint', async () => {
    const h = harness({ secret, endpoint: '/_cache' }, { '*': () => html('app') })
    expect((await h.get('/_cache/status', { headers: bearer })).status).toBe(200)
    expect(await (await h.get('/__isr/status', { headers: bearer })).text()).toBe('app')
    await h.isr.close()
  })
})

describe('signed requests (Standard Webhooks)', () => {
  const revalidateBody = JSON.stringify({ tags: ['post:42'] })
  /** The headers of one request signed now by the harness clock (or `skew` seconds off it). */
  const sign = (
    h: { clock: Clock },
    method: 'GET' | 'HEAD' | 'POST',
    path: string,
    body?: string,
    extra: { skew?: number; id?: string; secret?: string } = {},
  ) =>
    signControlRequest({
      secret: extra.secret ?? secret,
      method,
      path,
      body,
      now: h.clock.now + (extra.skew ?? 0) * 1000,
      ...(extra.id ? { id: extra.id } : {}),
    })
  const signedPost = async (h: { clock: Clock }, body = revalidateBody) =>
    post(body, { 'content-type': 'application/json', ...(await sign(h, 'POST', '/__isr/revalidate', body)) })
  const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error

  it('accepts a signed request once, and refuses the same request again as a replay', async () => {
    const h = site()
    await (await h.get('/a')).text()
    await h.settle()
    h.clock.advance(1)
    const request = await signedPost(h)
    const first = await h.get('/__isr/revalidate', request)
    expect(first.status).toBe(200)
    expect(await first.json()).toMatchObject({ ok: true, tags: ['post:42'] })
    expect(state(await h.get('/a'))).toBe('STALE')
    await h.settle()
    h.clock.advance(30)
    const again = await h.get('/__isr/revalidate', request)
    expect(again.status).toBe(401)
    expect(again.headers.get('www-authenticate')).toContain('Bearer')
    expect(await errorOf(again)).toBe('replayed: this webhook-id was already used; sign every request anew')
    // A read is a request like any other: its signature opens it once.
    const status = { headers: await sign(h, 'GET', '/__isr/status') }
    expect((await h.get('/__isr/status', status)).status).toBe(200)
    expect((await h.get('/__isr/status', status)).status).toBe(401)
    await h.isr.close()
  })

  it('refuses a replay on another instance sharing the storage', async () => {
    const storage = createStorage()
    const clock = new Clock()
    const site = new Site({ '*': () => html('page') })
    const instance = () => createISR({ storage, secret, now: clock.read, logger: false })
    const [a, b] = [instance(), instance()]
    const send = (isr: typeof a, init: RequestInit) =>
      isr.handle(new Request('http://site.test/__isr/revalidate', init), site.render)
    const request = await signedPost({ clock })
    expect((await send(a, request)).status).toBe(200)
    const replayed = await send(b, request)
    expect(replayed.status).toBe(401)
    expect(await errorOf(replayed)).toContain('replayed')
    // Instance b accepts requests of its own: only the used id is refused.
    expect((await send(b, await signedPost({ clock }))).status).toBe(200)
    await Promise.all([a.close(), b.close()])
  })

  it('refuses timestamps more than 5 minutes old or ahead, saying by how much', async () => {
    const h = site()
    const at = async (skew: number) =>
      h.get('/__isr/status', { headers: await sign(h, 'GET', '/__isr/status', undefined, { skew }) })
    const old = await at(-301)
    expect(old.status).toBe(401)
    expect(await errorOf(old)).toMatch(
      /^webhook-timestamp too old: 301 s in the past, outside the tolerance of 300 s; .*clocks/,
    )
    const ahead = await at(420)
    expect(ahead.status).toBe(401)
    expect(await errorOf(ahead)).toMatch(
      /^webhook-timestamp too new: 420 s in the future, outside the tolerance of 300 s; /,
    )
    expect((await at(-299)).status).toBe(200)
    expect((await at(299)).status).toBe(200)
    await h.isr.close()
  })

  it("binds a read's signature to its method and path: one made for GET /__isr/status opens nothing else", async () => {
    const h = site()
    const headers = await sign(h, 'GET', '/__isr/status')
    for (const [path, method] of [
      ['/__isr/metrics', 'GET'],
      ['/__isr/status', 'HEAD'],
      ['/__isr/status?verbose=1', 'GET'],
    ]) {
      const response = await h.get(path as string, { method, headers })
      expect(response.status, `${method} ${path}`).toBe(401)
      if (method === 'GET') expect(await errorOf(response)).toContain(`"<webhook-id>.<webhook-timestamp>.GET ${path}"`)
    }
    // Refused above before any use: the signature still opens what it was made for.
    expect((await h.get('/__isr/status', { headers })).status).toBe(200)
    await h.isr.close()
  })

  it('refuses a body other than the one signed', async () => {
    const h = site()
    const request = await signedPost(h)
    const tampered = await h.get('/__isr/revalidate', { ...request, body: revalidateBody.replace('42', '43') })
    expect(tampered.status).toBe(401)
    expect(await errorOf(tampered)).toBe(
      'wrong signature: no v1 signature in webhook-signature is the HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<raw body>" with the secret',
    )
    await h.isr.close()
  })

  it('accepts a whsec_ secret, keyed by the bytes its base64 encodes', async () => {
    const key = Buffer.alloc(32, 7)
    const whsec = `whsec_${key.toString('base64')}`
    const h = harness({ secret: whsec }, { '*': () => html('page') })
    const id = 'msg_whsec'
    const at = Math.floor(h.clock.now / 1000)
    const mac = (k: string | Buffer) =>
      `v1,${createHmac('sha256', k).update(`${id}.${at}.GET /__isr/status`).digest('base64')}`
    const headers = (k: string | Buffer) => ({
      'webhook-id': id,
      'webhook-timestamp': String(at),
      'webhook-signature': mac(k),
    })
    expect((await h.get('/__isr/status', { headers: headers(whsec) })).status).toBe(401)
    expect((await h.get('/__isr/status', { headers: headers(key) })).status).toBe(200)
    expect(
      (await h.get('/__isr/metrics', { headers: await sign(h, 'GET', '/__isr/metrics', undefined, { secret: whsec }) }))
        .status,
    ).toBe(200)
    await h.isr.close()
  })

  it('accepts a header of several signatures when one is valid (key rotation)', async () => {
    const h = site()
    const headers = await sign(h, 'GET', '/__isr/status')
    const stale = await sign(h, 'GET', '/__isr/status', undefined, {
      secret: 'the-previous-secret-value',
      id: headers['webhook-id'],
    })
    const both = { ...headers, 'webhook-signature': `${stale['webhook-signature']} ${headers['webhook-signature']}` }
    const onlyStale = { ...headers, 'webhook-signature': stale['webhook-signature'] }
    expect((await h.get('/__isr/status', { headers: onlyStale })).status).toBe(401)
    expect((await h.get('/__isr/status', { headers: both })).status).toBe(200)
    await h.isr.close()
  })

  it('explains that x-isr-signature is no longer accepted, and how to sign instead', async () => {
    const h = site()
    const legacy = `sha256=${createHmac('sha256', secret).update(revalidateBody).digest('hex')}`
    const response = await h.get('/__isr/revalidate', post(revalidateBody, { 'x-isr-signature': legacy }))
    expect(response.status).toBe(401)
    const error = await errorOf(response)
    expect(error).toMatch(/^x-isr-signature is no longer accepted/)
    expect(error).toContain('Authorization: Bearer <secret>')
    expect(error).toContain('webhook-id, webhook-timestamp and webhook-signature')
    await h.isr.close()
  })

  it('names both ways in when credentials are missing, and the missing header of an incomplete signature', async () => {
    const h = site()
    const none = await h.get('/__isr/status')
    expect(none.status).toBe(401)
    expect(await errorOf(none)).toMatch(
      /^missing credentials: send Authorization: Bearer <secret>, or sign .* webhook-id, webhook-timestamp and webhook-signature/,
    )
    const { 'webhook-timestamp': _, ...partial } = await sign(h, 'GET', '/__isr/status')
    const incomplete = await h.get('/__isr/status', { headers: partial })
    expect(incomplete.status).toBe(401)
    expect(await errorOf(incomplete)).toMatch(/^incomplete signature: webhook-timestamp missing/)
    const headers = { ...(await sign(h, 'GET', '/__isr/status')), 'webhook-timestamp': 'yesterday' }
    expect(await errorOf(await h.get('/__isr/status', { headers }))).toBe(
      'webhook-timestamp must be an integer: unix seconds',
    )
    await h.isr.close()
  })

  it('still accepts the bearer secret, as often as it is sent', async () => {
    const h = site()
    for (let i = 0; i < 3; i++) expect((await h.get('/__isr/status', { headers: bearer })).status).toBe(200)
    await h.isr.close()
  })

  it('reports a storage failure and decides on this process alone, still refusing replays it saw', async () => {
    const storage = createStorage()
    const broken = {
      ...storage,
      getItem: (key: string, ...rest: never[]) =>
        key.includes(':w:') ? Promise.reject(new Error('disk gone')) : storage.getItem(key, ...rest),
    }
    const h = harness({ secret, storage: broken as typeof storage }, { '*': () => html('page') })
    const request = await signedPost(h)
    expect((await h.get('/__isr/revalidate', request)).status).toBe(200)
    const errors = h.events.filter((e) => e.type === 'error').map((e) => (e as { error: Error }).error)
    expect(errors.map((e) => [e.name, e.message])).toEqual([
      [
        'ISRStorageError',
        expect.stringMatching(/^\[isrkit\] Storage claim failed for 'isr:w:[0-9a-f]{32}': disk gone/),
      ],
    ])
    expect((await h.get('/__isr/revalidate', request)).status).toBe(401)
    await h.isr.close()
  })
})
