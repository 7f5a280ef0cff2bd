// Hygraph (https://hygraph.com/docs/api-reference/basics/webhooks; signing as @hygraph/utils does it):
// `gcms-signature: sign=<base64>, env=<environment>, t=<ms>`, the base64 HMAC-SHA256 of
// JSON.stringify({ Body: <raw body>, EnvironmentName, TimeStamp }). No delivery id is sent.
import { base64, equalText, hmac, parseParams } from './crypto.ts'
import { at, localized, text, timely, type Vendor } from './vendor.ts'

const HEADER = 'gcms-signature'
/** Publish and unpublish send the published snapshot; create and update change drafts. */
const PUBLISHED = new Set(['publish', 'unpublish', 'delete'])

export const hygraph: Vendor = {
  // Hygraph queues deliveries for minutes and retries; it does not say whether a retry is signed anew.
  window: 3600,
  async verify(request, secret) {
    const header = request.headers.get(HEADER)
    if (!header) return { ok: false, reason: `missing ${HEADER}: set a secret key on the webhook` }
    const params = parseParams(header)
    const sign = params.get('sign')?.[0]
    const env = params.get('env')?.[0]
    const stamp = Number(params.get('t')?.[0])
    if (!sign || env === undefined || !Number.isInteger(stamp)) {
      return { ok: false, reason: `${HEADER} must be "sign=<signature>, env=<environment>, t=<unix ms>"` }
    }
    const message = JSON.stringify({ Body: request.text, EnvironmentName: env, TimeStamp: stamp })
    if (!equalText(sign, base64(await hmac('SHA-256', secret, message)))) {
      return { ok: false, reason: 'wrong signature: not the HMAC-SHA256 of {Body, EnvironmentName, TimeStamp}' }
    }
    const late = timely(stamp, request.now, this.window as number, `${HEADER} t`)
    return late ? { ok: false, reason: late } : { ok: true }
  },
  read(payload) {
    const operation = (text(at(payload, 'operation')) ?? '').toLowerCase()
    if (!PUBLISHED.has(operation)) return { ignore: `${operation || 'this operation'} changes drafts only` }
    const type = text(at(payload, 'data', '__typename'))
    const id = text(at(payload, 'data', 'id'))
    if (!type && !id) return { unreadable: '"data.__typename" and "data.id" are missing' }
    const localizations = at(payload, 'data', 'localizations')
    const slugs = [
      ...localized(at(payload, 'data', 'slug')),
      ...(Array.isArray(localizations) ? localizations.flatMap((l) => localized(at(l, 'slug'))) : []),
    ]
    return { documents: [{ type, id, slugs: [...new Set(slugs)], paths: [] }] }
  },
}
