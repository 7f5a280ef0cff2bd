// Standard Webhooks (https://www.standardwebhooks.com): any sender that signs as the spec says. `webhook-id`,
// `webhook-timestamp` (seconds) and `webhook-signature` (`v1,<base64 HMAC-SHA256 of id.timestamp.body>`, key
// the bytes of a `whsec_` secret), as the control endpoint checks them (auth.ts).
import { Credentials, parseTimestamp, TOLERANCE_SECONDS, validWebhookId, WEBHOOK_HEADERS } from '../auth.ts'
import { at, text, timely, type Vendor } from './vendor.ts'

const keys = new Map<string, Credentials>()

export const standard: Vendor = {
  window: TOLERANCE_SECONDS,
  async verify(request, secret) {
    const [idHeader, stampHeader, signatureHeader] = WEBHOOK_HEADERS
    const id = request.headers.get(idHeader) ?? ''
    const stamp = parseTimestamp(request.headers.get(stampHeader) ?? '')
    const signature = request.headers.get(signatureHeader)
    if (!signature) return { ok: false, reason: `missing ${signatureHeader}` }
    if (!validWebhookId(id)) return { ok: false, reason: `${idHeader} must be 1 to 256 visible ASCII characters` }
    if (stamp === undefined) return { ok: false, reason: `${stampHeader} must be an integer: unix seconds` }
    let credentials = keys.get(secret)
    if (!credentials) {
      credentials = new Credentials(secret)
      keys.set(secret, credentials)
    }
    if (!(await credentials.verifyWebhook(id, stamp, signature, request.body))) {
      return {
        ok: false,
        reason: `wrong signature: no v1 entry of ${signatureHeader} is the HMAC-SHA256 of "<id>.<timestamp>.<body>"`,
      }
    }
    const late = timely(stamp * 1000, request.now, TOLERANCE_SECONDS, stampHeader)
    return late ? { ok: false, reason: late } : { ok: true, id }
  },
  read(payload) {
    // isrkit's own body ({ tags, paths }) says it outright; a typical event ({ type, data: { … } }) by its data.
    const tags = at(payload, 'tags')
    const paths = at(payload, 'paths')
    if (Array.isArray(tags) || Array.isArray(paths)) return { named: { tags, paths } }
    const data = at(payload, 'data')
    const type = text(at(data, 'type')) ?? text(at(payload, 'type'))
    const id = text(at(data, 'id'))
    const slug = text(at(data, 'slug'))
    if (!type && !id) {
      return { unreadable: 'expected "tags"/"paths", or "data" with "type", "id" or "slug" (or give `map`)' }
    }
    return { documents: [{ type, id, slugs: slug ? [slug] : [], paths: [] }] }
  },
}
