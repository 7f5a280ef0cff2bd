// Option checks shared by every option (validate.ts).
import { describe, expect, it } from 'vitest'
import { alternatives, oneOf } from '../src/validate.ts'

describe('alternatives', () => {
  it("lists the values an option takes, as an error says them: 'a', 'b' or 'c'", () => {
    expect(alternatives(['stale', 'eager', 'purge'])).toBe("'stale', 'eager' or 'purge'")
    expect(alternatives(['on', 'off'])).toBe("'on' or 'off'")
    expect(alternatives(['only'])).toBe("'only'")
  })
})

describe('oneOf', () => {
  it('returns an allowed value and refuses any other, naming the option', () => {
    expect(oneOf('cdn', 'vercel', ['vercel', 'netlify'])).toBe('vercel')
    expect(() => oneOf('cdn', 'akamai', ['vercel', 'netlify'])).toThrow(/`cdn`.*'vercel', 'netlify'/)
  })
})
