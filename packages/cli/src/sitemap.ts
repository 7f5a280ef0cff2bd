// Sitemaps (sitemaps.org): a <urlset> lists pages, a <sitemapindex> lists further sitemaps. Their <loc>s
// carry the public host, while a warm may target an internal address, so every <loc> is moved to the
// origin of --url keeping its path and query.
import { gunzipSync } from 'node:zlib'
import { XMLParser } from 'fast-xml-parser'
import { send, statusLine } from './client.ts'
import { badSitemap } from './errors.ts'

/** An index of indexes of sitemaps is as deep as real sites go; deeper is a loop or a mistake. */
export const MAX_SITEMAP_DEPTH = 3
/** sitemaps.org allows 50,000 sitemaps per index; this bounds what one warm fetches. */
export const MAX_SITEMAPS = 1000

export interface ParsedSitemap {
  /** Page URLs of a <urlset>, as written. */
  pages: string[]
  /** Sitemap URLs of a <sitemapindex>, as written. */
  sitemaps: string[]
}

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  removeNSPrefix: true,
  // <loc>s stay strings: a numeric-looking one must not become a number.
  parseTagValue: false,
  isArray: (name) => name === 'url' || name === 'sitemap',
})

/** Reads one sitemap document; throws a plain Error when it is neither a urlset nor a sitemap index. */
export function parseSitemap(xml: string): ParsedSitemap {
  let doc: Record<string, unknown>
  try {
    doc = parser.parse(xml, true) as Record<string, unknown>
  } catch (error) {
    throw new Error(`not valid XML (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`)
  }
  const urlset = doc.urlset
  const index = doc.sitemapindex
  if (urlset === undefined && index === undefined) {
    throw new Error('not a sitemap: expected <urlset> or <sitemapindex>')
  }
  return { pages: locs(urlset, 'url'), sitemaps: locs(index, 'sitemap') }
}

function locs(parent: unknown, child: 'url' | 'sitemap'): string[] {
  // An empty <urlset/> parses as an empty string.
  if (typeof parent !== 'object' || parent === null) return []
  const items = (parent as Record<string, unknown>)[child]
  if (!Array.isArray(items)) return []
  return items
    .map((item) => (typeof item === 'object' && item !== null ? (item as { loc?: unknown }).loc : undefined))
    .filter((loc): loc is string => typeof loc === 'string' && loc !== '')
}

/** `loc` (absolute, or relative to the site) on the site's origin; undefined for what is not http(s). */
export function onSite(loc: string, site: URL): URL | undefined {
  let url: URL
  try {
    url = new URL(loc, site)
  } catch {
    return undefined
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
  return new URL(`${url.pathname}${url.search}`, site.origin)
}

/**
 * Every page listed by the sitemap at `source` (an absolute URL, or a path on the site), following sitemap
 * indexes at most MAX_SITEMAP_DEPTH deep. Pages come back on the site's origin, in order, without repeats.
 */
export async function sitemapPages(source: string, site: URL): Promise<URL[]> {
  const first = new URL(source, site)
  const pages = new Map<string, URL>()
  const seen = new Set<string>()
  let level = [first]
  for (let depth = 0; level.length > 0; depth++) {
    const next: URL[] = []
    for (const url of level) {
      if (seen.has(url.href)) continue
      seen.add(url.href)
      if (seen.size > MAX_SITEMAPS) throw badSitemap(first.href, `more than ${MAX_SITEMAPS} sitemaps`)
      const parsed = await fetchSitemap(url)
      for (const loc of parsed.pages) {
        const page = onSite(loc, site)
        if (page) pages.set(page.href, page)
      }
      if (parsed.sitemaps.length > 0 && depth + 1 > MAX_SITEMAP_DEPTH) {
        throw badSitemap(url.href, `sitemap indexes nested more than ${MAX_SITEMAP_DEPTH} deep`)
      }
      for (const loc of parsed.sitemaps) {
        const child = onSite(loc, site)
        if (child) next.push(child)
      }
    }
    level = next
  }
  return [...pages.values()]
}

async function fetchSitemap(url: URL): Promise<ParsedSitemap> {
  const response = await send(url.href, { headers: { accept: 'application/xml, text/xml;q=0.9, */*;q=0.1' } })
  if (!response.ok) {
    await response.body?.cancel()
    throw badSitemap(url.href, `answered ${statusLine(response)}`)
  }
  let bytes = new Uint8Array(await response.arrayBuffer())
  // sitemap.xml.gz files are often served as application/gzip, which fetch leaves compressed.
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = new Uint8Array(gunzipSync(bytes))
  try {
    return parseSitemap(new TextDecoder().decode(bytes))
  } catch (error) {
    throw badSitemap(url.href, error instanceof Error ? error.message : String(error))
  }
}
