// Contentful (https://www.contentful.com/developers/docs/webhooks/request-verification/; signing as
// @contentful/node-apps-toolkit's verifyRequest does it): `x-contentful-signature` is the hex HMAC-SHA256 of
// "<METHOD>\n<path>\n<name:value;… of x-contentful-signed-headers>\n<body>", with `x-contentful-timestamp`
// (ms) among the signed headers. `x-contentful-topic` says what happened; `x-contentful-idempotency-key`
// names the delivery.
import { toHex } from '../key.ts'
import { equalText, hmac } from './crypto.ts'
import { at, localized, text, timely, type Vendor } from './vendor.ts'

const SIGNATURE = 'x-contentful-signature'
const SIGNED_HEADERS = 'x-contentful-signed-headers'
const TIMESTAMP = 'x-contentful-timestamp'
/** Actions that change what is published; saves and auto-saves touch drafts only. */
const PUBLISHED = new Set(['publish', 'unpublish', 'delete', 'archive', 'unarchive'])

export const contentful: Vendor = {
  window: 300,
  async verify(request, secret) {
    const signature = request.headers.get(SIGNATURE)
    const signed = request.headers.get(SIGNED_HEADERS)
    const stamp = Number(request.headers.get(TIMESTAMP))
    if (!signature || !signed) return { ok: false, reason: `missing ${SIGNATURE} or ${SIGNED_HEADERS}` }
    const names = signed.split(',').map((name) => name.trim().toLowerCase())
    if (!names.includes(TIMESTAMP) || !Number.isInteger(stamp)) {
      return { ok: false, reason: `${TIMESTAMP} (unix ms) must be sent and signed` }
    }
    const headers = names.map((name) => `${name}:${request.headers.get(name)?.trim() ?? ''}`).join(';')
    const canonical = `${request.method.toUpperCase()}\n${encodedTarget(request.target)}\n${headers}\n${request.text}`
    if (!equalText(signature.trim().toLowerCase(), toHex(await hmac('SHA-256', secret, canonical)))) {
      return {
        ok: false,
        reason: 'wrong signature: not the HMAC-SHA256 of the canonical request with the signing secret',
      }
    }
    const late = timely(stamp, request.now, this.window as number, TIMESTAMP)
    const id = request.headers.get('x-contentful-idempotency-key') ?? undefined
    return late ? { ok: false, reason: late } : { ok: true, id }
  },
  read(payload, headers) {
    const topic = headers.get('x-contentful-topic') ?? ''
    const [, kind, action = ''] = topic.split('.')
    if (kind !== 'Entry' && kind !== 'Asset') return { ignore: `topic ${topic || '(none)'} changes no entry or asset` }
    if (!PUBLISHED.has(action)) return { ignore: `${action || 'this action'} changes drafts only` }
    const id = text(at(payload, 'sys', 'id'))
    if (!id) return { unreadable: '"sys.id" is missing' }
    const type = kind === 'Asset' ? 'asset' : text(at(payload, 'sys', 'contentType', 'sys', 'id'))
    // An unpublish or delete carries no fields: its tags are the type's and the id's.
    return { documents: [{ type, id, slugs: localized(at(payload, 'fields', 'slug')), paths: [] }] }
  },
}

/** The path as the toolkit signs it: the query escaped as one component, then the whole URI-encoded. */
function encodedTarget(target: string): string {
  const at = target.indexOf('?')
  return encodeURI(at === -1 ? target : `${target.slice(0, at)}?${encodeURIComponent(target.slice(at + 1))}`)
}
