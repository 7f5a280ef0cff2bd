// No secret reaches what isrkit says (README "Secrets"): option errors, log lines, `onEvent` events (their
// errors' messages and causes' messages included) and the control endpoint's answers are searched for every
// secret a test hands an instance.
import { describe, expect, it } from 'vitest'
import { driverLoadError, maskCredentials, renderError, storageError } from '../src/errors.ts'
import { createISR } from '../src/index.ts'
import type { ISREvent, Logger } from '../src/types.ts'
import { harness, html, state } from './support/harness.ts'

const SECRET = 'S3cret-Endpoint-Key-0042'
const TOKEN = 'Dr4ft-T0ken-7319'
const REDIS_PASSWORD = 'S3cretRedisPass'
const ORIGIN_PASSWORD = 'Or1gin-Pa55'
/** Values given to options that refuse them: a near miss is most of a secret too. */
const SHORT_SECRET = 'Sh0rt-S3cret-15'
const NUMERIC_SECRET = 4242424242424242
const NUMERIC_TOKEN = 13371337
const SECRETS = [SECRET, TOKEN, REDIS_PASSWORD, ORIGIN_PASSWORD, SHORT_SECRET, String(NUMERIC_SECRET), '13371337']

/** Everything isrkit said during a test, as text. */
class Transcript {
  readonly lines: string[] = []
  readonly logger: Logger = {
    warn: (message) => void this.lines.push(`warn ${message}`),
    error: (message) => void this.lines.push(`error ${message}`),
  }
  readonly onEvent = (event: ISREvent) => void this.lines.push(eventText(event))

  error(error: unknown): void {
    this.lines.push(errorText(error))
  }

  async response(response: Response): Promise<Response> {
    this.lines.push(`${response.status} ${[...response.headers].join(' ')} ${await response.clone().text()}`)
    return response
  }

  /** The lines that contain a secret. */
  leaks(): string[] {
    return this.lines.filter((line) => SECRETS.some((secret) => line.includes(secret)))
  }

  get text(): string {
    return this.lines.join('\n')
  }
}

/** Each field of the event; an error as its name, message and cause's message. */
function eventText(event: ISREvent): string {
  return Object.entries(event)
    .map(([name, value]) => `${name}=${value instanceof Error ? errorText(value) : String(value)}`)
    .join(' ')
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const cause = error.cause instanceof Error ? error.cause.message : String(error.cause)
  return `${error.name}: ${error.message} (cause: ${cause})`
}

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` })

describe('secrets in option errors', () => {
  it.each<[string, Record<string, unknown>]>([
    ['`secret`', { secret: SHORT_SECRET }],
    ['`secret`', { secret: NUMERIC_SECRET }],
    ['`bypass.token`', { bypass: { token: NUMERIC_TOKEN } }],
    ['`origin`', { origin: `http://isr:${ORIGIN_PASSWORD}@127.0.0.1:3000` }],
    ['`origin`', { origin: `ftp://isr:${ORIGIN_PASSWORD}@example.com` }],
    ['`origin`', { origin: `isr:${ORIGIN_PASSWORD}@localhost:3000` }],
    ['`storage.url`', { storage: { driver: 'redis', url: `http://user:${REDIS_PASSWORD}@127.0.0.1:6379` } }],
    ['`storage.url`', { storage: { driver: 'redis', url: `redis//user:${REDIS_PASSWORD}@127.0.0.1:6379` } }],
    ['`storage.password`', { storage: { driver: 'redis', password: Number('4242424242424242') } }],
    ['Unknown storage driver', { storage: `redis://user:${REDIS_PASSWORD}@127.0.0.1:6379` }],
    ['`secrets`', { secrets: SECRET }],
  ])('name %s and never its value', (named, options) => {
    const t = new Transcript()
    let thrown: unknown
    try {
      createISR({ logger: t.logger, onEvent: t.onEvent, ...options })
    } catch (error) {
      thrown = error
    }
    t.error(thrown)
    expect((thrown as Error).message).toContain(named)
    expect(t.leaks()).toEqual([])
  })
})

