import { gzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { IsrkitError } from '../src/errors.ts'
import { MAX_SITEMAP_DEPTH, onSite, parseSitemap, sitemapPages } from '../src/sitemap.ts'
import { startServer, type TestServer } from './support/server.ts'

const urlset = (...locs: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
${locs.map((l) => `  <url><loc>${l}</loc><lastmod>2026-01-01</lastmod></url>`).join('\n')}
</urlset>`
const index = (...locs: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${locs.map((l) => `  <sitemap><loc>${l}</loc></sitemap>`).join('\n')}
</sitemapindex>`

describe('parseSitemap', () => {
  it('reads the <loc> of every <url>, decoding entities', () => {
    const xml = urlset('https://example.com/', 'https://example.com/search?q=a&amp;page=2', ' https://example.com/x ')
    expect(parseSitemap(xml)).toEqual({
      pages: ['https://example.com/', 'https://example.com/search?q=a&page=2', 'https://example.com/x'],
      sitemaps: [],
    })
  })

  it('reads one <url> as a list of one, and CDATA locs', () => {
    expect(parseSitemap('<urlset><url><loc><![CDATA[https://example.com/a?b=1&c=2]]></loc></url></urlset>')).toEqual({
      pages: ['https://example.com/a?b=1&c=2'],
      sitemaps: [],
    })
  })

  it('keeps numeric-looking locs as text and ignores extension <loc>s nested deeper', () => {
    const xml =
      '<urlset><url><loc>/2024</loc><image:image><image:loc>https://cdn.example.com/a.png</image:loc></image:image></url></urlset>'
    expect(parseSitemap(xml).pages).toEqual(['/2024'])
  })

  it('reads the sitemaps of a sitemap index', () => {
    expect(parseSitemap(index('https://example.com/a.xml', 'https://example.com/b.xml'))).toEqual({
      pages: [],
      sitemaps: ['https://example.com/a.xml', 'https://example.com/b.xml'],
    })
  })

  it('accepts an empty urlset', () => {
    expect(parseSitemap('<urlset/>')).toEqual({ pages: [], sitemaps: [] })
    expect(parseSitemap('<urlset></urlset>')).toEqual({ pages: [], sitemaps: [] })
  })

  it('refuses what is not a sitemap', () => {
    expect(() => parseSitemap('<html><body>Not found</body></html>')).toThrow(/not a sitemap/)
    expect(() => parseSitemap('<urlset><url>')).toThrow(/not valid XML/)
  })
})

describe('onSite', () => {
  const site = new URL('http://127.0.0.1:3000')
  it("moves a <loc> on another host to the site's origin, keeping path and query", () => {
    expect(onSite('https://www.example.com/blog/a?x=1#top', site)?.href).toBe('http://127.0.0.1:3000/blog/a?x=1')
    expect(onSite('/relative', site)?.href).toBe('http://127.0.0.1:3000/relative')
  })
  it('drops what is not http(s)', () => {
    expect(onSite('mailto:someone@example.com', site)).toBeUndefined()
    expect(onSite('http://[bad', site)).toBeUndefined()
  })
})

describe('sitemapPages', () => {
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  async function serveSitemaps(files: Record<string, string | Buffer>): Promise<URL> {
    server = await startServer((req, res) => {
      const body = files[req.url ?? '']
      if (body === undefined) res.writeHead(404).end('no')
      else
        res
          .writeHead(200, { 'content-type': typeof body === 'string' ? 'application/xml' : 'application/gzip' })
          .end(body)
    })
    return server.origin
  }

  it('follows a sitemap index, moves every <loc> to the site and drops repeats', async () => {
    const site = await serveSitemaps({
      '/sitemap.xml': index('https://example.com/pages.xml', 'https://example.com/posts.xml.gz'),
      '/pages.xml': urlset('https://example.com/', 'https://example.com/about'),
      '/posts.xml.gz': gzipSync(
        urlset('https://example.com/posts/a', 'https://example.com/search?q=x&amp;y=1', 'https://example.com/'),
      ),
    })
    const pages = await sitemapPages('/sitemap.xml', site)
    expect(pages.map((p) => p.href.slice(site.origin.length))).toEqual(['/', '/about', '/posts/a', '/search?q=x&y=1'])
    expect(server!.requests.map((r) => r.url)).toEqual(['/sitemap.xml', '/pages.xml', '/posts.xml.gz'])
  })

  it('follows nested indexes up to the bound and refuses deeper ones', async () => {
    const files: Record<string, string> = {}
    for (let i = 0; i < MAX_SITEMAP_DEPTH; i++) files[`/s${i}.xml`] = index(`/s${i + 1}.xml`)
    files[`/s${MAX_SITEMAP_DEPTH}.xml`] = urlset('/deep')
    const site = await serveSitemaps(files)
    expect((await sitemapPages('/s0.xml', site)).map((p) => p.pathname)).toEqual(['/deep'])
    await server!.close()
    files[`/s${MAX_SITEMAP_DEPTH}.xml`] = index('/s-too-deep.xml')
    files['/s-too-deep.xml'] = urlset('/never')
    const deeper = await serveSitemaps(files)
    await expect(sitemapPages('/s0.xml', deeper)).rejects.toThrow(/nested more than 3 deep/)
  })

  it('fetches each sitemap once when indexes refer to each other', async () => {
    const site = await serveSitemaps({ '/a.xml': index('/b.xml', '/a.xml'), '/b.xml': index('/a.xml') })
    expect(await sitemapPages('/a.xml', site)).toEqual([])
    expect(server!.requests.map((r) => r.url)).toEqual(['/a.xml', '/b.xml'])
  })

  it('fails naming the sitemap that answered an error or is not a sitemap', async () => {
    const site = await serveSitemaps({ '/sitemap.xml': index('/missing.xml'), '/html.xml': '<html></html>' })
    const missing = await sitemapPages('/sitemap.xml', site).catch((e: unknown) => e)
    expect(missing).toBeInstanceOf(IsrkitError)
    expect((missing as Error).message).toBe(`[isrkit] sitemap ${site.origin}/missing.xml: answered 404 Not Found`)
    await expect(sitemapPages('/html.xml', site)).rejects.toThrow(/html\.xml: not a sitemap/)
  })
})
