import { defineCommand } from 'citty'
import * as check from '../args.ts'
import { EXIT_FAILED, IsrkitError, usageError } from '../errors.ts'
import { readPathsFile } from '../paths-file.ts'
import { progressBar } from '../progress.ts'
import { sitemapPages } from '../sitemap.ts'
import { plural, warmSummary } from '../summary.ts'
import { warm } from '../warm.ts'
import { siteArgs } from './shared.ts'

export default defineCommand({
  meta: {
    name: 'warm',
    description: 'Fill the cache by requesting every page of a sitemap or a list (cached pages are left as they are)',
  },
  args: {
    ...siteArgs,
    sitemap: {
      type: 'string',
      valueHint: 'url|/path',
      description:
        'A sitemap or sitemap index, as a URL or a path on the site, e.g. /sitemap.xml; its <loc>s are requested on --url',
    },
    paths: {
      type: 'string',
      valueHint: 'file',
      description: 'A file with one path or URL per line (# comments and blank lines skipped)',
    },
    concurrency: { type: 'string', valueHint: 'n', description: 'Requests in flight at once', default: '8' },
    rate: { type: 'string', valueHint: 'n', description: 'At most n requests started per second (default: no limit)' },
  },
  async run({ args }) {
    const origin = check.siteOrigin(args.url)
    if (Boolean(args.sitemap) === Boolean(args.paths)) {
      throw usageError('give exactly one of --sitemap <url-or-path> and --paths <file>')
    }
    const concurrency = check.positiveInteger('concurrency', args.concurrency, 8)
    const rate = check.positiveNumber('rate', args.rate)
    const sitemap = args.sitemap ? sitemapUrl(args.sitemap, origin) : undefined
    const pages = sitemap ? await sitemapPages(sitemap.href, origin) : await readPathsFile(args.paths as string, origin)
    const source = sitemap ? `sitemap ${sitemap.href}` : (args.paths as string)

    const bar = progressBar(pages.length)
    const report = await warm(pages, {
      concurrency,
      rate,
      onPage: (page) => bar.advance(`${page.url.pathname}${page.url.search}`),
    })
    bar.stop('Done')
    console.log(warmSummary(report, source))
    if (report.counts.failed > 0) {
      throw new IsrkitError(`${report.counts.failed} of ${plural(report.total, 'page')} failed`, EXIT_FAILED)
    }
  },
})

/** The sitemap's own address: an absolute URL is taken as given, a path is on the site. */
function sitemapUrl(value: string, origin: URL): URL {
  try {
    const url = new URL(value, origin)
    if (url.protocol === 'http:' || url.protocol === 'https:') return url
  } catch {}
  throw usageError(`--sitemap must be an http(s) URL or a path on the site such as /sitemap.xml, received "${value}"`)
}
