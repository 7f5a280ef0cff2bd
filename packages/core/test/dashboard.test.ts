// The dashboard (dashboard/): sign-in with the secret, a session cookie that opens the control endpoint's reads
// and same-origin POSTs only, its pages and assets, and the live tail.
import { describe, expect, it } from 'vitest'
import { harness, html } from './support/harness.ts'

const secret = 'a-dashboard-secret-0123'
const site = () =>
  harness({ secret, routes: { '/**': { revalidate: 60 } } }, { '*': (r) => html(new URL(r.url).pathname) })
const form = (value: string, headers: Record<string, string> = { origin: 'http://site.test' }) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams({ secret: value }).toString(),
})

async function signIn(h: ReturnType<typeof site>): Promise<string> {
  const answer = await h.get('/__isr/login', form(secret))
  expect(answer.status).toBe(303)
  return (answer.headers.get('set-cookie') ?? '').split(';')[0] as string
}

describe('the dashboard', () => {
  it('asks to sign in, refuses a wrong secret and a sign-in from elsewhere, and sets a strict session cookie', async () => {
    const h = site()
    const page = await h.get('/__isr/')
    expect(page.status).toBe(401)
    expect(await page.text()).toContain('<form class="signin" method="post" action="/__isr/login">')
    expect((await h.get('/__isr/login', form('not-the-secret'))).status).toBe(401)
    expect((await h.get('/__isr/login', form(secret, { origin: 'http://evil.test' }))).status).toBe(403)
    expect((await h.get('/__isr/login', form(secret, { 'sec-fetch-site': 'cross-site' }))).status).toBe(403)
    const answer = await h.get('/__isr/login', form(secret))
    expect(answer.headers.get('location')).toBe('/__isr/')
    const cookie = answer.headers.get('set-cookie') as string
    expect(cookie).toMatch(/^isr_session=\d+\.[\w-]{43}; Path=\/__isr; Max-Age=43200; HttpOnly; SameSite=Strict$/)
    expect(cookie).not.toContain(secret)
    const secure = await h.isr.handle(
      new Request('https://site.test/__isr/login', form(secret, { origin: 'https://site.test' })),
      h.site.render,
    )
    expect(secure.headers.get('set-cookie')).toContain('; Secure')
    await h.isr.close()
  })

  it('serves the page and its assets to a session, which opens the reads and same-origin POSTs, for 12 hours', async () => {
    const h = site()
    const cookie = await signIn(h)
    const page = await h.get('/__isr/', { headers: { cookie } })
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(await page.text()).toContain('<script src="/__isr/assets/uplot.js"></script>')
    for (const [path, type] of [
      ['uplot.js', 'javascript'],
      ['uplot.css', 'css'],
      ['dashboard.js', 'javascript'],
      ['dashboard.css', 'css'],
    ] as const) {
      const asset = await h.get(`/__isr/assets/${path}`, { headers: { cookie } })
      expect([asset.status, asset.headers.get('content-type')]).toEqual([200, expect.stringContaining(type)])
      expect((await h.get(`/__isr/assets/${path}`)).status).toBe(401)
    }
    expect((await h.get('/__isr/status', { headers: { cookie } })).status).toBe(200)
    const post = (headers: Record<string, string>) =>
      h.get('/__isr/revalidate', {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ tags: ['t'] }),
      })
    expect((await post({ 'sec-fetch-site': 'same-origin' })).status).toBe(200)
    expect((await post({ 'sec-fetch-site': 'cross-site' })).status).toBe(403)
    expect((await post({ origin: 'http://evil.test' })).status).toBe(403)
    expect((await post({})).status).toBe(403)
    const forged = cookie.replace(/\.\w/, '.A')
    expect((await h.get('/__isr/status', { headers: { cookie: forged } })).status).toBe(401)
    h.clock.advance(12 * 3600 + 1)
    expect((await h.get('/__isr/status', { headers: { cookie } })).status).toBe(401)
    expect((await h.get('/__isr/', { headers: { cookie } })).status).toBe(401)
    await h.isr.close()
  })

  it('signs out with a same-origin POST, clearing the cookie', async () => {
    const h = site()
    const cookie = await signIn(h)
    expect(
      (await h.get('/__isr/logout', { method: 'POST', headers: { cookie, origin: 'http://evil.test' } })).status,
    ).toBe(403)
    const out = await h.get('/__isr/logout', { method: 'POST', headers: { cookie, 'sec-fetch-site': 'same-origin' } })
    expect(out.headers.get('set-cookie')).toContain('isr_session=; Path=/__isr; Max-Age=0')
    await h.isr.close()
  })

  it('streams this instance’s events to a session as Server-Sent Events, hits left out', async () => {
    const h = site()
    const cookie = await signIn(h)
    const aborter = new AbortController()
    const stream = await h.get('/__isr/events', { headers: { cookie }, signal: aborter.signal })
    expect(stream.headers.get('content-type')).toBe('text/event-stream')
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    const next = async () => decoder.decode((await reader.read()).value)
    expect(await next()).toContain(': isrkit events')
    await (await h.get('/posts/x')).text()
    let seen = ''
    while (!seen.includes('"type":"store"')) seen += await next()
    expect(seen).toMatch(
      /data: \{"instance":"[\w-]+","at":\d+,"type":"miss","key":"[^"]+","url":"http:\/\/site.test\/posts\/x"\}/,
    )
    expect(seen).not.toContain('"type":"hit"')
    aborter.abort()
    await reader.cancel()
    expect((await h.get('/__isr/events')).status).toBe(401)
    await h.isr.close()
  })
})
