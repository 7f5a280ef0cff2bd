import { describe, expect, it } from 'vitest'
import type { EntryMeta } from '../src/entry.ts'
import type { CacheKey } from '../src/key.ts'
import { Variants } from '../src/variants.ts'

const meta = (path: string, id: string, replay: [string, string][] = []) =>
  ({ path, key: id, url: `https://example.com${path}?v=${id}`, replay }) as unknown as EntryMeta
const key = (path: string, id: string) => ({ path, id }) as unknown as CacheKey

describe('Variants', () => {
  it('knows nothing of a path never stored, and admits its first variant', () => {
    const variants = new Variants()
    expect(variants.of('/a')).toEqual([])
    expect(variants.admits(key('/a', 'a1'), 1)).toBe(true)
  })

  it('gives every variant stored for a path, with the URL and headers to render it again', () => {
    const variants = new Variants()
    variants.add(meta('/a', 'a1'))
    variants.add(meta('/a', 'a2', [['x-country', 'DE']]))
    variants.add(meta('/b', 'b1'))
    expect(variants.of('/a')).toEqual([
      { id: 'a1', url: 'https://example.com/a?v=a1', replay: [] },
      { id: 'a2', url: 'https://example.com/a?v=a2', replay: [['x-country', 'DE']] },
    ])
    expect(variants.of('/b').map((v) => v.id)).toEqual(['b1'])
  })

  it('keeps one variant once when it is stored again', () => {
    const variants = new Variants()
    variants.add(meta('/a', 'a1'))
    variants.add(meta('/a', 'a1'))
    expect(variants.of('/a')).toHaveLength(1)
    variants.add(meta('/a', 'a2'))
    variants.add(meta('/a', 'a2'))
    expect(variants.of('/a').map((v) => v.id)).toEqual(['a1', 'a2'])
  })

  it('admits a new variant only while its path is under the cap, and a stored one always', () => {
    const variants = new Variants()
    variants.add(meta('/a', 'a1'))
    expect(variants.admits(key('/a', 'a2'), 1)).toBe(false)
    expect(variants.admits(key('/a', 'a1'), 1)).toBe(true)
    expect(variants.admits(key('/a', 'a2'), 2)).toBe(true)
    variants.add(meta('/a', 'a2'))
    expect(variants.admits(key('/a', 'a3'), 2)).toBe(false)
    expect(variants.admits(key('/a', 'a2'), 2)).toBe(true)
    expect(variants.admits(key('/a', 'a3'), 3)).toBe(true)
  })

  it('forgets a removed variant, and the path with its last one', () => {
    const variants = new Variants()
    variants.add(meta('/a', 'a1'))
    variants.add(meta('/a', 'a2'))
    variants.remove('/a', 'a1')
    expect(variants.of('/a').map((v) => v.id)).toEqual(['a2'])
    expect(variants.admits(key('/a', 'a3'), 2)).toBe(true)
    variants.remove('/a', 'a2')
    expect(variants.of('/a')).toEqual([])
    variants.add(meta('/b', 'b1'))
    variants.remove('/b', 'other')
    expect(variants.of('/b').map((v) => v.id)).toEqual(['b1'])
    variants.remove('/b', 'b1')
    expect(variants.of('/b')).toEqual([])
    variants.remove('/never', 'x')
  })
})
