// The cache provider Astro loads from the manifest: `onRequest` around every render, `invalidate` behind
// `Astro.cache.invalidate()`, options from the manifest merged with the runtimeOptions module.
import type { ISREvent } from '@isrkit/core'
import type { CacheProvider } from 'astro'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ProviderConfig } from '../src/options.ts'
import { createProvider, type ProviderRuntime } from '../src/provider.ts'
import { registered, unregister } from '../src/registry.ts'

type Context = Parameters<NonNullable<CacheProvider['onRequest']>>[0]

const SECRET = 'a-runtime-secret-0123456789'
let namespace: string
let count = 0
let handedOver: Promise<unknown>[]
let exitListeners: NodeJS.BeforeExitListener[]

beforeEach(() => {
  namespace = `provider-test-${++count}`
  handedOver = []
  exitListeners = process.listeners('beforeExit')
})

afterEach(async () => {
  for (const ns of [namespace, 'isr']) {
    const isr = registered(ns)
    if (!isr) continue
    unregister(ns, isr)
    await isr.close()
  }
  // Each instance closes itself on exit; these tests close theirs above.
  for (const listener of process.listeners('beforeExit')) {
    if (!exitListeners.includes(listener)) process.removeListener('beforeExit', listener)
  }
})

function config(overrides: Partial<ProviderConfig> = {}, core: ProviderConfig['core'] = {}): ProviderConfig {
  return {
    core: { namespace, logger: false, ...core },
    buildId: 'build-1',
    dev: false,
    invalidateMode: 'purge',
    ...overrides,
  }
}

function context(request: Request): Context {
  const log = () => {}
  return {
    request,
    url: new URL(request.url),
    waitUntil: (promise: Promise<unknown>) => handedOver.push(promise),
    logger: { info: log, warn: log, error: log },
  }
}

/** What Astro's render hands back with `routeRules` or `Astro.cache.set({ maxAge: 60, tags })` applied. */
function page(body: string, tags: string[] = []) {
  return vi.fn(async () => {
    const headers: Record<string, string> = { 'content-type': 'text/html', 'cdn-cache-control': 'max-age=60' }
    if (tags.length > 0) headers['cache-tag'] = tags.join(', ')
    return new Response(body, { headers })
  })
}

async function visit(provider: CacheProvider, next: () => Promise<Response>, path = '/', init: RequestInit = {}) {
  const response = await provider.onRequest!(context(new Request(`http://example.com${path}`, init)), next)
  const body = await response.text()
  await Promise.all(handedOver)
  return { response, body, state: response.headers.get('x-isr-cache') }
}

describe('createProvider', () => {
  it('refuses to start without the config isr() puts in the manifest', () => {
    expect(() => createProvider(undefined)).toThrow(/\[isrkit\].*without its config.*isr\(\) to `integrations`/)
  })

  it('is named isrkit', () => {
    expect(createProvider(config()).name).toBe('isrkit')
  })
})

describe('while prerendering', () => {
  it('renders through, without looking at the request or creating an instance', async () => {
    const provider = createProvider(config(), { environment: 'prerender' })
    const request = new Request('http://example.com/about')
    Object.defineProperty(request, 'headers', {
      get() {
        throw new Error('the provider read the headers of a prerendered page')
      },
    })
    const rendered = new Response('<h1>About</h1>')
    const next = vi.fn(async () => rendered)
    const response = await provider.onRequest!(context(request), next)
    expect(response).toBe(rendered)
    expect(next).toHaveBeenCalledTimes(1)
    await provider.invalidate({ path: '/about', tags: 'a' })
    expect(registered(namespace)).toBeUndefined()
  })
})

