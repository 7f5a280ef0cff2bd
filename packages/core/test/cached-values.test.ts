// What a cached call is keyed by and what it stores (cached-values.ts).
import { describe, expect, it } from 'vitest'
import { argumentsKey, decodeValue, encodeValue } from '../src/cached-values.ts'

describe('argumentsKey', () => {
  it('is one key for equal arguments in any order of keys or Set members', () => {
    const a = argumentsKey('f', [{ b: 1, a: { d: [1, 2], c: new Set(['y', 'x']) } }, 'z'])
    const b = argumentsKey('f', [{ a: { c: new Set(['x', 'y']), d: [1, 2] }, b: 1 }, 'z'])
    expect(a).toBe(b)
    expect(
      argumentsKey('f', [
        new Map([
          ['k2', 2],
          ['k1', 1],
        ]),
      ]),
    ).toBe(
      argumentsKey('f', [
        new Map([
          ['k1', 1],
          ['k2', 2],
        ]),
      ]),
    )
  })

  it('tells apart what JSON would merge: 1 and "1", undefined and null, a Date and its string, array order', () => {
    const keys = [
      [1],
      ['1'],
      [undefined],
      [null],
      [new Date(0)],
      [new Date(0).toISOString()],
      [[1, 2]],
      [[2, 1]],
      [1n],
      [],
    ].map((args) => argumentsKey('f', args))
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('names the function, the argument and the place of what cannot be keyed', () => {
    expect(() => argumentsKey('getPost', ['a', { nested: { fn: () => 1 } }])).toThrow(
      "Cached function 'getPost': argument 1 cannot be part of its cache key (arguments[1].nested.fn is a function)",
    )
    expect(() => argumentsKey('getPost', [Symbol('s')])).toThrow('argument 0')
    const cycle: Record<string, unknown> = {}
    cycle.self = cycle
    expect(() => argumentsKey('getPost', [cycle])).toThrow('refers back to itself')
    class Thing {}
    expect(() => argumentsKey('getPost', [new Thing()])).toThrow(/argument 0 .*non-POJO/)
  })
})

describe('encodeValue / decodeValue', () => {
  it('round-trips JSON and Date, Map, Set, BigInt, undefined, bytes and repeated references', () => {
    const shared = { id: 1 }
    const value = {
      d: new Date(5),
      m: new Map([[1, 'a']]),
      s: new Set([1]),
      b: 2n,
      u: undefined,
      bytes: new Uint8Array([9]),
      x: [shared, shared],
    }
    const decoded = decodeValue(encodeValue('f', value))
    expect(decoded).toEqual({ value })
    const back = (decoded as { value: typeof value }).value
    expect(back.x[0]).toBe(back.x[1])
    expect(back).not.toBe(value)
  })

  it('names the function and the place of a value it cannot store', () => {
    expect(() => encodeValue('listPosts', { posts: [{ render: () => '' }] })).toThrow(
      /Cached function 'listPosts' returned a value that cannot be stored \(.*posts\[0\]\.render/,
    )
  })

  it('reads bytes that are not a stored value as corrupt, never throws', () => {
    expect(decodeValue(new TextEncoder().encode('{not devalue'))).toMatchObject({ corrupt: expect.any(String) })
    expect(decodeValue(new Uint8Array([0xff, 0xfe]))).toMatchObject({ corrupt: expect.any(String) })
  })
})
