// The control endpoint (endpoint.ts), driven through `isr.handle` as a CMS webhook would reach it.
import { describe, expect, it } from 'vitest'
import { Credentials } from '../src/auth.ts'
import { MAX_BODY_BYTES } from '../src/endpoint.ts'
import { harness, html, state } from './support/harness.ts'
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
    await h.isr.close()
  })

  it('accepts an HMAC-SHA256 signature of the body instead of the bearer token', async () => {
    const h = site()
    const body = JSON.stringify({ tags: ['post:42'] })
    const signature = await new Credentials(secret).sign(new TextEncoder().encode(body))
    const ok = await h.get('/__isr/revalidate', post(body, { 'x-isr-signature': signature }))
    expect(ok.status).toBe(200)
    const tampered = await h.get('/__isr/revalidate', post(body.replace('42', '43'), { 'x-isr-signature': signature }))
    expect(tampered.status).toBe(401)
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
    ]
    for (const [body, message] of cases) {
      const response = await h.get('/__isr/revalidate', post(body))
      expect(response.status, JSON.stringify(body)).toBe(400)
      expect((await response.json()).error).toContain(message)
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
