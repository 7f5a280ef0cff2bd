import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { Credentials, parseTimestamp, signControlRequest } from '../src/auth.ts'

const SECRET = 'correct-horse-battery-staple'
const body = new TextEncoder().encode('{"tags":["post:42"]}')
const hmac = (secret: string, data: Uint8Array) => createHmac('sha256', secret).update(data).digest('hex')

describe('Credentials.verifyBearer', () => {
  const credentials = new Credentials(SECRET)

  it('accepts the secret, whatever the case of the scheme', async () => {
    for (const header of [`Bearer ${SECRET}`, `bearer ${SECRET}`, `BEARER\t${SECRET} `]) {
      expect(await credentials.verifyBearer(header, SECRET)).toBe(true)
    }
  })

  it.each([
    ['a wrong secret', 'Bearer wrong-secret-of-some-length'],
    ['a prefix of the secret', `Bearer ${SECRET.slice(0, -1)}`],
    ['the secret and more', `Bearer ${SECRET}x`],
    ['no header', null],
    ['an empty header', ''],
    ['another scheme', `Basic ${SECRET}`],
    ['no token', 'Bearer '],
    ['no space after the scheme', `Bearer${SECRET}`],
    ['two tokens', `Bearer ${SECRET} ${SECRET}`],
  ])('rejects %s', async (_, header) => {
    expect(await credentials.verifyBearer(header, SECRET)).toBe(false)
  })
})

