// The URL adapter-node gives Kit for a Node request (adapter-node.ts), as its handler builds it.
import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { kitUrl, proxyHeaders } from '../src/adapter-node.ts'

const incoming = (url: string, headers: IncomingMessage['headers']) => ({ url, headers }) as IncomingMessage
const direct = proxyHeaders('', {})

describe('kitUrl', () => {
  it('builds https://<Host> and the target when no proxy header is named', () => {
    expect(kitUrl(incoming('/blog/x?page=2', { host: '127.0.0.1:3000' }), direct)).toBe(
      'https://127.0.0.1:3000/blog/x?page=2',
    )
    // A proxy's headers count only when adapter-node is told of them.
    const forwarded = { host: 'internal:3000', 'x-forwarded-proto': 'http', 'x-forwarded-host': 'evil.test' }
    expect(kitUrl(incoming('/', forwarded), direct)).toBe('https://internal:3000/')
  })

  it('reads the headers PROTOCOL_HEADER, HOST_HEADER and PORT_HEADER name, under the envPrefix', () => {
    const env = { APP_PROTOCOL_HEADER: 'X-Forwarded-Proto', APP_HOST_HEADER: 'x-forwarded-host', PORT_HEADER: 'x-port' }
    const proxy = proxyHeaders('APP_', env)
    const headers = { host: 'internal', 'x-forwarded-proto': 'http', 'x-forwarded-host': 'site.test', 'x-port': '8' }
    expect(kitUrl(incoming('/a', headers), proxy)).toBe('http://site.test/a')
    // Without the prefix, only the unprefixed variable is read.
    expect(kitUrl(incoming('/a', headers), proxyHeaders('', env))).toBe('https://internal:8/a')
  })

  it.each<[string, IncomingMessage['headers'], string]>([
    ['no Host', {}, '/'],
    ['a scheme with a colon', { host: 'site.test', 'x-forwarded-proto': 'https://evil.test#' }, '/'],
    ['a scheme that does not decode', { host: 'site.test', 'x-forwarded-proto': '%E0' }, '/'],
    ['a port that is no number', { host: 'site.test', 'x-forwarded-port': 'x' }, '/'],
    ['a header given twice', { host: 'site.test', 'x-forwarded-proto': ['http', 'https'] }, '/'],
    ['an absolute-form target', { host: 'site.test:3000' }, 'http://evil.test/x'],
  ])('makes no URL of a request with %s, which adapter-node answers 400', (_, headers, target) => {
    const proxy = { protocol: 'x-forwarded-proto', host: '', port: 'x-forwarded-port' }
    expect(kitUrl(incoming(target, headers), proxy)).toBeUndefined()
  })
})
