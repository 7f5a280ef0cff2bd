// @isrkit/cli as a user runs it: the built bin (`node packages/cli/dist/cli.js`), output to a pipe (no
// progress bar, only summaries), against playground/node over real HTTP.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VENDORS } from '../packages/cli/src/hooks.ts'
import { WEBHOOK_VENDORS } from '../packages/core/src/types.ts'
import { type App, freePort, serverEnvironment, startApp } from './support/app.ts'

const playground = fileURLToPath(new URL('../playground/node/', import.meta.url))
const bin = fileURLToPath(new URL('../packages/cli/dist/cli.js', import.meta.url))
const SECRET = 'cli-secret-0123456789abcdef'
// The index is cached for 10 s by default; a slow machine must not see it go stale between two warms.
const start = (env: Record<string, string> = { ISR_SECRET: SECRET }) =>
  startApp(playground, ['server.mjs'], { ISR_INDEX_REVALIDATE: '300', ...env })

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function isrkit(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const base = serverEnvironment()
  delete base.ISR_SECRET
  const child = spawn(process.execPath, [bin, ...args], { env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => {
    stdout += chunk
  })
  child.stderr.on('data', (chunk) => {
    stderr += chunk
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, stdout, stderr }))
  })
}

const tmp = mkdtempSync(join(tmpdir(), 'isrkit-cli-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))
function pathsFile(name: string, lines: string[]): string {
  const file = join(tmp, name)
  writeFileSync(file, `${lines.join('\n')}\n`)
  return file
}

async function stats(app: App): Promise<Record<string, number>> {
  return (await fetch(`${app.url}/api/stats`)).json()
}
const state = async (app: App, path: string) => {
  const response = await fetch(`${app.url}${path}`)
  await response.arrayBuffer()
  return response.headers.get('x-isr-cache')
}
/** An entry is stored once its first response has been read; later requests then answer HIT. */
async function cached(app: App, path: string): Promise<void> {
  await expect.poll(() => state(app, path), { timeout: 5000 }).toBe('HIT')
}
const count = (output: string, label: string) => Number(new RegExp(`^  ${label}\\s+(\\d+)$`, 'm').exec(output)?.[1])

describe('isrkit --help and --version', () => {
  it('lists the commands and their options', async () => {
    const help = await isrkit(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/revalidate[\s\S]*warm[\s\S]*inspect/)
    expect(help.stdout).not.toContain('\x1b[')
    const revalidate = await isrkit(['revalidate', '--help'])
    expect(revalidate.code).toBe(0)
    for (const option of ['--url', '--secret', '--path', '--tag', '--mode', '--endpoint']) {
      expect(revalidate.stdout).toContain(option)
    }
  })

  it('prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../packages/cli/package.json', import.meta.url), 'utf8'))
    expect(await isrkit(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' })
  })
})

