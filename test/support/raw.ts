// Requests fetch() cannot make: any Host header, a request-target sent exactly as given (dot segments,
// absolute form). What an attacker's curl sends.
import { request } from 'node:http'

export interface RawAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

export function rawGet(url: string, target: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path: target, headers, agent: false, setHost: !headers.host }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', reject)
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
      )
    })
    req.on('error', reject)
    req.end()
  })
}

export interface RawBytes {
  status: number
  headers: Record<string, string | string[] | undefined>
  /** The bytes as sent: fetch() would decode a compressed body. */
  body: Buffer
}

export function rawBytes(
  url: string,
  target: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<RawBytes> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path: target, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', reject)
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end()
  })
}
