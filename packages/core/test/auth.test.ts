import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { Credentials } from '../src/auth.ts'

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

describe('Credentials.verifySignature', () => {
  const credentials = new Credentials(SECRET)

  it('accepts sha256=<hex HMAC of the raw body>, in either hex case', async () => {
    const hex = hmac(SECRET, body)
    expect(await credentials.verifySignature(`sha256=${hex}`, body)).toBe(true)
    expect(await credentials.verifySignature(` sha256=${hex.toUpperCase()} `, body)).toBe(true)
  })

  it('rejects the signature of another body or of another secret', async () => {
    const other = new TextEncoder().encode('{"tags":["post:43"]}')
    expect(await credentials.verifySignature(`sha256=${hmac(SECRET, other)}`, body)).toBe(false)
    expect(await credentials.verifySignature(`sha256=${hmac('another-secret-value', body)}`, body)).toBe(false)
  })

  it.each([
    ['no header', null],
    ['a bare hex digest', hmac(SECRET, body)],
    ['another algorithm', `sha1=${hmac(SECRET, body).slice(0, 40)}`],
    ['a short digest', `sha256=${hmac(SECRET, body).slice(0, 62)}`],
    ['a non-hex digest', `sha256=${'zz'.repeat(32)}`],
  ])('rejects %s', async (_, header) => {
    expect(await credentials.verifySignature(header, body)).toBe(false)
  })

  it('signs what it and every instance with the secret verify', async () => {
    const signature = await credentials.sign(body)
    expect(signature).toBe(`sha256=${hmac(SECRET, body)}`)
    expect(await new Credentials(SECRET).verifySignature(signature, body)).toBe(true)
  })
})

describe('Credentials.regenerateToken', () => {
  it('is the same on every instance with the same secret, and verified by them only', async () => {
    const a = new Credentials(SECRET)
    const b = new Credentials(SECRET)
    const other = new Credentials('another-secret-value')
    const token = await a.regenerateToken()
    expect(token).toMatch(/^[0-9a-f]{64}$/)
    expect(await b.regenerateToken()).toBe(token)
    expect(await b.verifyRegenerateToken(token)).toBe(true)
    expect(await other.verifyRegenerateToken(token)).toBe(false)
    expect(await a.verifyRegenerateToken(await other.regenerateToken())).toBe(false)
    expect(await a.verifyRegenerateToken(null)).toBe(false)
    expect(await a.verifyRegenerateToken('')).toBe(false)
  })

  it('is random per instance without a secret, so only that instance accepts it', async () => {
    const a = new Credentials(undefined)
    const b = new Credentials(undefined)
    const token = await a.regenerateToken()
    expect(await b.regenerateToken()).not.toBe(token)
    expect(await a.verifyRegenerateToken(token)).toBe(true)
    expect(await b.verifyRegenerateToken(token)).toBe(false)
  })
})