describe('isrkit warm', () => {
  let app: App
  beforeAll(async () => {
    app = await start()
  })
  afterAll(() => app?.stop())

  it('renders what is not cached, leaves what is, and a second warm renders nothing', async () => {
    // Rendered by a visitor before the warm: the warm must answer it from the cache, not render it again.
    await cached(app, '/rules/visited')
    const file = pathsFile('pages.txt', [
      '# pages to warm',
      '/',
      '/posts/hello-isr',
      '',
      '/rules/warm-a  # cached by a route rule',
      'https://example.com/rules/warm-b',
      '/rules/visited',
    ])

    const first = await isrkit(['warm', '--url', app.url, '--paths', file, '--concurrency', '2'])
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    // Not a TTY: the summary only, no line per page.
    expect(first.stdout.trim().split('\n')).toHaveLength(6)
    expect(first.stdout).toMatch(new RegExp(`^Warmed 5 pages from ${file} in `))
    expect(count(first.stdout, 'rendered')).toBe(4)
    expect(count(first.stdout, 'already cached')).toBe(1)
    expect(count(first.stdout, 'failed')).toBe(0)
    expect((await stats(app))['/rules/visited']).toBe(1)
    // The URL on the public host was warmed on --url.
    expect((await stats(app))['/rules/warm-b']).toBe(1)

    for (const path of ['/', '/posts/hello-isr', '/rules/warm-a', '/rules/warm-b']) await cached(app, path)
    const before = await stats(app)
    const second = await isrkit(['warm', '--url', app.url, '--paths', file, '--rate', '20'])
    expect(second.code).toBe(0)
    expect(count(second.stdout, 'rendered')).toBe(0)
    expect(count(second.stdout, 'already cached')).toBe(5)
    expect(await stats(app)).toEqual(before)
  })

  it('counts a page that is never cached and lists one that fails, exiting 1', async () => {
    const file = pathsFile('mixed.txt', ['/admin', '/posts/no-such-post', '/rules/mixed'])
    const run = await isrkit(['warm', '--url', app.url, '--paths', file])
    expect(run.code).toBe(1)
    expect(count(run.stdout, 'rendered')).toBe(1)
    expect(count(run.stdout, 'not cacheable')).toBe(1)
    expect(count(run.stdout, 'failed')).toBe(1)
    expect(run.stdout).toContain('Failed:\n  /posts/no-such-post  404 Not Found')
    expect(run.stderr).toBe('[isrkit] 1 of 3 pages failed\n')
  })

  it('refuses a paths file with a line that is not a path, before any request', async () => {
    const file = pathsFile('bad.txt', ['/rules/never', 'rules/typo'])
    const run = await isrkit(['warm', '--url', app.url, '--paths', file])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(`${file} line 2: expected a path starting with '/'`)
    expect((await stats(app))['/rules/never']).toBeUndefined()
  })
})

describe('isrkit warm --sitemap', () => {
  let app: App
  beforeAll(async () => {
    app = await start()
  })
  afterAll(() => app?.stop())

  it('warms every page of the sitemap on --url, though its <loc>s name the public host', async () => {
    const sitemap = await (await fetch(`${app.url}/sitemap.xml`)).text()
    expect(sitemap).toContain('<loc>https://example.com/posts/hello-isr</loc>')

    const run = await isrkit(['warm', '--url', app.url, '--sitemap', '/sitemap.xml'])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(new RegExp(`^Warmed 5 pages from sitemap ${app.url}/sitemap.xml in `))
    expect(count(run.stdout, 'rendered')).toBe(5)
    expect(await stats(app)).toMatchObject({
      '/': 1,
      '/posts/hello-isr': 1,
      '/posts/on-demand': 1,
      '/posts/stale-while-revalidate': 1,
    })

    for (const path of [
      '/',
      '/posts/hello-isr',
      '/posts/on-demand',
      '/posts/stale-while-revalidate',
      '/posts/a-long-read',
    ]) {
      await cached(app, path)
    }
    const again = await isrkit(['warm', '--url', app.url, '--sitemap', `${app.url}/sitemap.xml`])
    expect(again.code).toBe(0)
    expect(count(again.stdout, 'already cached')).toBe(5)
  })

  it('fails naming a sitemap that is not there', async () => {
    const run = await isrkit(['warm', '--url', app.url, '--sitemap', '/no-sitemap.xml'])
    expect(run.code).toBe(1)
    expect(run.stderr).toBe(`[isrkit] sitemap ${app.url}/no-sitemap.xml: answered 404 Not Found\n`)
  })
})