// The example of the Standard Webhooks reference library (libraries/javascript/src/webhook.test.ts, "sign
// function works"): what any sender following the spec computes.
const SPEC = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  payload: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
}
const encode = (text: string) => new TextEncoder().encode(text)
/** The signature computed independently, with node:crypto. */
const webhookHmac = (key: string | Buffer, id: string, timestamp: number, payload: string) =>
  `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${payload}`).digest('base64')}`

describe('Credentials.verifyWebhook (Standard Webhooks)', () => {
  const credentials = new Credentials(SECRET)
  const id = 'msg_1'
  const at = 1_767_225_600
  const valid = webhookHmac(SECRET, id, at, '{"tags":["post:42"]}')

  it('signs and verifies the example of the specification', async () => {
    const spec = new Credentials(SPEC.secret)
    expect(await spec.signWebhook(SPEC.id, SPEC.timestamp, encode(SPEC.payload))).toBe(SPEC.signature)
    expect(await spec.verifyWebhook(SPEC.id, SPEC.timestamp, SPEC.signature, encode(SPEC.payload))).toBe(true)
  })

  it('keys a plain secret by its UTF-8 bytes, a whsec_ secret by the bytes its base64 encodes', async () => {
    expect(await credentials.verifyWebhook(id, at, valid, body)).toBe(true)
    const raw = Buffer.from(SPEC.secret.slice('whsec_'.length), 'base64')
    const decoded = webhookHmac(raw, SPEC.id, SPEC.timestamp, SPEC.payload)
    const utf8 = webhookHmac(SPEC.secret, SPEC.id, SPEC.timestamp, SPEC.payload)
    const spec = new Credentials(SPEC.secret)
    expect(await spec.verifyWebhook(SPEC.id, SPEC.timestamp, decoded, encode(SPEC.payload))).toBe(true)
    expect(await spec.verifyWebhook(SPEC.id, SPEC.timestamp, utf8, encode(SPEC.payload))).toBe(false)
  })

  it('accepts a header of several signatures when one of them is valid', async () => {
    const other = webhookHmac('another-secret-value', id, at, '{"tags":["post:42"]}')
    const header = `${other} v1a,${'A'.repeat(86)}== v2,${valid.slice(3)} ${valid}`
    expect(await credentials.verifyWebhook(id, at, header, body)).toBe(true)
    expect(await credentials.verifyWebhook(id, at, `${other} v1a,${valid.slice(3)}`, body)).toBe(false)
  })

  it('rejects the signature of another id, timestamp, body or secret', async () => {
    expect(await credentials.verifyWebhook('msg_2', at, valid, body)).toBe(false)
    expect(await credentials.verifyWebhook(id, at + 1, valid, body)).toBe(false)
    expect(await credentials.verifyWebhook(id, at, valid, encode('{"tags":["post:43"]}'))).toBe(false)
    expect(await new Credentials('another-secret-value').verifyWebhook(id, at, valid, body)).toBe(false)
  })

  it.each([
    ['an empty header', ''],
    ['the bare base64', valid.slice(3)],
    ['the legacy hex form', `sha256=${hmac(SECRET, body)}`],
    ['a truncated signature', valid.slice(0, -4)],
    ['not base64', `v1,${'*'.repeat(44)}`],
    ['v1, and nothing', 'v1,'],
  ])('rejects %s', async (_, header) => {
    expect(await credentials.verifyWebhook(id, at, header, body)).toBe(false)
  })

  it('tries at most 8 signatures, so a header of many costs an unsigned sender little', async () => {
    const junk = Array.from({ length: 8 }, () => webhookHmac('another-secret-value', id, at, 'x')).join(' ')
    expect(await credentials.verifyWebhook(id, at, `${junk} ${valid}`, body)).toBe(false)
    expect(await credentials.verifyWebhook(id, at, `${junk.slice(junk.indexOf(' ') + 1)} ${valid}`, body)).toBe(true)
  })
})

describe('a whsec_ secret', () => {
  it.each([
    ['not base64', 'whsec_not*base64*at*all*here'],
    ['a key under 16 bytes', `whsec_${Buffer.alloc(15).toString('base64')}`],
  ])('whose rest is %s is refused without being shown', (_, secret) => {
    const error = (() => {
      try {
        new Credentials(secret)
      } catch (e) {
        return e as Error
      }
    })()
    expect(error?.name).toBe('ISROptionError')
    expect(error?.message).toContain("starts with 'whsec_'")
    expect(error?.message).not.toContain(secret.slice('whsec_'.length))
  })
})

describe('signControlRequest', () => {
  const now = Date.UTC(2026, 0, 1, 12)

  it('gives the three headers of the specification for a POST, signing its body', async () => {
    const headers = await signControlRequest({
      secret: SPEC.secret,
      method: 'POST',
      path: '/__isr/revalidate',
      body: SPEC.payload,
      now: SPEC.timestamp * 1000 + 999,
      id: SPEC.id,
    })
    expect(headers).toEqual({
      'webhook-id': SPEC.id,
      'webhook-timestamp': String(SPEC.timestamp),
      'webhook-signature': SPEC.signature,
    })
  })

  it("signs a read's method and path (with its query), not an empty body", async () => {
    const headers = await signControlRequest({ secret: SECRET, method: 'GET', path: '/__isr/status?x=1', now, id: 'r' })
    const at = Math.floor(now / 1000)
    expect(headers['webhook-signature']).toBe(webhookHmac(SECRET, 'r', at, 'GET /__isr/status?x=1'))
    expect(await new Credentials(SECRET).verifyWebhook('r', at, headers['webhook-signature'], new Uint8Array())).toBe(
      false,
    )
    const full = await signControlRequest({
      secret: SECRET,
      method: 'GET',
      path: 'https://example.com/__isr/status?x=1',
      now,
      id: 'r',
    })
    expect(full).toEqual(headers)
  })

  it('gives every request a new id', async () => {
    const sign = () => signControlRequest({ secret: SECRET, method: 'GET', path: '/__isr/status' })
    const [a, b] = await Promise.all([sign(), sign()])
    expect(a['webhook-id']).toMatch(/^msg_[0-9a-f-]{36}$/)
    expect(a['webhook-id']).not.toBe(b?.['webhook-id'])
  })

  it.each([
    ['a short secret', { secret: 'short-secret' }, '`secret` must be', 'a string of 12 characters'],
    ['another method', { method: 'PUT' }, '`method` must be', "'PUT'"],
    ['a relative path', { path: '__isr/status' }, '`path` must be', "'__isr/status'"],
    ['an id with a dot', { id: 'a.b' }, '`id` must be', "'a.b'"],
  ])('refuses %s, naming it', async (_, change, message, received) => {
    const input = { secret: SECRET, method: 'GET', path: '/__isr/status', ...change } as never
    const error = await signControlRequest(input).then(
      () => undefined,
      (e: Error) => e,
    )
    expect(error?.name).toBe('ISRSigningError')
    expect(error?.message).toMatch(/^\[isrkit\] Cannot sign the control request: /)
    expect(error?.message).toContain(message)
    expect(error?.message).toContain(received)
    expect(error?.message).not.toContain('short-secret')
  })
})

describe('parseTimestamp', () => {
  it('reads integer unix seconds only', () => {
    expect(parseTimestamp('1614265330')).toBe(1614265330)
    expect(parseTimestamp(' 1614265330 ')).toBe(1614265330)
    for (const bad of ['', '1614265330.5', '-1', '1e9', 'now', '0x10', '1'.repeat(13)]) {
      expect(parseTimestamp(bad), bad).toBeUndefined()
    }
  })
})
