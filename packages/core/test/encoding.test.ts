// Content negotiation and per-representation validators (encoding.ts).
import { describe, expect, it } from 'vitest'
import { etagOf, negotiate, withVaryAcceptEncoding } from '../src/encoding.ts'

const STORED = ['br', 'gzip', 'identity']

describe('negotiate', () => {
  it.each<[string | null, string]>([
    ['gzip, deflate, br, zstd', 'br'],
    ['br', 'br'],
    ['gzip', 'gzip'],
    ['deflate', 'identity'],
    ['gzip;q=1.0, br;q=0.8', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['*', 'br'],
    ['*;q=0.5, br;q=0', 'gzip'],
    ['identity', 'identity'],
    [null, 'identity'],
    ['', 'identity'],
  ])('%j → %s', (accept, coding) => {
    expect(negotiate(accept, STORED)).toBe(coding)
  })

  it('respects identity;q=0 whenever a stored coding is acceptable, and answers identity when nothing is', () => {
    expect(negotiate('identity;q=0, gzip;q=0.1', STORED)).toBe('gzip')
    expect(negotiate('identity;q=0, deflate', STORED)).toBe('identity')
    expect(negotiate('identity;q=0', ['gzip'])).toBe('gzip')
  })

  it('answers from what is there: zstd when stored and preferred, the stored one when identity cannot be made', () => {
    expect(negotiate('zstd, gzip', ['zstd', 'gzip', 'identity'])).toBe('zstd')
    expect(negotiate('gzip, br', ['br', 'zstd', 'gzip'])).toBe('br')
    expect(negotiate(null, ['x-custom'])).toBe('x-custom')
  })
})

describe('etagOf', () => {
  it('marks each representation in its validator, keeping weakness', () => {
    expect(etagOf('"abc"', 'br')).toBe('"abc-br"')
    expect(etagOf('W/"abc"', 'gzip')).toBe('W/"abc-gzip"')
    expect(etagOf('unquoted', 'br')).toBe('"unquoted-br"')
  })
})

describe('withVaryAcceptEncoding', () => {
  it('adds Accept-Encoding to the page’s Vary once', () => {
    expect(withVaryAcceptEncoding(undefined)).toBe('Accept-Encoding')
    expect(withVaryAcceptEncoding('Accept-Language')).toBe('Accept-Language, Accept-Encoding')
    expect(withVaryAcceptEncoding('accept-encoding')).toBe('accept-encoding')
    expect(withVaryAcceptEncoding('*')).toBe('*')
  })
})
