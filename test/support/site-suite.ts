// One behaviour suite for every host (docs/architecture.md "Packages"): the same site — a blog
// whose posts live in a JSON file — built with each framework, driven over real HTTP. Every playground
// serves the same pages and endpoints; see playground/astro for the reference.
import { setTimeout as sleep } from 'node:timers/promises'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { encodeSignatureHeader } from '@sanity/webhook'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { histogram, parseMetrics, sample } from '../../packages/core/test/support/prometheus.ts'
import type { App } from './app.ts'
import { rawBytes, rawGet } from './raw.ts'

export interface SiteHost {
  name: string
  /**
   * Starts the built playground with the given environment (ISR_SECRET, ISR_BYPASS_TOKEN, ISR_CDN); each call
   * gets its own storage and data.
   */
  start(env: Record<string, string>): Promise<App>
  /** The adapter sees cookie reads, so visitors with cookies are served pages that read none. */
  observesCookies: boolean
  /**
   * The origin the app believes it has, for the Origin header of form posts (CSRF checks). adapter-node for
   * SvelteKit assumes https when no origin is configured.
   */
  selfOrigin?: (url: string) => string
}

const SECRET = 'suite-secret-0123456789abcdef'
const DRAFT_TOKEN = 'suite-draft-token-42'
const SANITY_SECRET = 'suite-sanity-webhook-secret'

