import { describe, expect, it } from 'vitest'
import { compileRoutes, type RouteDefaults, toRou3 } from '../src/routes.ts'
import type { RouteRules } from '../src/types.ts'

const defaults: RouteDefaults = {
  revalidate: false,
  expire: 3600,
  staleIfError: 600,
  renderTimeout: 30,
  query: {},
  vary: {},
  ignoreCookies: ['_ga'],
  maxVariants: 64,
}

/** The pattern that wins for each pathname. */
function winners(rules: RouteRules, pathnames: string[], d = defaults): Record<string, string | undefined> {
  const routes = compileRoutes(rules, d)
  return Object.fromEntries(pathnames.map((p) => [p, routes.match(p).pattern]))
}

const rule = { revalidate: 60 }

describe('route patterns', () => {
  it('[param] matches exactly one segment', () => {
    expect(winners({ '/blog/[slug]': rule }, ['/blog/hello', '/blog', '/blog/a/b'])).toEqual({
      '/blog/hello': '/blog/[slug]',
      '/blog': undefined,
      '/blog/a/b': undefined,
    })
  })

  it('[[optional]] matches the segment or its absence', () => {
    expect(winners({ '/docs/[[lang]]/intro': rule }, ['/docs/intro', '/docs/de/intro', '/docs/de/x/intro'])).toEqual({
      '/docs/intro': '/docs/[[lang]]/intro',
      '/docs/de/intro': '/docs/[[lang]]/intro',
      '/docs/de/x/intro': undefined,
    })
  })

  it('[...rest] matches zero or more segments, at the end and mid-path', () => {
    expect(winners({ '/files/[...path]': rule }, ['/files', '/files/a', '/files/a/b/c', '/filesx'])).toEqual({
      '/files': '/files/[...path]',
      '/files/a': '/files/[...path]',
      '/files/a/b/c': '/files/[...path]',
      '/filesx': undefined,
    })
    expect(winners({ '/a/[...rest]/edit': rule }, ['/a/edit', '/a/b/c/edit', '/a/b/c'])).toEqual({
      '/a/edit': '/a/[...rest]/edit',
      '/a/b/c/edit': '/a/[...rest]/edit',
      '/a/b/c': undefined,
    })
  })

  it('ignores (group) segments, as the URL never contains them', () => {
    expect(winners({ '/(marketing)/about': rule }, ['/about', '/marketing/about'])).toEqual({
      '/about': '/(marketing)/about',
      '/marketing/about': undefined,
    })
  })

  it('* matches exactly one segment and ** any number, zero included', () => {
    expect(winners({ '/x/*/y': rule }, ['/x/1/y', '/x/y', '/x/1/2/y'])).toEqual({
      '/x/1/y': '/x/*/y',
      '/x/y': undefined,
      '/x/1/2/y': undefined,
    })
    expect(winners({ '/z/**': rule }, ['/z', '/z/a', '/z/a/b/c', '/za'])).toEqual({
      '/z': '/z/**',
      '/z/a': '/z/**',
      '/z/a/b/c': '/z/**',
      '/za': undefined,
    })
  })

  it('lets the most specific pattern win, whatever the order rules were written in', () => {
    const rules: RouteRules = { '/**': rule, '/blog/**': rule, '/blog/[slug]': rule, '/blog/featured': rule }
    const reversed = Object.fromEntries(Object.entries(rules).reverse())
    const paths = ['/blog/featured', '/blog/hello', '/blog/2024/hello', '/blog', '/about', '/']
    const expected = {
      '/blog/featured': '/blog/featured',
      '/blog/hello': '/blog/[slug]',
      '/blog/2024/hello': '/blog/**',
      '/blog': '/blog/**',
      '/about': '/**',
      '/': '/**',
    }
    expect(winners(rules, paths)).toEqual(expected)
    expect(winners(reversed, paths)).toEqual(expected)
  })

  it.each([
    ['blog/[slug]', 'blog/[slug]'],
    ['/blog/[slug', '[slug'],
    ['/blog/a*b', 'a*b'],
    ['/files/[...]', '[...]'],
  ])('rejects %s, naming the route', (pattern, segment) => {
    expect(() => compileRoutes({ [pattern]: rule }, defaults)).toThrowError(`Invalid option \`routes['${pattern}']\``)
    expect(() => toRou3(pattern, 'here')).toThrowError(`'${segment}'`)
  })
})

