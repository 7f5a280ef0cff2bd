// Sanity's GROQ-powered webhooks (https://www.sanity.io/docs/content-lake/webhooks; signing as
// @sanity/webhook does it): `sanity-webhook-signature: t=<ms>,v1=<base64url HMAC-SHA256 of "<t>.<body>">`.
// The body is the webhook's projection, by default the whole document (`_id`, `_type`, `slug.current`).
// `idempotency-key` names the delivery.
import { base64url, equalText, hmac, parseParams } from './crypto.ts'
import { at, text, timely, type Vendor } from './vendor.ts'

const HEADER = 'sanity-webhook-signature'

export const sanity: Vendor = {
  // Sanity retries for up to 30 minutes and does not say whether a retry is signed anew.
  window: 3600,
  async verify(request, secret) {
    const header = request.headers.get(HEADER)
    if (!header) return { ok: false, reason: `missing ${HEADER}` }
    const params = parseParams(header)
    const stamp = Number(params.get('t')?.[0])
    const given = params.get('v1') ?? []
    if (!Number.isInteger(stamp) || given.length === 0) {
      return { ok: false, reason: `${HEADER} must be "t=<unix ms>,v1=<signature>"` }
    }
    const expected = base64url(await hmac('SHA-256', secret, `${stamp}.${request.text}`))
    if (!given.some((signature) => equalText(signature, expected))) {
      return { ok: false, reason: `wrong signature: v1 is not the HMAC-SHA256 of "<t>.<body>" with the secret` }
    }
    const late = timely(stamp, request.now, this.window as number, `${HEADER} t`)
    return late ? { ok: false, reason: late } : { ok: true, id: request.headers.get('idempotency-key') ?? undefined }
  },
  read(payload, headers) {
    const id = text(at(payload, '_id')) ?? text(headers.get('sanity-document-id'))
    const type = text(at(payload, '_type'))
    const slug = text(at(payload, 'slug', 'current')) ?? text(at(payload, 'slug'))
    if (!id && !type) {
      return { unreadable: '"_id" and "_type" are missing: leave the projection empty, or project them (and "slug")' }
    }
    // A draft's id is "drafts.<id>": what the site shows is the published document's.
    return { documents: [{ type, id: id?.replace(/^drafts\./, ''), slugs: slug ? [slug] : [], paths: [] }] }
  },
}