describe('isrkit revalidate', () => {
  let app: App
  beforeAll(async () => {
    app = await start()
  })
  afterAll(() => app?.stop())

  it('marks a tag stale with the secret from ISR_SECRET', async () => {
    await cached(app, '/posts/hello-isr')
    const run = await isrkit(['revalidate', '--url', app.url, '--tag', 'post:hello-isr'], { ISR_SECRET: SECRET })
    expect(run).toEqual({
      code: 0,
      stdout: 'Revalidated (stale): tag post:hello-isr — marked stale, re-rendered on their next request\n',
      stderr: '',
    })
    expect(await state(app, '/posts/hello-isr')).toBe('STALE')
  })

  it('re-renders paths at once in eager mode', async () => {
    await cached(app, '/rules/eager')
    const renders = (await stats(app))['/rules/eager'] as number
    const run = await isrkit([
      'revalidate',
      '--url',
      app.url,
      '--secret',
      SECRET,
      '--path',
      '/rules/eager',
      '--path=/rules/other',
      '--mode',
      'eager',
    ])
    expect(run.code).toBe(0)
    expect(run.stdout).toBe('Revalidated (eager): paths /rules/eager, /rules/other — regenerating 1 page\n')
    await expect.poll(async () => (await stats(app))['/rules/eager'], { timeout: 5000 }).toBe(renders + 1)
  })

  it('exits 1 saying the secret was refused', async () => {
    const run = await isrkit(['revalidate', '--url', app.url, '--secret', 'not-the-secret', '--tag', 'posts'])
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain(`${app.url}/__isr/revalidate answered 401: the secret was refused`)
  })

  it("prints the site's reason for a 400", async () => {
    const long = `/${'a'.repeat(3000)}`
    const run = await isrkit(['revalidate', '--url', app.url, '--secret', SECRET, '--path', long])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/refused the request \(400\): "paths\[0\]" must be/)
  })

  it('exits 2 without a path or tag, or without a secret, and sends nothing', async () => {
    const nothing = await isrkit(['revalidate', '--url', app.url, '--secret', SECRET])
    expect(nothing.code).toBe(2)
    expect(nothing.stderr).toContain('[isrkit] nothing to revalidate: give at least one --path or --tag')
    const noSecret = await isrkit(['revalidate', '--url', app.url, '--tag', 'posts'])
    expect(noSecret.code).toBe(2)
    expect(noSecret.stderr).toContain('ISR_SECRET')
    const badPath = await isrkit(['revalidate', '--url', app.url, '--secret', SECRET, '--path', 'posts/a'])
    expect(badPath.code).toBe(2)
    expect(badPath.stderr).toContain("--path must start with '/'")
  })

  it('exits 1 naming the URL when nothing listens there', async () => {
    const url = `http://127.0.0.1:${await freePort()}`
    const run = await isrkit(['revalidate', '--url', url, '--secret', SECRET, '--tag', 'posts'])
    expect(run.code).toBe(1)
    expect(run.stderr).toBe(
      `[isrkit] cannot reach ${url}/__isr/revalidate (connection refused): is the site running at that address?\n`,
    )
  })

  it('exits 1 explaining a site whose control endpoint is off (no secret)', async () => {
    const open = await start({})
    try {
      const run = await isrkit(['revalidate', '--url', open.url, '--secret', SECRET, '--tag', 'posts'])
      expect(run.code).toBe(1)
      expect(run.stderr).toContain(`${open.url}/__isr/revalidate answered 404: the control endpoint is not enabled`)
    } finally {
      await open.stop()
    }
  })
})

describe('isrkit inspect', () => {
  let app: App
  beforeAll(async () => {
    app = await start()
  })
  afterAll(() => app?.stop())

  it("prints the cache's counters readably, or as JSON", async () => {
    await cached(app, '/rules/inspected')
    const run = await isrkit(['inspect', '--url', app.url, '--secret', SECRET])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`isrkit at ${app.url}`)
    expect(count(run.stdout, 'hits')).toBeGreaterThanOrEqual(1)
    expect(count(run.stdout, 'misses')).toBe(1)
    expect(run.stdout).toMatch(/^ {2}hit ratio +\d+\.\d%$/m)
    expect(run.stdout).toMatch(/^ {2}storage +fs, ok \(/m)

    const json = await isrkit(['inspect', '--url', app.url, '--json'], { ISR_SECRET: SECRET })
    expect(json.code).toBe(0)
    const status = JSON.parse(json.stdout)
    expect(status).toMatchObject({ misses: 1, storage: { ok: true, driver: 'fs' } })
    expect(status.hits).toBeGreaterThanOrEqual(1)
  })

  it('exits 1 saying the secret was refused', async () => {
    const run = await isrkit(['inspect', '--url', app.url, '--secret', 'not-the-secret'])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('answered 401: the secret was refused')
  })
})

