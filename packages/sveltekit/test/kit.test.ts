import { describe, expect, it } from 'vitest'
import { isRemoteRequest, ownOrigin, reservesParams, waitUntilOf } from '../src/kit.ts'
import { fakeEvent } from './support/event.ts'

describe('isRemoteRequest', () => {
  it("follows Kit's flag when Kit sets it", () => {
    expect(isRemoteRequest(fakeEvent({ isRemoteRequest: true }))).toBe(true)
    // The flag wins over the path.
    const onRemotePath = 'http://example.com/_app/remote/abc/getPost'
    expect(isRemoteRequest(fakeEvent({ request: onRemotePath, isRemoteRequest: false }))).toBe(false)
  })

  it('recognizes the /_app/remote/ path when Kit is too old to set the flag', () => {
    expect(isRemoteRequest(fakeEvent({ request: 'http://example.com/_app/remote/abc/getPost' }))).toBe(true)
    expect(isRemoteRequest(fakeEvent({ request: 'http://example.com/base/_app/remote/abc/getPost' }))).toBe(true)
    expect(isRemoteRequest(fakeEvent({ request: 'http://example.com/_app/immutable/app.js' }))).toBe(false)
    expect(isRemoteRequest(fakeEvent({ request: 'http://example.com/blog/remote' }))).toBe(false)
  })
})

describe('waitUntilOf', () => {
  it("takes Cloudflare's platform.ctx.waitUntil and forwards the promise to it", () => {
    const received: Promise<unknown>[] = []
    const waitUntil = waitUntilOf({ ctx: { waitUntil: (p: Promise<unknown>) => received.push(p) } })
    const work = Promise.resolve('done')
    waitUntil?.(work)
    expect(received).toEqual([work])
    expect(received[0]).toBe(work)
  })

  it('takes the older platform.context.waitUntil', () => {
    const received: Promise<unknown>[] = []
    const waitUntil = waitUntilOf({ context: { waitUntil: (p: Promise<unknown>) => received.push(p) } })
    const work = Promise.resolve()
    waitUntil?.(work)
    expect(received[0]).toBe(work)
  })

  it('calls waitUntil on its holder, as Cloudflare requires', () => {
    const ctx = {
      received: [] as Promise<unknown>[],
      waitUntil(p: Promise<unknown>) {
        this.received.push(p)
      },
    }
    waitUntilOf({ ctx })?.(Promise.resolve())
    expect(ctx.received).toHaveLength(1)
  })

  it('is undefined without one', () => {
    expect(waitUntilOf(undefined)).toBeUndefined()
    expect(waitUntilOf({})).toBeUndefined()
    expect(waitUntilOf({ req: {} })).toBeUndefined()
    expect(waitUntilOf({ ctx: {} })).toBeUndefined()
    expect(waitUntilOf({ ctx: { waitUntil: 'no' } })).toBeUndefined()
  })
})

describe('ownOrigin', () => {
  const node = (socket: Record<string, unknown>) => ({ req: { socket } })

  it("is adapter-node's local socket address", () => {
    expect(ownOrigin(node({ localAddress: '127.0.0.1', localPort: 3000 }))).toBe('http://127.0.0.1:3000')
  })

  it('strips the IPv4-mapped prefix of a dual-stack socket', () => {
    expect(ownOrigin(node({ localAddress: '::ffff:127.0.0.1', localPort: 3000 }))).toBe('http://127.0.0.1:3000')
  })

  it('brackets an IPv6 address', () => {
    expect(ownOrigin(node({ localAddress: '::1', localPort: 5173 }))).toBe('http://[::1]:5173')
  })

  it('is undefined for a TLS socket, a socket without its address, or another platform', () => {
    expect(ownOrigin(node({ localAddress: '127.0.0.1', localPort: 443, encrypted: true }))).toBeUndefined()
    expect(ownOrigin(node({ localPort: 3000 }))).toBeUndefined()
    expect(ownOrigin(node({ localAddress: '127.0.0.1' }))).toBeUndefined()
    expect(ownOrigin({ req: {} })).toBeUndefined()
    expect(ownOrigin({ ctx: {} })).toBeUndefined()
    expect(ownOrigin(undefined)).toBeUndefined()
  })
})

describe('reservesParams', () => {
  const reserves = (url: string) => reservesParams(new URL(url, 'https://site.test'))

  it("finds Kit's reserved parameters, however encoded", () => {
    expect(reserves('/blog/x?x-sveltekit-foo=1')).toBe(true)
    expect(reserves('/blog/x?page=2&x%2Dsveltekit-foo')).toBe(true)
    expect(reserves('/blog/x?x-sveltekit-invalidated=01')).toBe(true)
    expect(reserves('/blog/x?page=2&sveltekit=1')).toBe(false)
    expect(reserves('/blog/x')).toBe(false)
  })

  it('lets data requests carry their own two', () => {
    expect(reserves('/blog/x/__data.json?x-sveltekit-invalidated=01&x-sveltekit-trailing-slash=1')).toBe(false)
    expect(reserves('/blog/x.html__data.json?x-sveltekit-invalidated=01')).toBe(false)
    expect(reserves('/blog/x/__data.json?x-sveltekit-foo=1')).toBe(true)
  })
})
