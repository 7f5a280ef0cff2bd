import { defineCommand } from 'citty'
import * as check from '../args.ts'
import { status } from '../client.ts'
import { statusBlock } from '../format.ts'
import { controlArgs } from './shared.ts'

export default defineCommand({
  meta: { name: 'inspect', description: "Show the cache's counters, memory tier and storage health" },
  args: {
    ...controlArgs,
    json: { type: 'boolean', description: 'Print the status JSON as the site sent it' },
  },
  async run({ args }) {
    const origin = check.siteOrigin(args.url)
    const site = { origin, endpoint: check.endpoint(args.endpoint), secret: check.secret(args.secret) }
    const result = await status(site)
    console.log(args.json ? JSON.stringify(result, null, 2) : statusBlock(result, origin.origin))
  },
})