export function describeSite(host: SiteHost) {
  describe(`the playground site on ${host.name}`, () => {
    let app: App
    beforeAll(async () => {
      app = await host.start({
        ISR_SECRET: SECRET,
        ISR_BYPASS_TOKEN: DRAFT_TOKEN,
        ISR_CDN: 'vercel',
        ISR_HOOK_SANITY_SECRET: SANITY_SECRET,
      })
    })
    afterAll(() => app?.stop())

    const get = (path: string, init?: RequestInit) => fetch(`${app.url}${path}`, { redirect: 'manual', ...init })
    const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      get(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      })
    const state = (response: Response) => response.headers.get('x-isr-cache')
    const renders = async (page: string): Promise<number> => (await (await get('/api/stats')).json())[page] ?? 0
    const count = (html: string) => Number(/data-render-count[^>]*>(\d+)</.exec(html)?.[1])
    /** The next entry is stored once the first response's body has been read. */
    const hitOf = async (path: string, init?: RequestInit) => {
      await expect.poll(async () => state(await get(path, init)), { timeout: 5000 }).toBe('HIT')
    }

    it('caches the index by its route rule', async () => {
      const first = await get('/')
      expect(state(first)).toBe('MISS')
      const stamp = count(await first.text())
      await hitOf('/')
      expect(count(await (await get('/')).text())).toBe(stamp)
    })

    it('answers MISS, HIT, then STALE past maxAge, then the fresh render', async () => {
      const first = await get('/short')
      expect(state(first)).toBe('MISS')
      await first.text()
      // The page is fresh for one second only: on a loaded machine it may already have been renewed once.
      let cached = Number.NaN
      await expect
        .poll(async () => {
          const response = await get('/short')
          cached = count(await response.text())
          return state(response)
        })
        .toBe('HIT')
      await sleep(1100)
      const stale = await get('/short')
      expect(state(stale)).toBe('STALE')
      expect(count(await stale.text())).toBe(cached)
      await expect
        .poll(async () => count(await (await get('/short')).text()), { timeout: 5000 })
        .toBeGreaterThan(cached)
    })

    it('caches a route by its route rule alone', async () => {
      expect(state(await get('/rules/by-rule'))).toBe('MISS')
      await hitOf('/rules/by-rule')
    })

    it('renders once for 50 concurrent requests on a cold page', async () => {
      const responses = await Promise.all(Array.from({ length: 50 }, () => get('/slow')))
      expect(responses.every((r) => r.status === 200)).toBe(true)
      await Promise.all(responses.map((r) => r.text()))
      expect(await renders('/slow')).toBe(1)
    })

    it('never stores a page that sets a cookie, and still sends the cookie', async () => {
      for (let i = 0; i < 2; i++) {
        const response = await get('/cookie')
        expect(state(response)).toBe('BYPASS')
        expect(response.headers.get('set-cookie')).toContain('seen=yes')
        await response.text()
      }
      expect(await renders('/cookie')).toBe(2)
    })

    it('renders a page that reads cookies for each visitor who carries some, and caches the anonymous one', async () => {
      expect(await (await get('/greet')).text()).toContain('Hello, stranger')
      await hitOf('/greet')
      const alice = await get('/greet', { headers: { cookie: 'name=alice' } })
      expect(state(alice)).toBe('BYPASS')
      expect(alice.headers.get('cache-control')).toContain('private')
      expect(await alice.text()).toContain('Hello, alice')
      expect(await (await get('/greet')).text()).toContain('Hello, stranger')
    })

    it(
      host.observesCookies
        ? 'serves visitors with cookies the pages that read none'
        : 'renders for visitors with cookies it cannot see the pages read',
      async () => {
        await (await get('/posts/stale-while-revalidate')).text()
        await hitOf('/posts/stale-while-revalidate')
        const withSession = await get('/posts/stale-while-revalidate', { headers: { cookie: 'session=abc' } })
        expect(state(withSession)).toBe(host.observesCookies ? 'HIT' : 'BYPASS')
      },
    )

    it('passes POST through', async () => {
      const response = await postJson('/api/invalidate', { tags: ['nothing'] })
      expect(response.status).toBe(200)
      expect(state(response)).toBe('BYPASS')
      expect(response.headers.get('cache-status')).toContain('detail=method')
    })

    it('leaves prerendered pages to the static file server', async () => {
      const about = await get('/about')
      expect(about.status).toBe(200)
      expect(await about.text()).toContain('Prerendered at build time')
      expect(state(about)).toBeNull()
    })

    it('caches a missing post as a 404 for a short time, and serves its whole 404 page from the cache', async () => {
      const heading = (html: string) => /<h1[^>]*>([^<]+)</.exec(html)?.[1]
      const first = await get('/posts/not-yet')
      expect(first.status).toBe(404)
      const page = heading(await first.text())
      expect(page).toBeTruthy()
      await hitOf('/posts/not-yet')
      for (let i = 0; i < 2; i++) {
        const hit = await get('/posts/not-yet')
        expect(hit.status).toBe(404)
        expect(state(hit)).toBe('HIT')
        expect(hit.headers.get('content-type')).toContain('text/html')
        expect(heading(await hit.text())).toBe(page)
      }
    })

    it('answers HEAD and If-None-Match from the cache', async () => {
      await (await get('/rules/conditional')).text()
      await hitOf('/rules/conditional')
      const full = await get('/rules/conditional')
      const etag = full.headers.get('etag') ?? ''
      expect(etag).not.toBe('')
      const head = await get('/rules/conditional', { method: 'HEAD' })
      expect(state(head)).toBe('HIT')
      expect(await head.text()).toBe('')
      const notModified = await get('/rules/conditional', { headers: { 'if-none-match': etag } })
      expect(notModified.status).toBe(304)
    })

    it('sends a HIT in the coding the client asks for, with one validator per coding', async () => {
      await (await get('/')).text()
      await hitOf('/')
      const ask = (headers: Record<string, string>, method = 'GET') => rawBytes(app.url, '/', headers, method)
      const br = await ask({ 'accept-encoding': 'gzip, deflate, br, zstd' })
      expect(br.headers['x-isr-cache']).toBe('HIT')
      expect(br.headers['content-encoding']).toBe('br')
      expect(String(br.headers.vary).toLowerCase()).toContain('accept-encoding')
      expect(br.headers['content-length']).toBe(String(br.body.byteLength))
      const html = brotliDecompressSync(br.body).toString()
      expect(html).toContain('</html>')
      const gzip = await ask({ 'accept-encoding': 'gzip' })
      expect(gzip.headers['content-encoding']).toBe('gzip')
      expect(gunzipSync(gzip.body).toString()).toBe(html)
      const identity = await ask({})
      expect(identity.headers['content-encoding']).toBeUndefined()
      expect(identity.body.toString()).toBe(html)
      const etags = new Set([br.headers.etag, gzip.headers.etag, identity.headers.etag])
      expect(etags.size).toBe(3)
      const etag = String(br.headers.etag)
      expect((await ask({ 'accept-encoding': 'br', 'if-none-match': etag })).status).toBe(304)
      expect((await ask({ 'accept-encoding': 'gzip', 'if-none-match': etag })).status).toBe(200)
      const head = await ask({ 'accept-encoding': 'br' }, 'HEAD')
      expect(head.headers['content-length']).toBe(String(br.body.byteLength))
      expect(head.body.byteLength).toBe(0)
    })

    it('invalidates by tag and by path from the app', async () => {
      for (const path of ['/rules/tagged', '/rules/pathed']) {
        await (await get(path)).text()
        await hitOf(path)
      }
      const byTag = await postJson('/api/invalidate', { tags: ['rules'] })
      expect(await byTag.json()).toMatchObject({ ok: true })
      expect(state(await get('/rules/tagged'))).not.toBe('HIT')
      await hitOf('/rules/pathed')
      await postJson('/api/invalidate', { path: '/rules/pathed' })
      expect(state(await get('/rules/pathed'))).not.toBe('HIT')
      expect(await renders('/rules/pathed')).toBeGreaterThanOrEqual(2)
    })

    it('refreshes a page from the data it showed: the page declares no tag, its cached query does', async () => {
      const path = '/posts/hello-isr'
      const reads = async (): Promise<number> => (await (await get('/api/stats')).json())['cms:reads']
      await (await get(path)).text()
      await hitOf(path)
      const before = await reads()
      for (let i = 0; i < 3; i++) expect(state(await get(path))).toBe('HIT')
      expect(await reads()).toBe(before)
      const invalidated = await postJson('/api/invalidate', { tags: ['post:hello-isr'] })
      expect(await invalidated.json()).toMatchObject({ ok: true })
      expect(state(await get(path))).not.toBe('HIT')
      await hitOf(path)
      // The page rendered again through the query, which read the CMS again: the data's tag reached both.
      expect(await reads()).toBeGreaterThan(before)
    })

    it('refreshes a post and the index on a signed Sanity publish of the post, and refuses a forged one', async () => {
      for (const path of ['/posts/stale-while-revalidate', '/']) {
        await (await get(path)).text()
        await hitOf(path)
      }
      // Sanity's default projection: the whole document after the change.
      const body = JSON.stringify({
        _id: 'post-swr',
        _type: 'post',
        slug: { _type: 'slug', current: 'stale-while-revalidate' },
      })
      const hook = (signature: string) =>
        get('/__isr/hooks/sanity', {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'sanity-webhook-signature': signature,
            'idempotency-key': crypto.randomUUID(),
          },
          body,
        })
      const forged = await hook(await encodeSignatureHeader(body, Date.now(), 'not-the-sanity-secret'))
      expect(forged.status).toBe(401)
      expect(state(await get('/posts/stale-while-revalidate'))).toBe('HIT')
      const signed = await hook(await encodeSignatureHeader(body, Date.now(), SANITY_SECRET))
      expect(signed.status).toBe(200)
      expect((await signed.json()).tags).toContain('sanity:post:stale-while-revalidate')
      expect(state(await get('/posts/stale-while-revalidate'))).not.toBe('HIT')
      expect(state(await get('/'))).not.toBe('HIT')
    })

    it('renders once more, when a settle window ends, a page rendered during it', async () => {
      const path = '/rules/settle'
      await (await get(path)).text()
      await hitOf(path)
      const auth = { authorization: `Bearer ${SECRET}` }
      const answer = await postJson('/__isr/revalidate', { paths: [path], settle: 1.5 }, auth)
      expect(answer.status).toBe(200)
      // Rendered again at once (the CMS's CDN may still have served the old content) ...
      expect(state(await get(path))).not.toBe('HIT')
      await hitOf(path)
      const during = await renders(path)
      // ... and once more after the window, then no more.
      await sleep(1600)
      expect(state(await get(path))).not.toBe('HIT')
      await hitOf(path)
      expect(await renders(path)).toBe(during + 1)
    })

    it('explains why a page is answered from the cache, and why another is never stored', async () => {
      const explain = async (path: string) =>
        (
          await get(`/__isr/explain?url=${encodeURIComponent(path)}`, {
            headers: { authorization: `Bearer ${SECRET}` },
          })
        ).json()
      await (await get('/posts/a-long-read')).text()
      await hitOf('/posts/a-long-read')
      const cached = await explain('/posts/a-long-read')
      expect(cached).toMatchObject({ verdict: 'fresh', bypass: null, notStored: null })
      expect(cached.key).toContain('/posts/a-long-read')
      // Inherited from the cached query the page called, not declared by the page.
      expect(cached.entry.tags).toContain('post:a-long-read')
      expect(cached.reason).toMatch(/^Fresh: /)
      await (await get('/cookie')).text()
      const refused = await explain('/cookie')
      expect(refused.verdict).toBe('none')
      expect(refused.notStored).toEqual(expect.any(String))
      expect(JSON.stringify(refused)).not.toContain(SECRET)
    })

    it('answers the control endpoint for its secret only', async () => {
      await (await get('/rules/webhook')).text()
      await hitOf('/rules/webhook')
      // A CMS posts JSON (SvelteKit refuses form-like POSTs from other origins before any hook runs).
      const body = { paths: ['/rules/webhook'] }
      expect((await postJson('/__isr/revalidate', body)).status).toBe(401)
      expect(
        (await postJson('/__isr/revalidate', body, { authorization: 'Bearer not-the-secret-at-all' })).status,
      ).toBe(401)
      const ok = await postJson('/__isr/revalidate', body, { authorization: `Bearer ${SECRET}` })
      expect(ok.status).toBe(200)
      expect(await ok.json()).toMatchObject({ ok: true, paths: ['/rules/webhook'] })
      expect(state(await get('/rules/webhook'))).not.toBe('HIT')
      const status = await get('/__isr/status', { headers: { authorization: `Bearer ${SECRET}` } })
      expect(await status.json()).toMatchObject({ storage: { ok: true } })
    })

    it('shows an edit at once: the form action revalidates the post and the index', async () => {
      await (await get('/posts/on-demand')).text()
      await hitOf('/posts/on-demand')
      const saved = await get('/api/posts/on-demand', {
        method: 'POST',
        headers: { origin: host.selfOrigin?.(app.url) ?? app.url },
        body: new URLSearchParams({ title: 'Edited on demand' }),
      })
      expect(saved.status).toBe(303)
      await expect
        .poll(async () => (await (await get('/posts/on-demand')).text()).includes('Edited on demand'), {
          timeout: 5000,
        })
        .toBe(true)
      await expect
        .poll(async () => (await (await get('/')).text()).includes('Edited on demand'), { timeout: 5000 })
        .toBe(true)
    })

    it('enters and leaves draft mode: fresh renders for the draft cookie, never stored', async () => {
      await (await get('/rules/draft')).text()
      await hitOf('/rules/draft')
      const before = await renders('/rules/draft')
      expect((await get('/api/draft?token=wrong')).status).toBe(401)
      const enter = await get(`/api/draft?token=${DRAFT_TOKEN}`)
      expect(enter.status).toBe(303)
      const cookie = enter.headers.get('set-cookie')?.split(';')[0] ?? ''
      expect(cookie).toBe('isr_draft=1')
      for (let i = 1; i <= 2; i++) {
        const draft = await get('/rules/draft', { headers: { cookie } })
        await draft.text()
        expect(state(draft)).toBe('BYPASS')
        expect(draft.headers.get('cache-status')).toContain('detail=draft')
        expect(await renders('/rules/draft')).toBe(before + i)
      }
      // Visitors without the cookie still get the stored page: no draft render replaced it.
      expect(state(await get('/rules/draft'))).toBe('HIT')
      expect(await renders('/rules/draft')).toBe(before + 2)
      const leave = await get('/api/draft?leave')
      expect(leave.status).toBe(303)
      expect(leave.headers.get('set-cookie')).toMatch(/^isr_draft=[^;]*;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i)
    })

    it('renders fresh for the bypass token in the query, and only for the right one', async () => {
      await (await get('/rules/token')).text()
      await hitOf('/rules/token')
      const draft = await get(`/rules/token?__isr_bypass=${DRAFT_TOKEN}`)
      await draft.text()
      expect(state(draft)).toBe('BYPASS')
      expect(state(await get('/rules/token?__isr_bypass=guess'))).toBe('HIT')
    })

    // Vercel's dialect: Astro removes the generic CDN-Cache-Control and Cache-Tag from a cache provider's answers.
    it('tells a CDN in front the same policy, in its dialect', async () => {
      await (await get('/rules/cdn')).text()
      await hitOf('/rules/cdn')
      const hit = await get('/rules/cdn')
      expect(hit.headers.get('vercel-cdn-cache-control')).toMatch(/^max-age=60(, stale-while-revalidate=\d+)?$/)
      expect(hit.headers.get('vercel-cache-tag')).toBe('rules')
      expect(hit.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate')
      const post = await get('/rules/cdn', { method: 'POST' })
      expect(post.headers.get('vercel-cdn-cache-control')).toBeNull()
    })

    it('never serves a clean visitor what a forged Host, X-Forwarded-Host or X-Forwarded-Proto rendered', async () => {
      const canonical = (html: string) => /<link rel="canonical" href="([^"]+)"/.exec(html)?.[1]
      const own = new URL(app.url).host
      // What a clean visitor gets, on a page no forged request touched.
      const control = canonical(await (await get('/rules/canon-control')).text())
      expect(control).toContain(own)
      const forgeries: Record<string, string>[] = [
        { host: 'evil.invalid' },
        { host: `evil.invalid:${new URL(app.url).port}` },
        { 'x-forwarded-host': 'evil.invalid' },
        { 'x-forwarded-proto': control?.startsWith('https:') ? 'http' : 'https' },
        { 'x-forwarded-host': 'evil.invalid', 'x-forwarded-proto': 'https', forwarded: 'host=evil.invalid' },
      ]
      for (const [i, headers] of forgeries.entries()) {
        const path = `/rules/canon-${i}`
        for (let n = 0; n < 2; n++) await rawGet(app.url, path, headers)
        for (let n = 0; n < 2; n++) {
          const clean = await get(path)
          expect(clean.status).toBe(200)
          expect(canonical(await clean.text())).toBe(control?.replace('/rules/canon-control', path))
        }
      }
      // An absolute-form target naming another host (RFC 9112 §3.2.2: it overrides Host).
      await rawGet(app.url, 'http://evil.invalid/rules/canon-absolute', { host: own })
      const absolute = await get('/rules/canon-absolute')
      expect(canonical(await absolute.text())).toBe(control?.replace('/rules/canon-control', '/rules/canon-absolute'))
      // A Host that smuggles a path: servers that build the URL by concatenation would render another page.
      await rawGet(app.url, '/whatever', { host: 'evil.example/rules/canon-smuggled#' })
      const smuggled = await get('/rules/canon-smuggled')
      expect(canonical(await smuggled.text())).toBe(control?.replace('/rules/canon-control', '/rules/canon-smuggled'))
    })

    it('never shares a page rendered from a request header its key does not hold', async () => {
      const language = async (init?: RequestInit) =>
        /data-language[^>]*>([^<]*)</.exec(await (await get('/rules/lang', init)).text())?.[1]
      for (let i = 0; i < 2; i++) await language({ headers: { 'accept-language': 'xx-evil' } })
      for (let i = 0; i < 2; i++) expect(await language()).not.toBe('xx-evil')
      // Where the framework renders the visitor's own request, the page reads it: rendered for each visitor.
      if (host.observesCookies) expect(await language({ headers: { 'accept-language': 'de' } })).toBe('de')
    })

    it('answers a page whose raw path resolves elsewhere without storing it for the resolved one', async () => {
      for (const target of ['/rules/other/../raw', '/rules/x/%2e%2e/raw']) await rawGet(app.url, target)
      const clean = await get('/rules/raw')
      expect(clean.status).toBe(200)
      expect(await clean.text()).toContain('Cached by a route rule: raw')
    })

    it('exposes Prometheus metrics to the holder of the secret', async () => {
      await (await get('/rules/metrics')).text()
      await hitOf('/rules/metrics')
      expect((await get('/__isr/metrics')).status).toBe(401)
      const response = await get('/__isr/metrics', { headers: { authorization: `Bearer ${SECRET}` } })
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4')
      const metrics = parseMetrics(await response.text())
      expect(sample(metrics, 'isrkit_requests_total', { cache: 'hit' })).toBeGreaterThan(0)
      expect(sample(metrics, 'isrkit_requests_total', { cache: 'miss' })).toBeGreaterThan(0)
      expect(
        histogram(metrics, 'isrkit_render_duration_seconds', { mode: 'foreground', status: '2xx' }).count,
      ).toBeGreaterThan(0)
      expect(histogram(metrics, 'isrkit_storage_duration_seconds', { operation: 'write' }).count).toBeGreaterThan(0)
      expect(sample(metrics, 'isrkit_memory_entries')).toBeGreaterThan(0)
    })
  })
}
