// The token of an eager regeneration request (token.ts): valid for one URL, for seconds, on every instance
// with the same secret.
import { describe, expect, it } from 'vitest'
import { RegenerateTokens, TOKEN_LIFETIME_MS } from '../src/token.ts'

const SECRET = 'a-long-enough-secret'
const URL_A = 'http://site.test/a'
const NOW = Date.UTC(2026, 0, 1)

describe('RegenerateTokens', () => {
  it('is accepted by every instance with the same secret, and by no other', async () => {
    const token = await new RegenerateTokens(SECRET).issue(URL_A, NOW)
    expect(token).toMatch(/^\d+\.[0-9a-f]{64}$/)
    expect(await new RegenerateTokens(SECRET).verify(token, URL_A, NOW)).toBe(true)
    expect(await new RegenerateTokens('another-secret-value').verify(token, URL_A, NOW)).toBe(false)
  })

  it('renders only the URL it was issued for', async () => {
    const tokens = new RegenerateTokens(SECRET)
    const token = await tokens.issue(URL_A, NOW)
    for (const other of ['http://site.test/b', 'http://evil.test/a', 'https://site.test/a', `${URL_A}?x=1`]) {
      expect(await tokens.verify(token, other, NOW), other).toBe(false)
    }
  })

  it('expires within seconds, and a far-future expiry is refused too', async () => {
    const tokens = new RegenerateTokens(SECRET)
    const token = await tokens.issue(URL_A, NOW)
    expect(await tokens.verify(token, URL_A, NOW + TOKEN_LIFETIME_MS)).toBe(true)
    expect(await tokens.verify(token, URL_A, NOW + TOKEN_LIFETIME_MS + 1)).toBe(false)
    const future = await tokens.issue(URL_A, NOW + 10 * TOKEN_LIFETIME_MS)
    expect(await tokens.verify(future, URL_A, NOW)).toBe(false)
  })

  it('refuses what is not a token, or a token whose expiry was changed', async () => {
    const tokens = new RegenerateTokens(SECRET)
    const token = await tokens.issue(URL_A, NOW)
    const [, mac] = token.split('.')
    for (const bad of [null, '', 'guess', `${NOW + 1000}.${mac}`, `${token}0`, token.toUpperCase()]) {
      expect(await tokens.verify(bad, URL_A, NOW), String(bad)).toBe(false)
    }
  })

  it('is random per instance without a secret, so only that instance accepts it', async () => {
    const a = new RegenerateTokens(undefined)
    const token = await a.issue(URL_A, NOW)
    expect(await a.verify(token, URL_A, NOW)).toBe(true)
    expect(await new RegenerateTokens(undefined).verify(token, URL_A, NOW)).toBe(false)
  })
})
