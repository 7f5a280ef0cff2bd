// `isrkit hooks test`: a delivery signed as each CMS signs its webhooks, so a user can check a site's
// receiver end to end. The CLI does not depend on @isrkit/core: the algorithms are the vendors' (see core's
// hooks/ for the sources), and test/cli.test.ts holds each to what a running site accepts.
import { createHmac, randomUUID } from 'node:crypto'
import { signRequest } from './sign.ts'

export const VENDORS = [
  'sanity',
  'contentful',
  'storyblok',
  'strapi',
  'datocms',
  'hygraph',
  'prismic',
  'standard',
] as const
export type Vendor = (typeof VENDORS)[number]

export interface Delivery {
  body: string
  headers: Record<string, string>
}

export interface DeliveryInput {
  secret: string
  /** The path the site receives it on, e.g. `/__isr/hooks/contentful` (Contentful signs it). */
  path: string
  /** The payload to send; by default the vendor's publish of a document of `type` and `slug`. */
  payload?: string
  type: string
  slug: string
  /** Epoch ms. */
  now?: number
}

/** A publish of one document, as each vendor's default payload shapes it. */
export function samplePayload(vendor: Vendor, type: string, slug: string): unknown {
  const id = `isrkit-test-${slug}`
  switch (vendor) {
    case 'sanity':
      return { _id: id, _type: type, slug: { _type: 'slug', current: slug } }
    case 'contentful':
      return {
        sys: { id, type: 'Entry', contentType: { sys: { type: 'Link', linkType: 'ContentType', id: type } } },
        fields: { slug: { 'en-US': slug } },
      }
    case 'storyblok':
      return {
        action: 'published',
        text: `isrkit hooks test published ${slug}`,
        story_id: 1,
        space_id: 1,
        full_slug: slug,
      }
    case 'strapi':
      return {
        event: 'entry.publish',
        createdAt: new Date().toISOString(),
        model: type,
        entry: { documentId: id, slug },
      }
    case 'datocms':
      return {
        entity_type: 'item',
        event_type: 'publish',
        entity: {
          id,
          type: 'item',
          attributes: { slug },
          relationships: { item_type: { data: { id: type, type: 'item_type' } } },
        },
      }
    case 'hygraph':
      return { operation: 'publish', data: { __typename: type, id, stage: 'PUBLISHED', slug } }
    case 'prismic':
      return { type: 'api-update', documents: [id] }
    case 'standard':
      return { type: `${type}.published`, timestamp: new Date().toISOString(), data: { type, id, slug } }
  }
}

export function signDelivery(vendor: Vendor, input: DeliveryInput): Delivery {
  const { secret, path, now = Date.now() } = input
  let body = input.payload ?? JSON.stringify(samplePayload(vendor, input.type, input.slug))
  const json = { 'content-type': 'application/json' }
  switch (vendor) {
    case 'sanity': {
      const signature = createHmac('sha256', secret).update(`${now}.${body}`).digest('base64url')
      return {
        body,
        headers: { ...json, 'sanity-webhook-signature': `t=${now},v1=${signature}`, 'idempotency-key': randomUUID() },
      }
    }
    case 'contentful': {
      const headers: Record<string, string> = {
        'content-type': 'application/vnd.contentful.management.v1+json',
        'x-contentful-topic': 'ContentManagement.Entry.publish',
        'x-contentful-timestamp': String(now),
        'x-contentful-idempotency-key': randomUUID(),
      }
      const signed = ['content-type', 'x-contentful-signed-headers', 'x-contentful-timestamp', 'x-contentful-topic']
      headers['x-contentful-signed-headers'] = signed.join(',')
      const canonical = [
        'POST',
        contentfulPath(path),
        signed.map((name) => `${name}:${headers[name]}`).join(';'),
        body,
      ].join('\n')
      headers['x-contentful-signature'] = createHmac('sha256', secret).update(canonical).digest('hex')
      return { body, headers }
    }
    case 'storyblok':
      return { body, headers: { ...json, 'webhook-signature': createHmac('sha1', secret).update(body).digest('hex') } }
    case 'strapi':
      return { body, headers: { ...json, authorization: `Bearer ${secret}`, 'x-strapi-event': 'entry.publish' } }
    case 'datocms':
      return {
        body,
        headers: { ...json, authorization: `Basic ${Buffer.from(`isrkit:${secret}`).toString('base64')}` },
      }
    case 'hygraph': {
      const message = JSON.stringify({ Body: body, EnvironmentName: 'master', TimeStamp: now })
      const sign = createHmac('sha256', secret).update(message).digest('base64')
      return { body, headers: { ...json, 'gcms-signature': `sign=${sign}, env=master, t=${now}` } }
    }
    case 'prismic':
      body = JSON.stringify({ ...(JSON.parse(body) as object), secret })
      return { body, headers: json }
    case 'standard':
      return { body, headers: { ...json, ...signRequest({ secret, method: 'POST', path, body, now }) } }
  }
}

/** The path as @contentful/node-apps-toolkit signs it: the query escaped as one component, then URI-encoded. */
function contentfulPath(path: string): string {
  const at = path.indexOf('?')
  return encodeURI(at === -1 ? path : `${path.slice(0, at)}?${encodeURIComponent(path.slice(at + 1))}`)
}