describe('ISRKIT_DISABLED=1', () => {
  const before = process.env.ISRKIT_DISABLED
  afterEach(() => {
    if (before === undefined) delete process.env.ISRKIT_DISABLED
    else process.env.ISRKIT_DISABLED = before
  })

  it('renders every request, untouched', async () => {
    process.env.ISRKIT_DISABLED = '1'
    const provider = createProvider(config())
    const next = page('<h1>Home</h1>')
    const first = await visit(provider, next)
    const second = await visit(provider, next)
    expect(first.state).toBeNull()
    expect(second.state).toBeNull()
    expect(second.response.headers.get('cdn-cache-control')).toBe('max-age=60')
    expect(next).toHaveBeenCalledTimes(2)
  })

  it('is read per request, so an operator can switch it without a restart', async () => {
    const provider = createProvider(config())
    const next = page('<h1>Home</h1>')
    expect((await visit(provider, next)).state).toBe('MISS')
    process.env.ISRKIT_DISABLED = '1'
    expect((await visit(provider, next)).state).toBeNull()
    process.env.ISRKIT_DISABLED = '0'
    expect((await visit(provider, next)).state).toBe('HIT')
  })
})

describe('onRequest', () => {
  it('renders once, then serves the stored page', async () => {
    const provider = createProvider(config())
    const next = page('<h1>Home</h1>')
    const first = await visit(provider, next)
    expect(first.state).toBe('MISS')
    expect(first.body).toBe('<h1>Home</h1>')
    const second = await visit(provider, next)
    expect(second.state).toBe('HIT')
    expect(second.body).toBe('<h1>Home</h1>')
    expect(next).toHaveBeenCalledTimes(1)
  })

  it('renders every request in dev', async () => {
    const provider = createProvider(config({ dev: true }))
    const next = page('<h1>Home</h1>')
    const first = await visit(provider, next)
    expect(first.state).toBe('BYPASS')
    expect(first.response.headers.get('cache-status')).toContain('detail=dev')
    expect((await visit(provider, next)).state).toBe('BYPASS')
    expect(next).toHaveBeenCalledTimes(2)
  })

  it('leaves its instance under its namespace, where the Node fast path finds it', async () => {
    const provider = createProvider(config())
    expect(registered(namespace)).toBeUndefined()
    await visit(provider, page('<h1>Home</h1>'))
    const isr = registered(namespace)
    expect(isr).toBeDefined()
    const answer = await isr!.lookup(new Request('http://example.com/'))
    expect(answer?.status).toBe(200)
    expect(new TextDecoder().decode(answer?.body ?? new Uint8Array())).toBe('<h1>Home</h1>')
    // One instance per provider, however many requests.
    await visit(provider, page('<h1>Home</h1>'))
    expect(registered(namespace)).toBe(isr)
  })

  it("registers under 'isr' without a namespace", async () => {
    const provider = createProvider({ core: { logger: false }, buildId: false, dev: false, invalidateMode: 'purge' })
    await visit(provider, page('<h1>Home</h1>'))
    expect(registered('isr')).toBeDefined()
  })
})

