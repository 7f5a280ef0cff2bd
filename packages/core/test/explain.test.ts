// GET {endpoint}/explain (explain.ts): every verdict, with the record that decided it, and why a page was
// not stored — through isr.handle as an operator's request reaches it.
import { describe, expect, it } from 'vitest'
import { harness, html, type PageHandler } from './support/harness.ts'

const secret = 'an-explain-secret-0123'
const auth = { authorization: `Bearer ${secret}` }

function site(pages: Record<string, PageHandler>, options = {}) {
  const h = harness(
    {
      secret,
      routes: { '/**': { revalidate: 60, expire: 120, staleIfError: 600 }, '/private/**': false },
      vary: { cookies: ['lang'] },
      maxEntryBytes: 1000,
      ...options,
    },
    pages,
  )
  const explain = async (path: string, headers: Record<string, string> = {}) => {
    const response = await h.get(`/__isr/explain?url=${encodeURIComponent(path)}`, { headers: { ...auth, ...headers } })
    return { status: response.status, body: await response.json() }
  }
  const visit = async (path: string, headers: Record<string, string> = {}) => {
    await (await h.get(path, { headers })).text()
    await h.settle()
  }
  return { h, explain, visit }
}

const tagged: PageHandler = (r, n) => html(`${new URL(r.url).pathname} ${n}`, { 'cache-tag': 'post:1' })

describe('GET /__isr/explain', () => {
  it('explains a fresh entry: key, rule, entry, records and the time left', async () => {
    const { h, explain, visit } = site({ '*': tagged })
    await visit('/a')
    h.clock.advance(10)
    const { status, body } = await explain('/a')
    expect(status).toBe(200)
    expect(Object.keys(body).sort()).toEqual([
      'bypass',
      'entry',
      'key',
      'notStored',
      'reason',
      'records',
      'rule',
      'verdict',
    ])
    expect(body).toMatchObject({
      key: 'isr::http://site.test/a#c.lang',
      rule: { pattern: '/**', revalidate: 60, expire: 120, staleIfError: 600 },
      bypass: null,
      entry: { status: 200, tags: ['post:1'], tier: 'memory', encodings: ['identity'] },
      verdict: 'fresh',
      notStored: null,
    })
    expect(body.reason).toMatch(/^Fresh: served from the cache until .* \(50 s left\)\.$/)
    expect(body.records.map((r: { kind: string; name: string }) => `${r.kind} ${r.name}`)).toEqual([
      'path /a',
      'tag post:1',
    ])
    await h.isr.close()
  })

  it('names the record that made an entry stale, or says it is past revalidate', async () => {
    const { h, explain, visit } = site({ '*': tagged })
    await visit('/a')
    h.clock.advance(1)
    await h.isr.revalidateTag('post:1')
    const byTag = (await explain('/a')).body
    expect(byTag.verdict).toBe('stale')
    expect(byTag.records.find((r: { decisive: boolean }) => r.decisive)).toMatchObject({ kind: 'tag', name: 'post:1' })
    expect(byTag.reason).toContain('tag "post:1" was invalidated')
    await visit('/b')
    h.clock.advance(61)
    const byTime = (await explain('/b')).body
    expect(byTime).toMatchObject({ verdict: 'stale' })
    expect(byTime.reason).toContain('past revalidate')
    h.clock.advance(60)
    expect((await explain('/b')).body.verdict).toBe('expired')
    await h.isr.revalidatePath('/b', { mode: 'purge' })
    expect((await explain('/b')).body).toMatchObject({ verdict: 'none' })
    await h.isr.close()
  })

  it('says a purged entry is gone, and a 404 past its freshness too', async () => {
    const { h, explain, visit } = site(
      { '/a': tagged, '/missing': () => html('no', {}, 404) },
      { notFoundRevalidate: 5 },
    )
    await visit('/missing')
    h.clock.advance(6)
    expect((await explain('/missing')).body).toMatchObject({ verdict: 'gone' })
    expect((await explain('/missing')).body.reason).toContain('a 404 is never served stale')
    await h.isr.close()
  })

  it('tells why the last render of a key was not stored', async () => {
    const { h, explain, visit } = site({
      '/cookie': () => html('c', { 'set-cookie': 'a=1' }),
      '/private-cc': () => html('p', { 'cache-control': 'private' }),
      '/boom': () => html('e', {}, 500),
      '/big': () => html('x'.repeat(5000)),
      '/throws': () => {
        throw new Error('the CMS is down')
      },
    })
    for (const path of ['/cookie', '/private-cc', '/boom', '/big']) await visit(path)
    await h.get('/throws').catch(() => undefined)
    expect((await explain('/throws')).body).toMatchObject({ verdict: 'none', notStored: 'threw' })
    const reasons = await Promise.all(
      ['/cookie', '/private-cc', '/boom', '/big'].map(async (p) => (await explain(p)).body),
    )
    expect(reasons.map((r) => [r.verdict, r.notStored])).toEqual([
      ['none', 'set-cookie'],
      ['none', 'cache-control'],
      ['none', 'status-500'],
      ['none', 'too-large'],
    ])
    expect(reasons[0].reason).toBe('Nothing stored: the last render was not stored (set-cookie).')
    expect((await explain('/never-visited')).body.reason).toBe(
      'Nothing stored yet: the next request renders and stores it.',
    )
    await h.isr.close()
  })

  it('explains a bypass, a variant by the asking request’s cookies, and never shows a cookie value or credential', async () => {
    const { h, explain, visit } = site({ '*': tagged }, { bypass: { cookies: ['draft'] } })
    expect((await explain('/private/x')).body).toMatchObject({ verdict: 'bypass', bypass: 'route', key: null })
    expect((await explain('/a', { cookie: 'draft=1' })).body).toMatchObject({ verdict: 'bypass', bypass: 'draft' })
    await visit('/a', { cookie: 'lang=fr-S3cretish' })
    const variant = await explain('/a', { cookie: 'lang=fr-S3cretish' })
    expect(variant.body).toMatchObject({ verdict: 'fresh', key: 'isr::http://site.test/a#c.lang=***' })
    expect(JSON.stringify(variant.body)).not.toMatch(/S3cretish|an-explain-secret/)
    expect((await explain('/a')).body.verdict).toBe('none')
    await h.isr.close()
  })

  it('answers 400 without a usable url, and 401 without the secret', async () => {
    const { h, explain } = site({ '*': tagged })
    expect((await h.get('/__isr/explain?url=%2Fa')).status).toBe(401)
    expect((await explain('')).status).toBe(400)
    expect((await explain('ftp://x/y')).body.error).toContain('"url" must be a path')
    expect((await explain('https://elsewhere.test/a')).body.key).toContain('https://elsewhere.test/a')
    await h.isr.close()
  })
})

