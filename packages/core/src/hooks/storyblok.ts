// Storyblok (https://www.storyblok.com/docs/concepts/webhooks): with a webhook secret set, `webhook-signature`
// is the hex HMAC-SHA1 of the raw body. No timestamp and no delivery id are sent, so a captured delivery can
// be sent again: it only invalidates what it did before.
import { toHex } from '../key.ts'
import { equalText, hmac } from './crypto.ts'
import { at, text, type Vendor } from './vendor.ts'

const HEADER = 'webhook-signature'
const STORY_ACTIONS = new Set(['published', 'unpublished', 'deleted', 'moved'])

export const storyblok: Vendor = {
  async verify(request, secret) {
    const signature = request.headers.get(HEADER)
    if (!signature) return { ok: false, reason: `missing ${HEADER}: set a webhook secret in Storyblok` }
    const expected = toHex(await hmac('SHA-1', secret, request.body))
    if (!equalText(signature.trim().toLowerCase(), expected)) {
      return { ok: false, reason: 'wrong signature: not the HMAC-SHA1 of the body with the webhook secret' }
    }
    return { ok: true }
  },
  read(payload) {
    const action = text(at(payload, 'action')) ?? ''
    const id = text(at(payload, 'story_id'))
    if (!STORY_ACTIONS.has(action) || !id) return { ignore: `${action || 'this event'} changes no story` }
    // Storyblok names no content type: every story is a "story"; its full slug is its path.
    const slug = text(at(payload, 'full_slug'))
    return { documents: [{ type: 'story', id, slugs: slug ? [slug] : [], paths: slug ? [`/${slug}`] : [] }] }
  },
}
