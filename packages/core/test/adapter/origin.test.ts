// The origins an adapter knows of (adapter/origin.ts): the public one, and where its server reaches itself.
import { describe, expect, it } from 'vitest'
import { httpOrigin, originFor, socketOrigin } from '../../src/adapter/origin.ts'

describe('httpOrigin', () => {
  it("is an http(s) URL's origin, without a base path; nothing for other schemes, credentials or junk", () => {
    expect(httpOrigin('https://example.com/blog/')).toBe('https://example.com')
    expect(httpOrigin('http://localhost:4321')).toBe('http://localhost:4321')
    expect(httpOrigin('ftp://example.com')).toBeUndefined()
    expect(httpOrigin('https://user:pw@example.com')).toBeUndefined()
    expect(httpOrigin('example.com')).toBeUndefined()
    expect(httpOrigin(undefined)).toBeUndefined()
  })
})

describe('originFor', () => {
  it("takes the user's origin, else the framework's, unless hosts are listed", () => {
    expect(originFor({ origin: 'https://a.example' }, 'https://b.example')).toBe('https://a.example')
    expect(originFor({}, 'https://b.example/base/')).toBe('https://b.example')
    expect(originFor({ hosts: ['a.example', 'b.example'] }, 'https://b.example')).toBeUndefined()
    expect(originFor({}, undefined)).toBeUndefined()
  })
})

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
