// Which route rules Astro's `routeRules` receives (so `Astro.cache.set()` can override them) and what core keeps.
import { describe, expect, it } from 'vitest'
import { splitRoutes } from '../src/routes.ts'

describe('splitRoutes', () => {
  it('hands Astro the patterns it can match, as maxAge', () => {
    const { astro, core } = splitRoutes({
      '/': { revalidate: 60 },
      '/about': { revalidate: 3600 },
      '/blog/[slug]': { revalidate: 300 },
      '/docs/[...path]': { revalidate: 600 },
      '/shop/[category]/[id]': { revalidate: 30 },
    })
    expect(astro).toEqual({
      '/': { maxAge: 60 },
      '/about': { maxAge: 3600 },
      '/blog/[slug]': { maxAge: 300 },
      '/docs/[...path]': { maxAge: 600 },
      '/shop/[category]/[id]': { maxAge: 30 },
    })
    // Core still matches them (their other settings apply), but the policy is Astro's to state.
    expect(core).toEqual({
      '/': {},
      '/about': {},
      '/blog/[slug]': {},
      '/docs/[...path]': {},
      '/shop/[category]/[id]': {},
    })
  })

  it('gives swr as expire minus revalidate only when expire is given', () => {
    const { astro, core } = splitRoutes({
      '/a': { revalidate: 60, expire: 600 },
      '/b': { revalidate: 60 },
      '/c': { revalidate: 60, expire: 60 },
    })
    expect(astro['/a']).toEqual({ maxAge: 60, swr: 540 })
    expect(astro['/b']).toEqual({ maxAge: 60 })
    expect(astro['/b']).not.toHaveProperty('swr')
    expect(astro['/c']).toEqual({ maxAge: 60, swr: 0 })
    expect(core['/a']).toEqual({ expire: 600 })
  })

  it('hands Astro the tags, and keeps them out of core so they are not counted twice', () => {
    const tags = ['blog', 'post']
    const { astro, core } = splitRoutes({
      '/blog/[slug]': { revalidate: 300, tags },
      '/x': { revalidate: 1, tags: [] },
    })
    expect(astro['/blog/[slug]']).toEqual({ maxAge: 300, tags: ['blog', 'post'] })
    expect(astro['/blog/[slug]']?.tags).not.toBe(tags)
    expect(astro['/x']).toEqual({ maxAge: 1 })
    expect(core['/blog/[slug]']).toEqual({})
  })

  it('keeps in core what Astro has no words for', () => {
    const rule = {
      revalidate: 60,
      expire: 3600,
      staleIfError: 86_400,
      tags: ['blog'],
      query: { include: ['page'] },
      vary: { cookies: ['lang'] },
      ignoreCookies: true as const,
    }
    const { astro, core } = splitRoutes({ '/blog/[slug]': rule })
    expect(astro['/blog/[slug]']).toEqual({ maxAge: 60, swr: 3540, tags: ['blog'] })
    expect(core['/blog/[slug]']).toEqual({
      expire: 3600,
      staleIfError: 86_400,
      query: { include: ['page'] },
      vary: { cookies: ['lang'] },
      ignoreCookies: true,
    })
  })

  it('leaves `false` rules in core', () => {
    const { astro, core } = splitRoutes({ '/account': false, '/account/[...rest]': false })
    expect(astro).toEqual({})
    expect(core).toEqual({ '/account': false, '/account/[...rest]': false })
  })

  it.each([
    ['/blog/*'],
    ['/account/**'],
    ['/**'],
    ['/docs/[[lang]]/intro'],
    ['/(marketing)/pricing'],
    ['/post-[id]'],
    ['blog/[slug]'],
  ])('leaves %s, which Astro cannot match, to core untouched', (pattern) => {
    const rule = { revalidate: 60, tags: ['t'], expire: 600 }
    const { astro, core } = splitRoutes({ [pattern]: rule })
    expect(astro).toEqual({})
    expect(core[pattern]).toEqual({ revalidate: 60, tags: ['t'], expire: 600 })
  })

  it('leaves fractional seconds, and rules without a number of seconds, to core untouched', () => {
    const routes = {
      '/a': { revalidate: 1.5 },
      '/b': { revalidate: 60, expire: 90.5 },
      '/c': { revalidate: false as const, tags: ['x'] },
      '/d': { tags: ['x'], vary: { headers: ['accept-language'] } },
    }
    const { astro, core } = splitRoutes(routes)
    expect(astro).toEqual({})
    expect(core).toEqual(routes)
  })

  it('splits a mixed set rule by rule', () => {
    const { astro, core } = splitRoutes({
      '/blog/[slug]': { revalidate: 300, tags: ['blog'] },
      '/blog/**': { revalidate: 60 },
      '/account/**': false,
    })
    expect(Object.keys(astro)).toEqual(['/blog/[slug]'])
    expect(core).toEqual({ '/blog/[slug]': {}, '/blog/**': { revalidate: 60 }, '/account/**': false })
  })

  it('has nothing to split without routes', () => {
    expect(splitRoutes()).toEqual({ astro: {}, core: {} })
    expect(splitRoutes({})).toEqual({ astro: {}, core: {} })
  })
})
