// Strapi (https://docs.strapi.io/cms/backend-customization/webhooks): Strapi signs nothing; it sends the
// headers configured for the webhook, so the secret travels as `Authorization: Bearer <secret>` (set it in
// the webhook's headers, or `webhooks.defaultHeaders`). `x-strapi-event` (also the body's `event`) says what
// happened; `model` and `entry` what to.
import { bearerOrBasic } from './credentials.ts'
import { at, text, type Vendor } from './vendor.ts'

const ENTRY_EVENTS = new Set(['entry.create', 'entry.update', 'entry.delete', 'entry.publish', 'entry.unpublish'])

export const strapi: Vendor = {
  verify: async (request, secret) => bearerOrBasic(request.headers, secret, 'Strapi'),
  read(payload, headers) {
    const event = text(at(payload, 'event')) ?? text(headers.get('x-strapi-event')) ?? ''
    if (!ENTRY_EVENTS.has(event)) return { ignore: `${event || 'this event'} changes no entry` }
    const type = text(at(payload, 'model'))
    // Strapi 5's documentId is one document across drafts, locales and versions; Strapi 4 has the row id.
    const id = text(at(payload, 'entry', 'documentId')) ?? text(at(payload, 'entry', 'id'))
    if (!type && !id) return { unreadable: '"model" and "entry.documentId" (or "entry.id") are missing' }
    const slug = text(at(payload, 'entry', 'slug'))
    return { documents: [{ type, id, slugs: slug ? [slug] : [], paths: [] }] }
  },
}
