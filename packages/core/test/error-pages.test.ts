// Frameworks that render their error page around a body-less 404 after isrkit answers (error-pages.ts).
import { describe, expect, it } from 'vitest'
import { aroundErrorPage, isBodylessError } from '../src/error-pages.ts'
import { harness, state } from './support/harness.ts'

const emptyNotFound = () => new Response(null, { status: 404 })

describe('with rendersErrorPages', () => {
  it('hands a stored body-less 404 back body-less, without the empty body’s validators, every time', async () => {
    const h = harness({ routes: { '/**': { revalidate: 60 } }, notFoundRevalidate: 60 }, { '/gone': emptyNotFound })
    const ctx = { rendersErrorPages: true }
    await (await h.get('/gone', undefined, ctx)).text()
    await h.settle()
    const hit = await h.get('/gone', undefined, ctx)
    expect(state(hit)).toBe('HIT')
    expect(hit.status).toBe(404)
    expect(hit.headers.has('etag')).toBe(false)
    expect(hit.headers.has('content-length')).toBe(false)
    expect(await hit.text()).toBe('')
    expect(h.site.count('/gone')).toBe(1)
    // Without the flag the entry is answered as stored: its validator and length stand.
    const plain = await h.get('/gone')
    expect(plain.headers.get('content-length')).toBe('0')
    expect(plain.headers.has('etag')).toBe(true)
    await h.isr.close()
  })

  it('leaves such an entry to handle() in lookup(), and answers other entries there', async () => {
    const h = harness(
      { routes: { '/**': { revalidate: 60 } }, notFoundRevalidate: 60 },
      {
        '/gone': emptyNotFound,
        '/page': () => new Response('<p>page</p>', { headers: { 'content-type': 'text/html' } }),
      },
    )
    for (const path of ['/gone', '/page']) await (await h.get(path)).text()
    await h.settle()
    const request = (path: string) => new Request(`http://site.test${path}`)
    expect(await h.isr.lookup(request('/gone'), { rendersErrorPages: true })).toBeUndefined()
    expect((await h.isr.lookup(request('/gone')))?.status).toBe(404)
    expect((await h.isr.lookup(request('/page'), { rendersErrorPages: true }))?.status).toBe(200)
    await h.isr.close()
  })
})

describe('aroundErrorPage', () => {
  it('keeps a 404 or 500 with a body of its own, and any other status, as it is', () => {
    const withBody = new Response('custom', { status: 404, headers: { 'content-length': '6', etag: '"x"' } })
    expect(aroundErrorPage(withBody)).toBe(withBody)
    const emptyOk = new Response(null, { status: 200, headers: { 'content-length': '0' } })
    expect(aroundErrorPage(emptyOk)).toBe(emptyOk)
    expect(isBodylessError(500, true)).toBe(true)
    expect(isBodylessError(410, true)).toBe(false)
  })
})
