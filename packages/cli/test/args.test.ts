import { describe, expect, it } from 'vitest'
import * as check from '../src/args.ts'
import { EXIT_USAGE, type IsrkitError } from '../src/errors.ts'

function usage(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    expect((error as IsrkitError).exitCode).toBe(EXIT_USAGE)
    return (error as Error).message
  }
  throw new Error('expected a usage error')
}

describe('siteOrigin', () => {
  it('takes an http(s) origin, with or without a trailing slash', () => {
    expect(check.siteOrigin('http://127.0.0.1:3000').href).toBe('http://127.0.0.1:3000/')
    expect(check.siteOrigin('https://example.com/').href).toBe('https://example.com/')
  })
  it('refuses a missing, malformed, non-http or path-carrying --url', () => {
    expect(usage(() => check.siteOrigin(undefined))).toContain('missing --url')
    expect(usage(() => check.siteOrigin('127.0.0.1:3000'))).toContain('--url must be an')
    expect(usage(() => check.siteOrigin('localhost'))).toContain('absolute http(s) URL')
    expect(usage(() => check.siteOrigin('ftp://example.com'))).toContain('http(s)')
    expect(usage(() => check.siteOrigin('http://example.com/blog'))).toContain(
      'without a path, e.g. http://example.com',
    )
  })
})

describe('repeated', () => {
  it('collects every value of a repeated option, in both spellings, up to --', () => {
    const raw = ['--path', '/a', '--tag', 't', '--path=/b', '--', '--path', '/c']
    expect(check.repeated(raw, 'path')).toEqual(['/a', '/b'])
    expect(check.repeated(raw, 'tag')).toEqual(['t'])
    expect(check.repeated(['--paths', 'x'], 'path')).toEqual([])
  })
  it('refuses an option without its value', () => {
    expect(usage(() => check.repeated(['--path'], 'path'))).toContain('--path needs a value')
    expect(usage(() => check.repeated(['--path', '--tag', 't'], 'path'))).toContain('--path needs a value')
  })
})

describe('values', () => {
  it('checks paths, tags, mode and endpoint as the site would', () => {
    expect(check.revalidatePaths(['/a'])).toEqual(['/a'])
    expect(usage(() => check.revalidatePaths(['a']))).toContain("--path must start with '/'")
    expect(usage(() => check.revalidateTags(['a,b']))).toContain('without commas')
    expect(check.mode(undefined)).toBe('stale')
    expect(check.mode('purge')).toBe('purge')
    expect(usage(() => check.mode('soon'))).toContain('--mode must be one of stale, eager, purge')
    expect(check.settle(undefined)).toBe(0)
    expect(check.settle('30')).toBe(30)
    for (const bad of ['', 'soon', '-1', '7200']) {
      expect(usage(() => check.settle(bad))).toContain('--settle must be a number of seconds from 0 to 3600')
    }
    expect(check.endpoint(undefined)).toBe('/__isr')
    expect(usage(() => check.endpoint('/__isr/'))).toContain('--endpoint')
  })

  it('takes the secret from --secret, else ISR_SECRET', () => {
    expect(check.secret('given', { ISR_SECRET: 'env' })).toBe('given')
    expect(check.secret(undefined, { ISR_SECRET: 'env' })).toBe('env')
    expect(usage(() => check.secret(undefined, {}))).toContain('--secret')
  })

  it('checks numbers', () => {
    expect(check.positiveInteger('concurrency', undefined, 8)).toBe(8)
    expect(check.positiveInteger('concurrency', '3', 8)).toBe(3)
    expect(usage(() => check.positiveInteger('concurrency', '0', 8))).toContain('--concurrency')
    expect(usage(() => check.positiveInteger('concurrency', '1.5', 8))).toContain('whole number')
    expect(check.positiveNumber('rate', '0.5')).toBe(0.5)
    expect(usage(() => check.positiveNumber('rate', 'fast'))).toContain('--rate must be a number above 0')
  })
})
