import { defineCommand } from 'citty'
import * as check from '../args.ts'
import { explain } from '../client.ts'
import { usageError } from '../errors.ts'
import { explainBlock } from '../format.ts'
import { controlArgs } from './shared.ts'

export default defineCommand({
  meta: { name: 'explain', description: 'Say why a page is (or is not) answered from the cache' },
  args: {
    ...controlArgs,
    page: { type: 'positional', description: 'The page: a path such as /blog/a, or a URL', required: true },
    json: { type: 'boolean', description: 'Print the explanation JSON as the site sent it' },
  },
  async run({ args }) {
    const origin = check.siteOrigin(args.url)
    const page = String(args.page)
    if (!page.startsWith('/') && !URL.canParse(page))
      throw usageError(`the page must be a path starting with '/' or a URL, received "${page}"`)
    const site = { origin, endpoint: check.endpoint(args.endpoint), secret: check.secret(args.secret) }
    const result = await explain(site, page)
    console.log(args.json ? JSON.stringify(result, null, 2) : explainBlock(page, result))
  },
})
