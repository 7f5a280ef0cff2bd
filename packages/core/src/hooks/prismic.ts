// Prismic (https://prismic.io/docs/webhooks): the webhook's secret comes in the JSON body (`secret`), not
// signed. An `api-update` lists the ids of the documents that changed, without their types or UIDs: the
// default mapping invalidates `prismic:<id>`; a `map` that asks Prismic's API can do more.
import { equalText } from './crypto.ts'
import { at, text, type Vendor } from './vendor.ts'

export const prismic: Vendor = {
  async verify(request, secret) {
    let given: unknown
    try {
      given = at(JSON.parse(request.text), 'secret')
    } catch {
      return { ok: false, reason: 'the body is not JSON, so it carries no "secret"' }
    }
    if (typeof given !== 'string') return { ok: false, reason: 'missing "secret": set one on the webhook in Prismic' }
    return equalText(given, secret) ? { ok: true } : { ok: false, reason: 'wrong "secret"' }
  },
  read(payload) {
    const type = text(at(payload, 'type'))
    if (type !== 'api-update') return { ignore: `${type ?? 'this event'} changes no document` }
    const documents = at(payload, 'documents')
    const ids = Array.isArray(documents) ? documents.flatMap((id) => (text(id) ? [text(id) as string] : [])) : []
    if (ids.length === 0) return { ignore: 'no document changed (releases or tags only)' }
    return { documents: ids.map((id) => ({ id, slugs: [], paths: [] })) }
  },
}
