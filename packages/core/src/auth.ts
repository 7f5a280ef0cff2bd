// Credentials of the control endpoint and of eager regeneration requests. Comparisons are constant-time:
// HMAC verification through Web Crypto, and bearer tokens compared as HMAC digests of equal length.
import { toHex } from './key.ts'

const encoder = new TextEncoder()

export class Credentials {
  readonly #key: Promise<CryptoKey>
  #regenerateToken: Promise<string> | undefined

  /** Without a secret the key is random: eager regeneration then works within this process only. */
  constructor(secret: string | undefined) {
    const material = secret ? encoder.encode(secret) : crypto.getRandomValues(new Uint8Array(32))
    this.#key = crypto.subtle.importKey('raw', material, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify'])
  }

  /** `Authorization: Bearer <secret>`: both sides are MACed so the comparison never depends on where they differ. */
  async verifyBearer(header: string | null, secret: string): Promise<boolean> {
    const match = header ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header) : null
    if (!match?.[1]) return false
    const [given, expected] = await Promise.all([this.#mac(match[1]), this.#mac(secret)])
    return equalBytes(given, expected)
  }

  /** `x-isr-signature: sha256=<hex HMAC-SHA256 of the raw body>` (GitHub's webhook convention). */
  async verifySignature(header: string | null, body: Uint8Array): Promise<boolean> {
    const match = header ? /^sha256=([0-9a-f]{64})$/i.exec(header.trim()) : null
    if (!match?.[1]) return false
    const signature = fromHex(match[1])
    return crypto.subtle.verify(
      'HMAC',
      await this.#key,
      signature as Uint8Array<ArrayBuffer>,
      body as Uint8Array<ArrayBuffer>,
    )
  }

  async sign(body: Uint8Array): Promise<string> {
    return `sha256=${toHex(await this.#mac(body))}`
  }

  /** The token an eager regeneration request carries; derived from the secret so every instance accepts it. */
  regenerateToken(): Promise<string> {
    this.#regenerateToken ??= this.#mac('isrkit:regenerate:v1').then(toHex)
    return this.#regenerateToken
  }

  async verifyRegenerateToken(candidate: string | null): Promise<boolean> {
    if (!candidate) return false
    const [given, expected] = await Promise.all([this.#mac(candidate), this.#mac(await this.regenerateToken())])
    return equalBytes(given, expected)
  }

  async #mac(data: string | Uint8Array): Promise<Uint8Array> {
    const bytes = typeof data === 'string' ? encoder.encode(data) : data
    return new Uint8Array(await crypto.subtle.sign('HMAC', await this.#key, bytes as Uint8Array<ArrayBuffer>))
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false
  let diff = 0
  for (let i = 0; i < a.byteLength; i++) diff |= (a[i] as number) ^ (b[i] as number)
  return diff === 0
}

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return out
}
