// The CLI signs as the site verifies. It does not depend on @isrkit/core (importing core's sources here would
// pull them into the CLI's build), so it is held to fixed answers: the example of the Standard Webhooks
// specification, and signatures made by core's `signControlRequest` (checked with openssl) for the payload
// rules. test/cli.test.ts runs the built CLI against a real site.
import { describe, expect, it } from 'vitest'
import { signRequest } from '../src/sign.ts'

const SECRET = 'a-secret-of-sixteen-chars'
const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0, 500)

describe('signRequest', () => {
  it("gives the specification's signature for its example", () => {
    // libraries/javascript/src/webhook.test.ts of standard-webhooks/standard-webhooks, "sign function works".
    const now = 1614265330 * 1000 + 999
    const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek'
    const headers = signRequest({ secret: WHSEC, method: 'POST', path: '/x', body: '{"test": 2432232314}', now, id })
    expect(headers).toEqual({
      'webhook-id': id,
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    })
  })

  it.each([
    [
      'the body of a POST',
      SECRET,
      'POST',
      '/__isr/revalidate',
      '{"paths":["/é"],"tags":[],"mode":"stale"}',
      'oWiNdunPSh5ppA2p617M0fggfeVshluwSDgrHwgotZM=',
    ],
    [
      '"GET <path>" of a read',
      SECRET,
      'GET',
      '/__isr/status',
      undefined,
      'ZM5b8ivG/foRrTf3Y18GfTBxynjImoZdmlUtHYzRodM=',
    ],
    ['its query too', SECRET, 'GET', '/_cache/status?x=1', undefined, 'nhT35uGcaa3Usu1XOK7FEAikAm8gVmJWpyhSMYxiens='],
    [
      'with the key a whsec_ secret encodes',
      WHSEC,
      'GET',
      '/__isr/status',
      undefined,
      'UJpAVlofpgB2wmmAxAkg1xVj0PMsxzYxM9gW0OKuikQ=',
    ],
  ] as const)('signs %s as @isrkit/core does', (_, secret, method, path, body, expected) => {
    expect(signRequest({ secret, method, path, body, now: NOW, id: 'msg_cli' })).toEqual({
      'webhook-id': 'msg_cli',
      'webhook-timestamp': '1767268800',
      'webhook-signature': `v1,${expected}`,
    })
  })

  it('gives every request its own id and the current time', () => {
    const before = Math.floor(Date.now() / 1000)
    const a = signRequest({ secret: SECRET, method: 'GET', path: '/__isr/status' })
    const b = signRequest({ secret: SECRET, method: 'GET', path: '/__isr/status' })
    expect(a['webhook-id']).toMatch(/^msg_[0-9a-f-]{36}$/)
    expect(a['webhook-id']).not.toBe(b['webhook-id'])
    expect(Number(a['webhook-timestamp'])).toBeGreaterThanOrEqual(before)
    expect(Number(a['webhook-timestamp'])).toBeLessThanOrEqual(Math.floor(Date.now() / 1000))
  })
})