describe('x-isr-explain in dev', () => {
  it('tells on every dev answer what production would do with it, inherited tags included', async () => {
    let getPost!: (slug: string) => Promise<string>
    const h = harness(
      { dev: true, routes: { '/posts/*': { revalidate: 300 }, '/admin': false } },
      {
        '/posts/a': async () => html(await getPost('a')),
        '/stated': () => html('s', { 'cache-control': 's-maxage=60', 'cache-tag': 'own' }),
        '/cookie': () => html('c', { 'cache-control': 's-maxage=60', 'set-cookie': 'a=1' }),
        '/admin': () => html('admin'),
        '/plain': () => html('plain'),
      },
    )
    let reads = 0
    getPost = h.isr.cached(async (slug: string) => `post ${slug} ${++reads}`, {
      name: 'post',
      revalidate: 30,
      tags: (s) => [`post:${s}`],
    })
    const explained = async (path: string) => {
      const response = await h.get(path)
      expect(response.headers.get('x-isr-cache')).toBe('BYPASS')
      return JSON.parse(response.headers.get('x-isr-explain') as string)
    }
    const post = await explained('/posts/a')
    expect(post).toMatchObject({ rule: '/posts/*', cached: true, revalidate: 30 })
    expect(post.tags).toEqual(expect.arrayContaining(['post:a', 'fn:post']))
    expect(await explained('/posts/a')).toMatchObject({ cached: true })
    expect(reads).toBe(2)
    expect(await explained('/stated')).toMatchObject({ rule: null, cached: true, revalidate: 60, tags: ['own'] })
    expect(await explained('/cookie')).toEqual({ rule: null, cached: false, reason: 'set-cookie' })
    expect(await explained('/admin')).toEqual({ rule: '/admin', cached: false, reason: 'its route rule is `false`' })
    expect(await explained('/plain')).toEqual({ rule: null, cached: false, reason: 'no-policy' })
    await h.isr.close()
  })
})
