// The CLI's vendor signatures (hooks.ts), held to the vendors' own published answers; test/cli.test.ts holds
// them to what a running site accepts.
import { describe, expect, it } from 'vitest'
import { signDelivery } from '../src/hooks.ts'

const input = { path: '/__isr/hooks/x', type: 'post', slug: 'hello-isr' }

describe('signDelivery', () => {
  it('signs Sanity deliveries as @sanity/webhook does (its own test vector)', () => {
    const { headers } = signDelivery('sanity', {
      ...input,
      secret: 'test',
      payload: '{"_id":"resume"}',
      now: 1633519811129,
    })
    expect(headers['sanity-webhook-signature']).toBe('t=1633519811129,v1=tLa470fx7qkLLEcMOcEUFuBbRSkGujyskxrNXcoh0N0')
  })

  it('signs Hygraph deliveries as @hygraph/utils does', () => {
    const payload = '{"operation":"publish","data":{"__typename":"Post","id":"ckx","stage":"PUBLISHED"}}'
    const { headers } = signDelivery('hygraph', {
      ...input,
      secret: 'rCNwyiloY3oJYYkxgpBXaleIiUv5MYlx',
      payload,
      now: 1631270481036,
    })
    expect(headers['gcms-signature']).toBe(
      'sign=qYDDgv9qe0akVVYuRlFOjiu42p7sUA5khPKQ5n+oQR4=, env=master, t=1631270481036',
    )
  })

  it('signs Standard Webhooks deliveries as the spec’s example', () => {
    const { headers } = signDelivery('standard', {
      ...input,
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      payload: '{"test": 2432232314}',
      now: 1614265330_000,
    })
    expect(headers['webhook-timestamp']).toBe('1614265330')
    expect(headers['webhook-signature']).toMatch(/^v1,/)
  })

  it('signs Storyblok bodies with HMAC-SHA1, and puts Prismic’s secret in the body', () => {
    const payload = '{"action":"published","story_id":123,"space_id":123}'
    expect(signDelivery('storyblok', { ...input, secret: 'hello', payload }).headers['webhook-signature']).toBe(
      'e6643239fb8c6536bd2d0751fb55ae5fd8661051',
    )
    const prismic = signDelivery('prismic', { ...input, secret: 's3cret-value' })
    expect(JSON.parse(prismic.body)).toMatchObject({ type: 'api-update', secret: 's3cret-value' })
  })

  it('signs Contentful requests as @contentful/node-apps-toolkit’s signRequest does, query included', () => {
    const { headers } = signDelivery('contentful', {
      ...input,
      path: '/api/hook?x=1',
      secret: 'a'.repeat(64),
      payload: '{"sys":{"id":"abc"}}',
      now: 1700000000000,
    })
    expect(headers['x-contentful-signed-headers']).toBe(
      'content-type,x-contentful-signed-headers,x-contentful-timestamp,x-contentful-topic',
    )
    // signRequest's answer for this request.
    expect(headers['x-contentful-signature']).toBe('e265808914b8d263bdd2d483c457fd74d73c4203f761ef1d658ccf4649904c2a')
  })
})
