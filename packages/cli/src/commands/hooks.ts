import { readFile } from 'node:fs/promises'
import { defineCommand } from 'citty'
import * as check from '../args.ts'
import { send } from '../client.ts'
import { EXIT_FAILED, IsrkitError, usageError } from '../errors.ts'
import { signDelivery, VENDORS, type Vendor } from '../hooks.ts'
import { endpointArg, siteArgs } from './shared.ts'

export default defineCommand({
  meta: {
    name: 'hooks',
    description: 'Send a CMS webhook delivery signed as the vendor signs it: `isrkit hooks test <vendor> --url …`',
  },
  args: {
    action: { type: 'positional', description: 'test', required: true },
    vendor: { type: 'positional', description: VENDORS.join(', '), required: true },
    ...siteArgs,
    secret: {
      type: 'string',
      description: "The webhook's secret as the site has it (default: $ISR_HOOK_<VENDOR>_SECRET)",
    },
    payload: {
      type: 'string',
      valueHint: 'file.json',
      description: 'The body to send (default: a publish of --type/--slug)',
    },
    type: { type: 'string', description: 'The document type of the default payload', default: 'post' },
    slug: { type: 'string', description: 'The slug of the default payload', default: 'hello-isr' },
    ...endpointArg,
  },
  async run({ args }) {
    if (args.action !== 'test') throw usageError(`unknown action "${args.action}": use \`isrkit hooks test <vendor>\``)
    const vendor = args.vendor as Vendor
    if (!VENDORS.includes(vendor)) throw usageError(`unknown vendor "${args.vendor}": use one of ${VENDORS.join(', ')}`)
    const origin = check.siteOrigin(args.url)
    const secret = args.secret ?? process.env[`ISR_HOOK_${vendor.toUpperCase()}_SECRET`]
    if (!secret) throw usageError(`no secret: pass --secret or set ISR_HOOK_${vendor.toUpperCase()}_SECRET`)
    const path = `${check.endpoint(args.endpoint)}/hooks/${vendor}`
    const payload = args.payload === undefined ? undefined : await readPayload(args.payload)
    const delivery = signDelivery(vendor, { secret, path, payload, type: args.type, slug: args.slug })
    const url = new URL(path, origin).href
    const response = await send(url, { method: 'POST', headers: delivery.headers, body: delivery.body })
    const answer = (await response.json().catch(() => ({}))) as {
      tags?: string[]
      paths?: string[]
      ignored?: string
      error?: string
    }
    if (!response.ok)
      throw new IsrkitError(`${url} answered ${response.status}: ${answer.error ?? response.statusText}`, EXIT_FAILED)
    console.log(`${url} accepted a signed ${vendor} delivery (${response.status}).`)
    if (answer.ignored) console.log(`  ignored: ${answer.ignored}`)
    if (answer.tags?.length) console.log(`  tags invalidated: ${answer.tags.join(', ')}`)
    if (answer.paths?.length) console.log(`  paths invalidated: ${answer.paths.join(', ')}`)
  },
})

async function readPayload(file: string): Promise<string> {
  try {
    const text = await readFile(file, 'utf8')
    JSON.parse(text)
    return text
  } catch (cause) {
    throw usageError(`--payload ${file} is not a readable JSON file (${(cause as Error).message})`)
  }
}
