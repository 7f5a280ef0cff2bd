// Each CMS as it delivers a webhook: a sample payload from the vendor's documentation (source noted), and the
// headers of a delivery signed with a secret — by the vendor's own library where one exists, else by the
// algorithm the vendor documents. Used by the conformance suite of hooks.test.ts.
import { createHash, createHmac, randomUUID } from 'node:crypto'
import { signRequest } from '@contentful/node-apps-toolkit'
import { encodeSignatureHeader } from '@sanity/webhook'
import { Webhook } from 'standardwebhooks'
import type { WebhookVendor } from '../../src/types.ts'

export interface Delivery {
  body: string
  headers: Record<string, string>
}

export interface VendorCase {
  name: WebhookVendor
  secret: string
  /** A publish of the post "hello-isr", as the vendor sends it. */
  sample: unknown
  /** The tags and paths the default mapping gives for `sample`. */
  tags: string[]
  paths?: string[]
  /** Signs `payload` at `now` (epoch ms) for `target`, as the vendor would. */
  deliver(payload: unknown, now: number, secret: string, target: string): Promise<Delivery>
  /** A delivery that changes nothing published (a draft save, a test event). */
  ignored?: unknown
  /** The vendor signs the body: a changed body fails. */
  signsBody: boolean
  /** The vendor signs a timestamp: one this many seconds old fails. */
  window?: number
  /** The vendor names each delivery: the same delivery twice fails. */
  names: boolean
}

const json = (payload: unknown) => (typeof payload === 'string' ? payload : JSON.stringify(payload))

