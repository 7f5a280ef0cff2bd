// CMS webhooks (hooks/): one conformance suite run against every vendor — a signed delivery invalidates what
// its document's default tags name; a wrong secret, a changed body, an old timestamp or a second delivery of
// the same id invalidates nothing — then what the receiver does for all of them.
import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import type { ISROptions, WebhookVendor } from '../src/types.ts'
import { harness, html, state } from './support/harness.ts'
import { VENDOR_CASES, type VendorCase } from './support/hook-vendors.ts'

const target = (name: string) => `/__isr/hooks/${name}`

function site(vendor: VendorCase, options: Partial<ISROptions> = {}) {
  const [first] = vendor.tags
  const h = harness(
    { routes: { '/**': { revalidate: 600 } }, webhooks: { [vendor.name]: { secret: vendor.secret } }, ...options },
    {
      '/tagged': (_r, n) => html(`tagged ${n}`, { 'cache-tag': first as string }),
      '*': (r, n) => html(`${new URL(r.url).pathname} ${n}`),
    },
  )
  const send = async (delivery: { body: string; headers: Record<string, string> }) => {
    const response = await h.get(target(vendor.name), {
      method: 'POST',
      headers: delivery.headers,
      body: delivery.body,
    })
    return { status: response.status, json: await response.json() }
  }
  /** The tagged page, stored and fresh. */
  const cached = async () => {
    await (await h.get('/tagged')).text()
    await (await h.get(vendor.paths?.[0] ?? '/other')).text()
    await h.settle()
    h.clock.advance(1)
    expect(state(await h.get('/tagged'))).toBe('HIT')
  }
  return { h, send, cached }
}

describe.each(VENDOR_CASES)('the $name webhook', (vendor) => {
  it('invalidates the default tags of a signed delivery’s document', async () => {
    const { h, send, cached } = site(vendor)
    await cached()
    const answer = await send(await vendor.deliver(vendor.sample, h.clock.now, vendor.secret, target(vendor.name)))
    expect(answer.status, JSON.stringify(answer.json)).toBe(200)
    expect(answer.json).toMatchObject({ ok: true, vendor: vendor.name, mode: 'stale' })
    expect([...answer.json.tags].sort()).toEqual([...vendor.tags].sort())
    expect(answer.json.paths).toEqual(vendor.paths ?? [])
    expect(state(await h.get('/tagged'))).toBe('STALE')
    if (vendor.paths) expect(state(await h.get(vendor.paths[0] as string))).toBe('STALE')
    await h.isr.close()
  })

  it('refuses a delivery signed with another secret, and invalidates nothing', async () => {
    const { h, send, cached } = site(vendor)
    await cached()
    const others: Partial<Record<WebhookVendor, string>> = {
      standard: 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD',
      contentful: `${vendor.secret.slice(0, -5)}other`,
    }
    const other = others[vendor.name] ?? `${vendor.secret}-other`
    const answer = await send(await vendor.deliver(vendor.sample, h.clock.now, other, target(vendor.name)))
    expect(answer.status).toBe(401)
    expect(answer.json.error).toMatch(new RegExp(`^${vendor.name}: (wrong|missing)`))
    expect(JSON.stringify(answer.json)).not.toContain(vendor.secret)
    expect(state(await h.get('/tagged'))).toBe('HIT')
    await h.isr.close()
  })

  it.runIf(vendor.signsBody)('refuses a delivery whose body was changed after signing', async () => {
    const { h, send, cached } = site(vendor)
    await cached()
    const delivery = await vendor.deliver(vendor.sample, h.clock.now, vendor.secret, target(vendor.name))
    const answer = await send({ ...delivery, body: delivery.body.replace('hello-isr', 'hello-isr-x') })
    expect(answer.status).toBe(401)
    expect(state(await h.get('/tagged'))).toBe('HIT')
    await h.isr.close()
  })

  it.runIf(vendor.window !== undefined)('refuses a delivery signed outside the vendor’s window', async () => {
    const { h, send, cached } = site(vendor)
    await cached()
    const old = h.clock.now - ((vendor.window as number) + 60) * 1000
    const answer = await send(await vendor.deliver(vendor.sample, old, vendor.secret, target(vendor.name)))
    expect(answer.status).toBe(401)
    expect(answer.json.error).toContain('s in the past')
    expect(state(await h.get('/tagged'))).toBe('HIT')
    await h.isr.close()
  })

  it.runIf(vendor.names)('refuses the same delivery a second time', async () => {
    const { h, send } = site(vendor)
    const delivery = await vendor.deliver(vendor.sample, h.clock.now, vendor.secret, target(vendor.name))
    expect((await send(delivery)).status).toBe(200)
    const again = await send(delivery)
    expect(again.status).toBe(401)
    expect(again.json.error).toContain('replayed')
    await h.isr.close()
  })

  it.runIf(vendor.ignored !== undefined)(
    'answers a delivery that changes nothing published, invalidating nothing',
    async () => {
      const { h, send, cached } = site(vendor)
      await cached()
      const answer = await send(await vendor.deliver(vendor.ignored, h.clock.now, vendor.secret, target(vendor.name)))
      expect(answer.status).toBe(200)
      expect(answer.json).toMatchObject({ ok: true, ignored: expect.any(String) })
      expect(state(await h.get('/tagged'))).toBe('HIT')
      await h.isr.close()
    },
  )

  it('maps with the app’s `map` instead, and applies the vendor’s settle window', async () => {
    const seen: unknown[] = []
    const webhooks = {
      [vendor.name]: {
        secret: vendor.secret,
        settle: 30,
        map: (payload: unknown) => {
          seen.push(payload)
          return { paths: ['/tagged'] }
        },
      },
    }
    const { h, send, cached } = site(vendor, { webhooks })
    await cached()
    const answer = await send(await vendor.deliver(vendor.sample, h.clock.now, vendor.secret, target(vendor.name)))
    expect(answer.json).toMatchObject({ ok: true, paths: ['/tagged'], tags: [] })
    expect(seen).toHaveLength(1)
    expect(state(await h.get('/tagged'))).toBe('STALE')
    await h.settle()
    h.clock.advance(10)
    expect(state(await h.get('/tagged'))).toBe('HIT')
    h.clock.advance(21)
    expect(state(await h.get('/tagged'))).toBe('STALE')
    await h.isr.close()
  })
})

