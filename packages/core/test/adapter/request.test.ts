// What an adapter asks of a request (adapter/request.ts): where its server reaches itself.
import { describe, expect, it } from 'vitest'
import { socketOrigin } from '../../src/adapter/request.ts'

describe('socketOrigin', () => {
  it('is the local address and port of a plain socket, IPv4-mapped and IPv6 written as URLs take them', () => {
    expect(socketOrigin({ localAddress: '127.0.0.1', localPort: 3000 })).toBe('http://127.0.0.1:3000')
    expect(socketOrigin({ localAddress: '::ffff:10.0.0.2', localPort: 80 })).toBe('http://10.0.0.2:80')
    expect(socketOrigin({ localAddress: '::1', localPort: 4321 })).toBe('http://[::1]:4321')
  })

  it('is undefined for TLS sockets and sockets without an address', () => {
    expect(socketOrigin({ localAddress: '127.0.0.1', localPort: 443, encrypted: true })).toBeUndefined()
    expect(socketOrigin({ localPort: 3000 })).toBeUndefined()
    expect(socketOrigin(undefined)).toBeUndefined()
  })
})