describe('secrets at work', () => {
  it('draft-mode requests, control-endpoint calls and failing renders say no secret', async () => {
    const t = new Transcript()
    const h = harness(
      {
        secret: SECRET,
        bypass: { token: TOKEN },
        routes: { '/**': { revalidate: 60 } },
        logger: t.logger,
        onEvent: t.onEvent,
      },
      {
        '/': () => html('home'),
        // A framework's error page quoting the request it failed on.
        '/fails': (request) => {
          throw new Error(`cannot render ${request.url} (x-isr-bypass: ${request.headers.get('x-isr-bypass')})`)
        },
      },
    )
    const drafts = [h.get(`/?__isr_bypass=${TOKEN}`), h.get('/', { headers: { 'x-isr-bypass': TOKEN } })]
    for (const response of await Promise.all(drafts)) expect(state(await t.response(response))).toBe('BYPASS')
    // A wrong token is no draft: the page is cached, and its render never sees the parameter.
    expect(state(await t.response(await h.get('/?__isr_bypass=not-the-token')))).toBe('MISS')

    // A draft render's own error reaches the app's caller as thrown (the app put the token in it); isrkit reports
    // nothing of it.
    await expect(h.get(`/fails?__isr_bypass=${TOKEN}`)).rejects.toThrow(`__isr_bypass=${TOKEN}`)
    await expect(h.get('/fails', { headers: { 'x-isr-bypass': TOKEN } })).rejects.toThrow(`x-isr-bypass: ${TOKEN}`)
    // Without the token the failure is isrkit's to report: the render saw no token to quote.
    await h.get('/fails').catch((error: unknown) => t.error(error))

    for (const secret of ['a-wrong-secret-of-24-chars', SECRET]) {
      const init = { method: 'POST', headers: bearer(secret), body: JSON.stringify({ paths: ['/'] }) }
      await t.response(await h.get('/__isr/revalidate', init))
      await t.response(await h.get('/__isr/status', { headers: bearer(secret) }))
      await t.response(await h.get('/__isr/metrics', { headers: bearer(secret) }))
    }
    await h.isr.revalidatePath('/', { mode: 'eager' })
    await h.settle()
    await h.isr.close()

    expect(t.text).toContain('type=bypass')
    expect(t.text).toContain('ISRRenderError')
    expect(t.text).toMatch(/^401 /m)
    expect(t.text).toMatch(/^200 .*"ok":true/m)
    expect(t.leaks()).toEqual([])
  })

  it('a failing Redis, its password in the URL, says no password', async () => {
    const t = new Transcript()
    const isr = createISR({
      // Port 1 on loopback: nothing listens, every connection is refused.
      storage: { driver: 'redis', url: `redis://user:${REDIS_PASSWORD}@127.0.0.1:1` },
      storageTimeout: 50,
      memory: false,
      secret: SECRET,
      routes: { '/**': { revalidate: 60 } },
      logger: t.logger,
      onEvent: t.onEvent,
    })
    const render = () => html('page')
    for (let i = 0; i < 3; i++) await t.response(await isr.handle(new Request('http://site.test/'), render))
    const status = await isr.status()
    t.lines.push(`status ${status.storage.ok} ${status.storage.error}`)
    const endpoint = new Request('http://site.test/__isr/status', { headers: bearer(SECRET) })
    await t.response(await isr.handle(endpoint, render))
    await isr.close()

    expect(status.storage.ok).toBe(false)
    expect(t.text).toContain('ISRStorageError')
    expect(t.leaks()).toEqual([])
  }, 15_000)
})

describe('messages quoting a URL', () => {
  it("mask a password in a cause's message, wherever isrkit quotes one", () => {
    const cause = new Error(`connect to redis://user:${REDIS_PASSWORD}@10.0.0.1:6379 failed`)
    for (const error of [storageError('read', 'isr:k', cause), driverLoadError('redis', cause)]) {
      expect(error.message).toContain('redis://user:***@10.0.0.1:6379')
      expect(error.message).not.toContain(REDIS_PASSWORD)
      // The cause stays the driver's own error, for its stack.
      expect(error.cause).toBe(cause)
    }
  })

  it.each([
    [`rediss://:${REDIS_PASSWORD}@host:6380/0`, 'rediss://:***@host:6380/0'],
    [`https://${TOKEN}@cms.test/api`, 'https://***@cms.test/api'],
    [`mongodb://admin:${REDIS_PASSWORD}@a:27017,b:27017/db`, 'mongodb://admin:***@a:27017,b:27017/db'],
    // WHATWG URLs read up to the last `@` of the authority: so does the mask.
    [`redis://user:p@ss${REDIS_PASSWORD}@host`, 'redis://user:***@host'],
    [`http://site.test/blog?a=1&__isr_bypass=${TOKEN}&b=2`, 'http://site.test/blog?a=1&__isr_bypass=***&b=2'],
    ['http://site.test/blog?page=2 and mail@example.com', 'http://site.test/blog?page=2 and mail@example.com'],
  ])('%s → %s', (text, masked) => {
    expect(maskCredentials(text)).toBe(masked)
  })

  it('mask the draft token in a render error, the cause left as the app threw it', async () => {
    const thrown = new Error(`preview API failed: https://cms.test/preview?__isr_bypass=${TOKEN}`)
    const h = harness(
      { bypass: { token: TOKEN }, routes: { '/**': { revalidate: 60 } } },
      {
        '/': () => {
          throw thrown
        },
      },
    )
    await expect(h.get('/')).rejects.toBe(thrown)
    const reported = h.events.find((e) => e.type === 'error')
    expect(reported?.type === 'error' && reported.error.message).toContain('preview?__isr_bypass=***')
    expect(reported?.type === 'error' && reported.error.message).not.toContain(TOKEN)
    expect(reported?.type === 'error' && reported.error.cause).toBe(thrown)
    expect(renderError('http://site.test/', thrown).message).not.toContain(TOKEN)
    await h.isr.close()
  })
})
