// Which URLs a Vite dev or preview server answers itself: isrkit leaves them alone, and pages stay cacheable.
import { describe, expect, it } from 'vitest'
import { isViteInternal } from '../src/vite-urls.ts'

describe('isViteInternal', () => {
  it.each([
    ['Vite’s client', '/@vite/client'],
    ['Vite’s env module', '/@vite/env'],
    ['a file outside the root', '/@fs/home/me/project/node_modules/lib/index.js'],
    ['a bare module id', '/@id/virtual:my-module'],
    ['the HMR ping', '/__vite_ping'],
    ['a pre-bundled dependency', '/node_modules/.vite/deps/x.js'],
    ['a dependency with its version hash', '/node_modules/.vite/deps/react.js?v=3f2a1b'],
    ['a source module', '/src/main.ts'],
    ['a built asset', '/assets/a.css'],
    ['the favicon', '/favicon.ico'],
    ['an import request', '/x?import'],
    ['an import request among other parameters', '/src/App.vue?vue&type=style&index=0&lang.css&import'],
    ['an HMR timestamp', '/x?t=123'],
    ['a versioned module', '/x.js?v=abc'],
    ['a raw import', '/x?raw'],
    ['a URL import', '/logo.svg?url'],
    ['a worker import', '/src/worker.ts?worker&inline'],
    ['React Refresh', '/@react-refresh'],
    ['open-in-editor', '/__open-in-editor?file=src/main.ts'],
  ])('%s is internal: %s', (_what, url) => {
    expect(isViteInternal(url)).toBe(true)
  })

  it.each([
    ['the index', '/'],
    ['a page', '/blog/post'],
    ['a page with a trailing slash', '/blog/post/'],
    ['an .html page', '/page.html'],
    ['an .htm page', '/legacy/page.htm'],
    ['a search for “import”', '/search?q=import'],
    ['a parameter that starts like a module flag', '/a?time=3'],
    ['a parameter whose value is a module flag', '/a?sort=raw'],
    ['a parameter named like a flag with a prefix', '/a?import_id=4'],
    ['a dotted segment before the last one', '/v1.2/changelog'],
    ['a page whose last segment has a dot', '/users/john.doe'],
    ['a release page', '/releases/v1.2'],
    ['a page under a folder named like a prefix', '/node-modules-explained'],
  ])('%s is a page: %s', (_what, url) => {
    expect(isViteInternal(url)).toBe(false)
  })
})