describe('invalidate', () => {
  it('by path: the next visitor gets a fresh render', async () => {
    const provider = createProvider(config())
    const next = page('<h1>Home</h1>')
    await visit(provider, next)
    expect((await visit(provider, next)).state).toBe('HIT')
    await provider.invalidate({ path: '/' })
    expect((await visit(provider, next)).state).toBe('MISS')
    expect((await visit(provider, next)).state).toBe('HIT')
    expect(next).toHaveBeenCalledTimes(2)
  })

  it('by path, leaves other pages alone', async () => {
    const provider = createProvider(config())
    const next = page('<h1>Page</h1>')
    await visit(provider, next, '/a')
    await visit(provider, next, '/b')
    await provider.invalidate({ path: '/a' })
    expect((await visit(provider, next, '/a')).state).toBe('MISS')
    expect((await visit(provider, next, '/b')).state).toBe('HIT')
  })

  it.each([['a'], [['a']], [['x', 'a']]])('by tags %j: entries carrying one are rendered again', async (tags) => {
    const provider = createProvider(config())
    const tagged = page('<h1>Tagged</h1>', ['a', 'b'])
    const other = page('<h1>Other</h1>', ['b'])
    await visit(provider, tagged, '/tagged')
    await visit(provider, other, '/other')
    await provider.invalidate({ tags })
    expect((await visit(provider, tagged, '/tagged')).state).toBe('MISS')
    expect((await visit(provider, other, '/other')).state).toBe('HIT')
  })

  it('by path and tags at once', async () => {
    const provider = createProvider(config())
    await visit(provider, page('<h1>A</h1>'), '/a')
    await visit(provider, page('<h1>B</h1>', ['b']), '/b')
    await provider.invalidate({ path: '/a', tags: 'b' })
    expect((await visit(provider, page('<h1>A</h1>'), '/a')).state).toBe('MISS')
    expect((await visit(provider, page('<h1>B</h1>', ['b']), '/b')).state).toBe('MISS')
  })

  it("uses the configured mode: 'stale' serves the old page once while it is rendered again", async () => {
    const provider = createProvider(config({ invalidateMode: 'stale' }))
    await visit(provider, page('<h1>Old</h1>'))
    await provider.invalidate({ path: '/' })
    const stale = await visit(provider, page('<h1>New</h1>'))
    expect(stale.state).toBe('STALE')
    expect(stale.body).toBe('<h1>Old</h1>')
    const fresh = await visit(provider, page('<h1>Newer</h1>'))
    expect(fresh.state).toBe('HIT')
    expect(fresh.body).toBe('<h1>New</h1>')
  })
})

describe('runtime options', () => {
  const status = (secret: string) => ({ headers: { authorization: `Bearer ${secret}` } })

  it('a secret from the runtime module turns the control endpoint on', async () => {
    const next = page('rendered by Astro')
    const without = await visit(createProvider(config()), next, '/__isr/status', status(SECRET))
    expect(without.body).toBe('rendered by Astro')

    const provider = createProvider(config({}, {}), { options: { secret: SECRET } })
    const answer = await visit(provider, next, '/__isr/status', status(SECRET))
    expect(answer.response.status).toBe(200)
    expect(JSON.parse(answer.body)).toMatchObject({ hits: 0, storage: { ok: true } })
    expect(next).toHaveBeenCalledTimes(1)
  })

  it('win over the options of astro.config', async () => {
    const built = 'a-secret-frozen-in-the-build'
    const provider = createProvider(config({}, { secret: built }), { options: { secret: SECRET } })
    const next = page('rendered by Astro')
    expect((await visit(provider, next, '/__isr/status', status(SECRET))).response.status).toBe(200)
    expect((await visit(provider, next, '/__isr/status', status(built))).response.status).toBe(401)
  })

  it('bring what cannot be serialized, such as onEvent', async () => {
    const events: ISREvent['type'][] = []
    const runtime: ProviderRuntime = { options: { onEvent: (event: ISREvent) => events.push(event.type) } }
    const provider = createProvider(config(), runtime)
    const next = page('<h1>Home</h1>')
    await visit(provider, next)
    await visit(provider, next)
    expect(events).toEqual(expect.arrayContaining(['miss', 'store', 'hit']))
  })

  it.each([
    ['a string', 'options'],
    ['a number', 42],
    ['a function', () => ({})],
    ['an array', [{ secret: SECRET }]],
  ])('refuses a default export that is %s', (what, options) => {
    expect(() => createProvider(config(), { options })).toThrow(
      `[isrkit] The runtimeOptions module must default-export an object of options, not ${what}.`,
    )
  })

  it('refuses routes: they are read at build time', () => {
    expect(() => createProvider(config(), { options: { routes: { '/': { revalidate: 1 } } } })).toThrow(
      /runtimeOptions module sets `routes`.*astro\.config/,
    )
  })

  it('accept a module without a default export', async () => {
    const provider = createProvider(config(), { options: undefined })
    expect((await visit(provider, page('<h1>Home</h1>'))).state).toBe('MISS')
  })
})
