// The token an eager regeneration request carries (docs/architecture.md "Work no visitor waits on"): an
// HMAC of the one URL it may render and of when it stops being valid, so a captured token renders nothing
// else and is worthless within seconds. Derived from the secret, so any instance of the site accepts it;
// without a secret the key is random and only this process does.
import { toHex } from './key.ts'

/** A regeneration request is sent at once; clocks of instances may differ by a few seconds. */
export const TOKEN_LIFETIME_MS = 15_000
const LABEL = 'isrkit:regenerate:v2'
const encoder = new TextEncoder()

export class RegenerateTokens {
  readonly #key: Promise<CryptoKey>

  constructor(secret: string | undefined) {
    const material = secret ? encoder.encode(secret) : crypto.getRandomValues(new Uint8Array(32))
    this.#key = crypto.subtle.importKey('raw', material, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify'])
  }

  /** `<expires, epoch ms>.<hex HMAC of label, expiry and URL>`. */
  async issue(url: string, now: number): Promise<string> {
    const expires = now + TOKEN_LIFETIME_MS
    return `${expires}.${toHex(await this.#mac(expires, url))}`
  }

  /** Valid for exactly `url`, until its expiry (and never for longer than a lifetime from `now`). */
  async verify(token: string | null, url: string, now: number): Promise<boolean> {
    const match = token ? /^(\d{1,16})\.([0-9a-f]{64})$/.exec(token) : null
    if (!match?.[1] || !match[2]) return false
    const expires = Number(match[1])
    if (expires < now || expires > now + TOKEN_LIFETIME_MS * 2) return false
    const signature = fromHex(match[2])
    return crypto.subtle.verify(
      'HMAC',
      await this.#key,
      signature as Uint8Array<ArrayBuffer>,
      encoder.encode(payload(expires, url)),
    )
  }

  async #mac(expires: number, url: string): Promise<Uint8Array> {
    const bytes = encoder.encode(payload(expires, url))
    return new Uint8Array(await crypto.subtle.sign('HMAC', await this.#key, bytes))
  }
}

const payload = (expires: number, url: string) => `${LABEL}\n${expires}\n${url}`

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return out
}
