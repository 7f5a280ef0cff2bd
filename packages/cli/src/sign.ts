// Control requests are signed as @isrkit/core verifies them (its auth.ts), so the secret never travels:
// Standard Webhooks (https://www.standardwebhooks.com, spec "Signature scheme" and "Webhook headers").
// The CLI speaks HTTP only and does not depend on @isrkit/core; test/sign.test.ts holds it to fixed answers.
import { createHmac, randomUUID } from 'node:crypto'

/** Standard Webhooks' marker of a base64 secret: the key is the bytes it encodes. */
const SECRET_PREFIX = 'whsec_'

export interface SignInput {
  secret: string
  method: 'GET' | 'HEAD' | 'POST'
  /** The path and query the site receives, e.g. `/__isr/status`. */
  path: string
  /** The exact body sent (POST). */
  body?: string
  /** Epoch ms. */
  now?: number
  id?: string
}

/**
 * `webhook-id`, `webhook-timestamp` (unix seconds) and `webhook-signature: v1,<base64 HMAC-SHA256 of
 * "<id>.<timestamp>.<payload>">`; the payload is the body of a POST and `<METHOD> <path>` of a read, which
 * binds a read's signature to the one URL it was made for.
 */
export function signRequest(input: SignInput): Record<string, string> {
  const { secret, method, path, body = '', now = Date.now(), id = `msg_${randomUUID()}` } = input
  const timestamp = Math.floor(now / 1000)
  const payload = method === 'POST' ? body : `${method} ${path}`
  const mac = createHmac('sha256', signingKey(secret)).update(`${id}.${timestamp}.${payload}`).digest('base64')
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,${mac}` }
}

/** A `whsec_` secret is base64 of the key; any other secret is its UTF-8 bytes (as the site reads it). */
function signingKey(secret: string): Buffer {
  return secret.startsWith(SECRET_PREFIX)
    ? Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64')
    : Buffer.from(secret, 'utf8')
}