export const VENDOR_CASES: VendorCase[] = [
  {
    name: 'sanity',
    secret: 'sanity-webhook-secret-0123',
    // The default projection is the whole document after the change (sanity.io/docs/content-lake/webhooks);
    // its shape as delivered, from sanity-io/sanity-algolia#17, with this site's post.
    sample: {
      _type: 'post',
      slug: { _type: 'slug', current: 'hello-isr' },
      _createdAt: '2026-11-01T00:10:53Z',
      _updatedAt: '2026-12-01T00:45:07Z',
      _rev: 'QD86YgF5XjNgItC7JXTFA1',
      title: 'Hello, ISR',
      _id: 'e97904d1-d7f6-4833-b1be-54f5a8fc5c0f',
    },
    tags: ['sanity:post', 'sanity:post:hello-isr', 'sanity:e97904d1-d7f6-4833-b1be-54f5a8fc5c0f'],
    async deliver(payload, now, secret) {
      const body = json(payload)
      return {
        body,
        headers: {
          'content-type': 'application/json',
          'sanity-webhook-signature': await encodeSignatureHeader(body, now, secret),
          'sanity-operation': 'update',
          'idempotency-key': `idem-${randomUUID()}`,
        },
      }
    },
    signsBody: true,
    window: 3600,
    names: true,
  },
  {
    name: 'contentful',
    // Contentful's signing secrets are 64 characters.
    secret: 'c'.repeat(32) + 'ontentful-signing-secret-0123456789abcdef'.slice(0, 32),
    // An entry as the Content Management API returns it (contentful.com/developers/docs/references/
    // content-management-api, as republished in prismatic.io/docs/example-payloads/contentful), with a slug
    // field and this site's "post" content type.
    sample: {
      fields: { title: { 'en-US': 'Hello, ISR' }, slug: { 'en-US': 'hello-isr', de: 'hallo-isr' } },
      metadata: { tags: [] },
      sys: {
        id: '5KsDBWseXY6QegucYAoacS',
        type: 'Entry',
        contentType: { sys: { type: 'Link', linkType: 'ContentType', id: 'post' } },
        version: 1,
        space: { sys: { type: 'Link', linkType: 'Space', id: 'yadj1kx9rmg0' } },
        environment: { sys: { type: 'Link', linkType: 'Environment', id: 'master' } },
        createdAt: '2015-05-18T11:29:46.809Z',
        updatedAt: '2015-05-18T11:29:46.809Z',
      },
    },
    tags: [
      'contentful:post',
      'contentful:post:hello-isr',
      'contentful:post:hallo-isr',
      'contentful:5KsDBWseXY6QegucYAoacS',
    ],
    async deliver(payload, now, secret, target) {
      const topic = (payload as { _topic?: string })._topic ?? 'ContentManagement.Entry.publish'
      const body = json(payload)
      const headers = {
        'content-type': 'application/vnd.contentful.management.v1+json',
        'x-contentful-topic': topic,
        'x-contentful-idempotency-key': createHash('sha256').update(randomUUID()).digest('hex'),
      }
      const signed = signRequest(secret, { method: 'POST', path: target, headers, body }, now)
      return { body, headers: { ...headers, ...(signed as Record<string, string>) } }
    },
    ignored: { _topic: 'ContentManagement.Entry.auto_save', sys: { id: 'x', type: 'Entry' } },
    signsBody: true,
    window: 300,
    names: true,
  },
  {
    name: 'storyblok',
    secret: 'storyblok-webhook-secret',
    // storyblok.com/docs/Guides/using-storyblok-webhooks, with the story's full_slug.
    sample: {
      action: 'published',
      text: 'The user test@domain.com published the Story Hello (posts/hello-isr)',
      story_id: 123,
      space_id: 123,
      full_slug: 'posts/hello-isr',
    },
    tags: ['storyblok:story', 'storyblok:story:posts/hello-isr', 'storyblok:123'],
    paths: ['/posts/hello-isr'],
    async deliver(payload, _now, secret) {
      const body = json(payload)
      return { body, headers: { 'webhook-signature': createHmac('sha1', secret).update(body).digest('hex') } }
    },
    ignored: { action: 'release_merged', text: 'A release was merged', space_id: 123 },
    signsBody: true,
    names: false,
  },
  {
    name: 'strapi',
    secret: 'strapi-webhook-token-0123',
    // docs.strapi.io/cms/backend-customization/webhooks ("entry.publish"), with Strapi 5's uid and documentId.
    sample: {
      event: 'entry.publish',
      createdAt: '2026-01-10T08:59:35.796Z',
      model: 'post',
      uid: 'api::post.post',
      entry: {
        id: 1,
        documentId: 'a1b2c3d4e5f6g7h8i9j0klmn',
        title: 'Hello, ISR',
        slug: 'hello-isr',
        createdAt: '2026-01-10T08:47:36.264Z',
        updatedAt: '2026-01-10T08:58:26.210Z',
        publishedAt: '2026-01-10T08:58:26.210Z',
      },
    },
    tags: ['strapi:post', 'strapi:post:hello-isr', 'strapi:a1b2c3d4e5f6g7h8i9j0klmn'],
    async deliver(payload, _now, secret) {
      const body = json(payload)
      const event = (payload as { event?: string }).event ?? ''
      return { body, headers: { authorization: `Bearer ${secret}`, 'x-strapi-event': event } }
    },
    ignored: { event: 'trigger-test', createdAt: '2026-01-10T08:59:35.796Z' },
    signsBody: false,
    names: false,
  },
  {
    name: 'datocms',
    secret: 'datocms-basic-password-0123',
    // datocms.com/docs/content-management-api/resources/webhook-call (request_payload), as a publish of a
    // "post" record with a slug.
    sample: {
      environment: 'main',
      entity_type: 'item',
      event_type: 'publish',
      entity: {
        id: 'Ke9nrZ4iRHWpKbJplG_zdQ',
        type: 'item',
        attributes: { title: 'Hello, ISR', slug: 'hello-isr' },
        relationships: {
          item_type: { data: { id: 'Dq4WEbdjStWIeSeH_lBA-Q', type: 'item_type' } },
          creator: { data: { id: '104280', type: 'account' } },
        },
        meta: { status: 'published', published_at: '2024-04-03T22:47:43.532+01:00' },
      },
      related_entities: [
        { id: 'Dq4WEbdjStWIeSeH_lBA-Q', type: 'item_type', attributes: { name: 'Post', api_key: 'post' } },
      ],
    },
    tags: ['datocms:post', 'datocms:post:hello-isr', 'datocms:Ke9nrZ4iRHWpKbJplG_zdQ'],
    async deliver(payload, _now, secret) {
      const body = json(payload)
      return { body, headers: { authorization: `Basic ${Buffer.from(`isrkit:${secret}`).toString('base64')}` } }
    },
    ignored: { environment: 'main', entity_type: 'upload', event_type: 'create', entity: { id: 'u1' } },
    signsBody: false,
    names: false,
  },
  {
    name: 'hygraph',
    secret: 'rCNwyiloY3oJYYkxgpBXaleIiUv5MYlx',
    // hygraph.com/docs/api-reference/basics/webhooks: `operation` and `data` (`__typename`, `id`, `stage`),
    // with the payload included.
    sample: {
      operation: 'publish',
      data: { __typename: 'Post', id: 'ckx3ob2a0', stage: 'PUBLISHED', slug: 'hello-isr' },
    },
    tags: ['hygraph:Post', 'hygraph:Post:hello-isr', 'hygraph:ckx3ob2a0'],
    // As @hygraph/utils' generateWebhookSignature signs (it stamps the current time; a test needs its own).
    async deliver(payload, now, secret) {
      const body = json(payload)
      const message = JSON.stringify({ Body: body, EnvironmentName: 'master', TimeStamp: now })
      const sign = createHmac('sha256', secret).update(message).digest('base64')
      return { body, headers: { 'gcms-signature': `sign=${sign}, env=master, t=${now}` } }
    },
    ignored: { operation: 'update', data: { __typename: 'Post', id: 'ckx3ob2a0', stage: 'DRAFT' } },
    signsBody: true,
    window: 3600,
    names: false,
  },
  {
    name: 'prismic',
    secret: 'prismic-webhook-secret-0123',
    // prismic.io/docs/webhooks and user-guides.prismic.io/en/articles/790505-webhooks ("api-update").
    sample: {
      type: 'api-update',
      masterRef: 'U_tMgS8AADQA1t37',
      domain: 'lesbonneschoses',
      apiUrl: 'https://lesbonneschoses.prismic.io/api',
      releases: {},
      masks: {},
      tags: {},
      documents: ['YZ1xBhEAACIA7x2N'],
    },
    tags: ['prismic:YZ1xBhEAACIA7x2N'],
    async deliver(payload, _now, secret) {
      return {
        body: JSON.stringify({ ...(payload as object), secret }),
        headers: { 'content-type': 'application/json' },
      }
    },
    ignored: { type: 'test-trigger', domain: 'lesbonneschoses', apiUrl: 'https://lesbonneschoses.prismic.io/api' },
    signsBody: false,
    names: false,
  },
  {
    name: 'standard',
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    // The payload structure the spec suggests (standardwebhooks.com: type, timestamp, data).
    sample: {
      type: 'post.updated',
      timestamp: '2026-01-01T00:00:00Z',
      data: { type: 'post', id: '42', slug: 'hello-isr' },
    },
    tags: ['standard:post', 'standard:post:hello-isr', 'standard:42'],
    async deliver(payload, now, secret) {
      const body = json(payload)
      const id = `msg_${randomUUID()}`
      const signature = new Webhook(secret).sign(id, new Date(now), body)
      return {
        body,
        headers: {
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(now / 1000)),
          'webhook-signature': signature,
        },
      }
    },
    signsBody: true,
    window: 300,
    names: true,
  },
]
