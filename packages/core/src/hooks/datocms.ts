// DatoCMS (https://www.datocms.com/docs/general-concepts/webhooks): DatoCMS signs nothing; a webhook sends HTTP
// basic credentials or custom headers, so the secret is the basic password (any user name), or a custom
// `Authorization: Bearer <secret>` header. The default payload names the record, its model and the event.
import { bearerOrBasic } from './credentials.ts'
import { at, localized, text, type Vendor } from './vendor.ts'

const RECORD_EVENTS = new Set(['create', 'update', 'delete', 'publish', 'unpublish'])

export const datocms: Vendor = {
  verify: async (request, secret) => bearerOrBasic(request.headers, secret, 'DatoCMS'),
  read(payload) {
    const entity = text(at(payload, 'entity_type'))
    const event = text(at(payload, 'event_type')) ?? ''
    if (entity !== 'item' || !RECORD_EVENTS.has(event)) return { ignore: `${entity ?? '?'}.${event} changes no record` }
    const id = text(at(payload, 'entity', 'id'))
    if (!id) return { unreadable: '"entity.id" is missing (a custom payload replaces the default one: give `map`)' }
    const model = at(payload, 'entity', 'relationships', 'item_type', 'data', 'id')
    const related = at(payload, 'related_entities')
    const found = Array.isArray(related)
      ? related.find((e) => at(e, 'id') === model && at(e, 'type') === 'item_type')
      : undefined
    // The model's API key ("post") where the payload relates it, else its id.
    const type = text(at(found, 'attributes', 'api_key')) ?? text(model)
    return { documents: [{ type, id, slugs: localized(at(payload, 'entity', 'attributes', 'slug')), paths: [] }] }
  },
}