describe('the webhook receiver', () => {
  const [sanity] = VENDOR_CASES as [VendorCase]

  it('answers 404 for a vendor that is not configured, and leaves other endpoint paths to the app without a secret', async () => {
    const { h } = site(sanity)
    const answer = await h.get(target('contentful'), { method: 'POST', body: '{}' })
    expect(answer.status).toBe(404)
    expect((await answer.json()).error).toContain('configured: /__isr/hooks/sanity')
    expect(await (await h.get('/__isr/status')).text()).toBe('/__isr/status 1')
    await h.isr.close()
  })

  it('answers 405 to other methods, 413 over 1 MiB, 400 naming a payload it cannot read', async () => {
    const { h, send } = site(sanity)
    const get = await h.get(target('sanity'))
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST'])
    const big = await h.get(target('sanity'), { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) })
    expect(big.status).toBe(413)
    const unreadable = await send(await sanity.deliver({ title: 'no id or type' }, h.clock.now, sanity.secret, ''))
    expect(unreadable.status).toBe(400)
    expect(unreadable.json.error).toContain('sanity: "_id" and "_type" are missing')
    const notJson = await send(await sanity.deliver('not json', h.clock.now, sanity.secret, ''))
    expect(notJson.status).toBe(400)
    expect(notJson.json.error).toContain('sanity: the body is not JSON')
    await h.isr.close()
  })

  it('answers 500 when `map` throws or returns what cannot be invalidated, reporting it to the server', async () => {
    for (const map of [
      () => {
        throw new Error('lookup failed')
      },
      () => ({ tags: ['a,b'] }),
    ]) {
      const { h, send } = site(sanity, { webhooks: { sanity: { secret: sanity.secret, map } } })
      const answer = await send(await sanity.deliver(sanity.sample, h.clock.now, sanity.secret, ''))
      expect(answer.status).toBe(500)
      expect(h.events.some((e) => e.type === 'error' && e.error.name === 'ISRWebhookMapError')).toBe(true)
      await h.isr.close()
    }
  })

  it('verifies a Contentful delivery to a URL with a query string as Contentful signs it', async () => {
    const contentful = VENDOR_CASES.find((c) => c.name === 'contentful') as VendorCase
    const { h } = site(contentful)
    const url = '/__isr/hooks/contentful?from=space%20one&x=1'
    const delivery = await contentful.deliver(contentful.sample, h.clock.now, contentful.secret, url)
    const answer = await h.get(url, { method: 'POST', headers: delivery.headers, body: delivery.body })
    expect(answer.status).toBe(200)
    await h.isr.close()
  })

  it('takes a Standard Webhooks delivery that names its tags and paths in isrkit’s own shape', async () => {
    const standard = VENDOR_CASES.find((c) => c.name === 'standard') as VendorCase
    const { h, send } = site(standard)
    const answer = await send(
      await standard.deliver({ tags: ['posts'], paths: ['/'] }, h.clock.now, standard.secret, ''),
    )
    expect(answer.json).toMatchObject({ ok: true, tags: ['posts'], paths: ['/'] })
    const bad = await send(await standard.deliver({ tags: ['a,b'] }, h.clock.now, standard.secret, ''))
    expect(bad.status).toBe(400)
    await h.isr.close()
  })

  it('refuses options it cannot use, naming them, never printing a secret', () => {
    const attempt = (webhooks: unknown) => () => harness({ webhooks } as ISROptions, {})
    expect(attempt({ wordpress: { secret: 'x'.repeat(20) } })).toThrow('`webhooks.wordpress`')
    expect(attempt({ sanity: { secret: 'short' } })).toThrow(
      '`webhooks.sanity.secret`: expected a string of at least 16',
    )
    expect(attempt({ sanity: { secret: 'x'.repeat(20), settle: 9999 } })).toThrow('`webhooks.sanity.settle`')
    expect(attempt({ sanity: { secret: 'x'.repeat(20), mode: 'now' } })).toThrow('`webhooks.sanity.mode`')
    expect(attempt({ standard: { secret: 'whsec_!!notbase64!!' } })).toThrow('whsec_')
    try {
      attempt({ sanity: { secret: 'TopSecretValue' } })()
    } catch (error) {
      expect((error as Error).message).not.toContain('TopSecretValue')
    }
  })

  it('signs as the vendors’ own libraries verify (the algorithms this suite uses where the vendor has a signer only)', async () => {
    const { verifyWebhookSignature } = await import('@hygraph/utils')
    const hygraph = VENDOR_CASES.find((c) => c.name === 'hygraph') as VendorCase
    const delivery = await hygraph.deliver(hygraph.sample, Date.now(), hygraph.secret, '')
    const signature = delivery.headers['gcms-signature'] as string
    expect(verifyWebhookSignature({ rawPayload: delivery.body, signature, secret: hygraph.secret })).toBe(true)
    const standard = VENDOR_CASES.find((c) => c.name === 'standard') as VendorCase
    const signed = await standard.deliver(standard.sample, Date.now(), standard.secret, '')
    expect(new Webhook(standard.secret).verify(signed.body, signed.headers)).toEqual(standard.sample)
  })
})
