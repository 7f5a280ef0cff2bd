// For vendors that sign nothing and send the credentials configured on the webhook (Strapi, DatoCMS):
// `Authorization: Bearer <secret>`, or HTTP basic with the secret as password, compared in constant time.
import { equalText } from './crypto.ts'
import type { Verdict } from './vendor.ts'

export function bearerOrBasic(headers: Headers, secret: string, vendor: string): Verdict {
  const header = headers.get('authorization') ?? ''
  const bearer = /^Bearer[ \t]+(\S+)\s*$/i.exec(header)?.[1]
  const basic = /^Basic[ \t]+(\S+)\s*$/i.exec(header)?.[1]
  const given = bearer ?? (basic ? passwordOf(basic) : undefined)
  if (given === undefined) {
    return { ok: false, reason: `missing credentials: add "Authorization: Bearer <secret>" to the ${vendor} webhook` }
  }
  return equalText(given, secret) ? { ok: true } : { ok: false, reason: 'wrong credentials' }
}

function passwordOf(encoded: string): string | undefined {
  try {
    const decoded = atob(encoded)
    const at = decoded.indexOf(':')
    return at === -1 ? undefined : decoded.slice(at + 1)
  } catch {
    return undefined
  }
}
