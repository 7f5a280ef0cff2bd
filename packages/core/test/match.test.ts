import { describe, expect, it } from 'vitest'
import { nameMatcher } from '../src/match.ts'

const matches = (patterns: string[], names: string[], caseInsensitive = false) => {
  const match = nameMatcher(patterns, caseInsensitive)
  return names.filter((name) => match(name))
}

describe('nameMatcher', () => {
  it('matches nothing for an empty list', () => {
    expect(matches([], ['', 'a', '*'])).toEqual([])
  })

  it('matches exact names whole', () => {
    expect(matches(['fbclid', 'lang'], ['fbclid', 'lang', 'fbclid2', 'xfbclid', 'Lang', ''])).toEqual([
      'fbclid',
      'lang',
    ])
  })

  it('matches a prefix* glob from the start, the empty rest included', () => {
    expect(matches(['utm_*'], ['utm_', 'utm_source', 'xutm_source', 'utm'])).toEqual(['utm_', 'utm_source'])
  })

  it('matches an inner * across any characters', () => {
    expect(matches(['_ga_*_id', 'a*z'], ['_ga_ABC_id', '_ga__id', '_ga_ABC', 'az', 'abcz', 'abc'])).toEqual([
      '_ga_ABC_id',
      '_ga__id',
      'az',
      'abcz',
    ])
  })

  it('mixes exact names and globs', () => {
    expect(matches(['_gid', '_ga*'], ['_gid', '_ga', '_ga_X', '_gidx'])).toEqual(['_gid', '_ga', '_ga_X'])
  })

  it('treats regex metacharacters in globs as plain characters', () => {
    const names = ['a.b1', 'axb1', 'a+1', 'aa1', '(x)1', 'x1', '$1', '[a]1', 'a1', 'a|b1', 'b1']
    expect(matches(['a.b*', 'a+*', '(x)*', '$*', '[a]*', 'a|b*'], names)).toEqual([
      'a.b1',
      'a+1',
      '(x)1',
      '$1',
      '[a]1',
      'a|b1',
    ])
  })

  it('is case-sensitive unless asked, then for exact names and globs alike', () => {
    expect(matches(['Lang', 'X-*'], ['Lang', 'lang', 'X-A', 'x-a'])).toEqual(['Lang', 'X-A'])
    expect(matches(['Lang', 'X-*'], ['Lang', 'lang', 'LANG', 'X-A', 'x-a'], true)).toEqual([
      'Lang',
      'lang',
      'LANG',
      'X-A',
      'x-a',
    ])
  })
})
