// What verifying the vendors' signatures takes, on Web Crypto (core runs where Node's crypto does not):
// HMACs in the encodings vendors print them in, and comparisons whose time never depends on the bytes.

const encoder = new TextEncoder()

export type HashName = 'SHA-1' | 'SHA-256'

export async function hmac(
  hash: HashName,
  secret: string | Uint8Array,
  data: string | Uint8Array,
): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    'raw',
    (typeof secret === 'string' ? encoder.encode(secret) : secret) as Uint8Array<ArrayBuffer>,
    { name: 'HMAC', hash },
    false,
    ['sign'],
  )
  const bytes = typeof data === 'string' ? encoder.encode(data) : data
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, bytes as Uint8Array<ArrayBuffer>))
}

/** Whether two strings are equal, in a time that depends on their lengths only. */
export function equalText(a: string, b: string): boolean {
  const x = encoder.encode(a)
  const y = encoder.encode(b)
  let diff = x.byteLength ^ y.byteLength
  for (let i = 0; i < Math.max(x.byteLength, y.byteLength); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0)
  return diff === 0
}

export function base64(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

/** RFC 4648 §5, without padding. */
export function base64url(bytes: Uint8Array): string {
  return base64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** `a=1,b=2` (spaces around parts allowed) as a map; a repeated name keeps every value. */
export function parseParams(header: string): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const part of header.split(',')) {
    const at = part.indexOf('=')
    if (at <= 0) continue
    const name = part.slice(0, at).trim()
    out.set(name, [...(out.get(name) ?? []), part.slice(at + 1).trim()])
  }
  return out
}