describe('matching by route id', () => {
  it('tries the framework’s route id first, with or without its layout groups, then the pathname', () => {
    const routes = compileRoutes({ '/blog/[slug]': rule, '/(app)/account': false, '/**': { revalidate: 5 } }, defaults)
    // A SvelteKit data request: its pathname ends in __data.json, its route id is the page's.
    expect(routes.match('/blog/x/__data.json', '/blog/[slug]').pattern).toBe('/blog/[slug]')
    expect(routes.match('/blog/x/__data.json').pattern).toBe('/**')
    expect(routes.match('/blog/x', '/(marketing)/blog/[slug]').pattern).toBe('/blog/[slug]')
    expect(routes.match('/account', '/(app)/account').bypass).toBe(true)
    expect(routes.match('/blog/x', '/unknown/[id]').pattern).toBe('/blog/[slug]')
  })
})

describe('route rules', () => {
  it('turns a false rule into a bypass, and inherits the defaults elsewhere', () => {
    const routes = compileRoutes({ '/account/**': false, '/blog/**': { tags: ['blog'] } }, defaults)
    expect(routes.size).toBe(2)
    expect(routes.match('/account/settings')).toMatchObject({ pattern: '/account/**', bypass: true })
    expect(routes.match('/blog/x')).toMatchObject({
      bypass: false,
      revalidate: false,
      expire: 3600,
      staleIfError: 600,
      tags: ['blog'],
    })
    expect(routes.match('/elsewhere')).toMatchObject({ pattern: undefined, bypass: false, tags: [] })
  })

  it('overrides the global query per route, tracking parameters always dropped', () => {
    const routes = compileRoutes(
      {
        '/search': { query: { include: ['q', 'page'], maxVariants: 500 } },
        '/list': { query: { exclude: ['ref*'] } },
      },
      { ...defaults, query: { exclude: ['sort'] }, maxVariants: 10 },
    )
    const search = routes.match('/search').query
    expect(search.include?.('q')).toBe(true)
    expect(search.include?.('sort')).toBe(false)
    expect(search.maxVariants).toBe(500)
    const list = routes.match('/list').query
    expect(list.include).toBeUndefined()
    expect([list.exclude('referrer'), list.exclude('utm_source'), list.exclude('sort')]).toEqual([true, true, false])
    expect(list.maxVariants).toBe(10)
    const other = routes.match('/other').query
    expect([other.exclude('sort'), other.exclude('fbclid'), other.exclude('page')]).toEqual([true, true, false])
  })

  it('merges a route vary with the global one, lowercased, sorted and deduplicated', () => {
    const routes = compileRoutes(
      { '/shop/**': { vary: { headers: ['accept-language', 'X-Country'], cookies: ['lang', 'currency'] } } },
      { ...defaults, vary: { headers: ['X-Device', 'Accept-Language'], cookies: ['lang'] } },
    )
    expect(routes.match('/shop/cart').vary).toEqual({
      headers: ['accept-language', 'x-country', 'x-device'],
      cookies: ['currency', 'lang'],
    })
    expect(routes.match('/').vary).toEqual({ headers: ['accept-language', 'x-device'], cookies: ['lang'] })
  })

  it('replaces the ignored cookies per route: true ignores all, a list only those', () => {
    const routes = compileRoutes(
      { '/static/**': { ignoreCookies: true }, '/theme/**': { ignoreCookies: ['theme', 'ui_*'] } },
      defaults,
    )
    expect(routes.match('/static/a').ignoreCookies('session')).toBe(true)
    const theme = routes.match('/theme/a').ignoreCookies
    expect([theme('theme'), theme('ui_font'), theme('_ga'), theme('session')]).toEqual([true, true, false, false])
    const other = routes.match('/x').ignoreCookies
    expect([other('_ga'), other('theme')]).toEqual([true, false])
  })

  it('checks expire against the revalidate it ends up with', () => {
    expect(() => compileRoutes({ '/x': { revalidate: 7200 } }, defaults)).toThrowError(
      "`routes['/x'].expire`: expected seconds >= revalidate (7200), received 3600",
    )
    expect(compileRoutes({ '/x': { revalidate: 7200, expire: 7200 } }, defaults).match('/x').expire).toBe(7200)
  })
})
