import { defineCommand } from 'citty'
import * as check from '../args.ts'
import { revalidate } from '../client.ts'
import { notAcknowledged, usageError } from '../errors.ts'
import { receiptsBlock, revalidateLine } from '../format.ts'
import { plural } from '../summary.ts'
import { controlArgs } from './shared.ts'

export default defineCommand({
  meta: { name: 'revalidate', description: 'Invalidate cached pages by path and/or tag' },
  args: {
    ...controlArgs,
    path: { type: 'string', valueHint: '/path', description: 'A path to revalidate, e.g. /blog/a (repeatable)' },
    tag: { type: 'string', valueHint: 'tag', description: 'A cache tag to revalidate, e.g. post:42 (repeatable)' },
    mode: {
      type: 'string',
      valueHint: 'stale|eager|purge',
      description: 'stale: re-render on the next request; eager: re-render now; purge: delete',
      default: 'stale',
    },
    wait: {
      type: 'boolean',
      description: 'List the instances that applied it (Redis); exit 1 if one that is alive did not within a second',
    },
    settle: {
      type: 'string',
      valueHint: 'seconds',
      description: 'Invalidate again at the end of this window (0-3600 s): for a CMS whose CDN lags its webhook',
    },
  },
  async run({ args, rawArgs }) {
    const origin = check.siteOrigin(args.url)
    const paths = check.revalidatePaths(check.repeated(rawArgs, 'path'))
    const tags = check.revalidateTags(check.repeated(rawArgs, 'tag'))
    if (paths.length === 0 && tags.length === 0) {
      throw usageError('nothing to revalidate: give at least one --path or --tag')
    }
    const mode = check.mode(args.mode)
    const settle = check.settle(args.settle)
    const site = { origin, endpoint: check.endpoint(args.endpoint), secret: check.secret(args.secret) }
    const result = await revalidate(site, { paths, tags, mode, ...(settle ? { settle } : {}) })
    console.log(revalidateLine(result))
    if (args.wait) {
      console.log(receiptsBlock(result))
      if (!result.instances)
        throw notAcknowledged('the site has no bus (Redis): instances read invalidations from storage')
      if (result.instances.pending.length > 0)
        throw notAcknowledged(`${plural(result.instances.pending.length, 'instance')} did not acknowledge`)
    }
  },
})