describe('isrkit hooks test', () => {
  const secrets: Record<string, string> = {
    sanity: 'cli-sanity-secret-0123',
    contentful: 'cli-contentful-signing-secret-0123456789abcdefghijklmnopqrstuvwxyz',
    storyblok: 'cli-storyblok-secret-0123',
    strapi: 'cli-strapi-token-0123456789',
    datocms: 'cli-datocms-password-0123',
    hygraph: 'cli-hygraph-secret-0123456',
    prismic: 'cli-prismic-secret-0123456',
    standard: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  }
  let app: App
  beforeAll(async () => {
    const env = Object.fromEntries(
      Object.entries(secrets).map(([vendor, secret]) => [`ISR_HOOK_${vendor.toUpperCase()}_SECRET`, secret]),
    )
    app = await start({ ISR_SECRET: SECRET, ...env })
  })
  afterAll(() => app?.stop())

  it('signs for every vendor core verifies, each tested below (the CLI keeps its own list: it does not load core)', () => {
    expect([...VENDORS].sort()).toEqual([...WEBHOOK_VENDORS].sort())
    expect(Object.keys(secrets).sort()).toEqual([...WEBHOOK_VENDORS].sort())
  })

  it('sends each vendor’s delivery signed as the vendor signs it, and the site accepts it', async () => {
    await (await fetch(`${app.url}/posts/hello-isr`)).text()
    await cached(app, '/posts/hello-isr')
    for (const [vendor, secret] of Object.entries(secrets)) {
      const run = await isrkit(['hooks', 'test', vendor, '--url', app.url, '--secret', secret])
      expect(run.stderr, vendor).toBe('')
      expect(run.code, vendor).toBe(0)
      expect(run.stdout).toContain(`accepted a signed ${vendor} delivery (200)`)
      if (vendor !== 'prismic') expect(run.stdout).toMatch(new RegExp(`tags invalidated: .*${vendor}:`))
    }
    // The playground tags its posts with each configured vendor's default tags: the post went stale.
    expect(await state(app, '/posts/hello-isr')).not.toBe('HIT')
  })

  it('exits 1 with the site’s reason for a wrong secret, and 2 for a vendor it does not know', async () => {
    const wrong = await isrkit(['hooks', 'test', 'sanity', '--url', app.url, '--secret', 'not-the-sanity-secret'])
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toContain('answered 401: sanity: wrong signature')
    const fromEnv = await isrkit(['hooks', 'test', 'strapi', '--url', app.url], {
      ISR_HOOK_STRAPI_SECRET: secrets.strapi as string,
    })
    expect(fromEnv.code).toBe(0)
    const unknown = await isrkit(['hooks', 'test', 'wordpress', '--url', app.url, '--secret', 'x'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('unknown vendor "wordpress"')
  })
})

describe('isrkit explain', () => {
  let app: App
  beforeAll(async () => {
    app = await start()
  })
  afterAll(() => app?.stop())

  it('prints why a page is cached, the record that made it stale, and why another is never stored', async () => {
    await (await fetch(`${app.url}/posts/hello-isr`)).text()
    await cached(app, '/posts/hello-isr')
    const fresh = await isrkit(['explain', '/posts/hello-isr', '--url', app.url], { ISR_SECRET: SECRET })
    expect(fresh.code).toBe(0)
    expect(fresh.stdout).toMatch(/^\/posts\/hello-isr: fresh\n {2}Fresh: served from the cache until/)
    expect(fresh.stdout).toContain('post:hello-isr')
    await isrkit(['revalidate', '--url', app.url, '--tag', 'post:hello-isr'], { ISR_SECRET: SECRET })
    const stale = await isrkit(['explain', '/posts/hello-isr', '--url', app.url], { ISR_SECRET: SECRET })
    expect(stale.stdout).toMatch(/: stale\n/)
    expect(stale.stdout).toMatch(/tag +post:hello-isr: invalidated .* <- decided it/)
    await (await fetch(`${app.url}/cookie`)).text()
    const json = await isrkit(['explain', '/cookie', '--url', app.url, '--json'], { ISR_SECRET: SECRET })
    expect(JSON.parse(json.stdout)).toMatchObject({ verdict: 'none', notStored: 'set-cookie' })
  })
})
