// Content codings of a stored page (docs/architecture.md "Compression"): which representation a request gets
// (RFC 9110 §12.5.3 Accept-Encoding, negotiated by jshttp's `negotiator`, as Express and `compression` do),
// and the ETag each representation carries (§8.8.3: a strong validator per representation).
import Negotiator from 'negotiator'

import { CONTENT_CODINGS, type ContentCoding } from './types.ts'

export type Coding = ContentCoding
export const IDENTITY = 'identity'

/** Negotiator 1.x takes the server's preference for ties; its published types predate that option. */
type Negotiating = { encodings(available: readonly string[], options: { preferred: readonly string[] }): string[] }

const PREFERRED: readonly string[] = [...CONTENT_CODINGS, IDENTITY]
/** Browsers send a handful of distinct headers: each is parsed once per set of representations. */
const chosen = new Map<string, string>()
const MEMO_LIMIT = 512

/**
 * The representation to send, among `available` (stored codings, plus `identity` when it can be made):
 * the client's highest q-value, brotli first among equals, `identity;q=0` respected. When nothing is
 * acceptable the answer is identity if available (RFC 9110 §12.5.3: respond without a content coding), else
 * the first stored one.
 */
export function negotiate(acceptEncoding: string | null, available: readonly string[]): string {
  const memo = `${acceptEncoding ?? ''}\n${available.join(',')}`
  const known = chosen.get(memo)
  if (known !== undefined) return known
  const negotiator = new Negotiator({ headers: { 'accept-encoding': acceptEncoding ?? undefined } })
  const accepted = (negotiator as unknown as Negotiating).encodings(available, { preferred: PREFERRED })
  const answer = accepted[0] ?? (available.includes(IDENTITY) ? IDENTITY : (available[0] ?? IDENTITY))
  if (chosen.size >= MEMO_LIMIT) chosen.clear()
  chosen.set(memo, answer)
  return answer
}

/**
 * The ETag of a representation isrkit made from the one rendered (`"abc"` → `"abc-br"`, `W/"abc"` →
 * `W/"abc-br"`): strong validators differ per representation, so a 304 never confirms another one's bytes.
 */
export function etagOf(sourceEtag: string, coding: string): string {
  const close = sourceEtag.lastIndexOf('"')
  if (close <= 0) return `"${sourceEtag}-${coding}"`
  return `${sourceEtag.slice(0, close)}-${coding}${sourceEtag.slice(close)}`
}

/** RFC 9110 §12.5.5: a cache answering by Accept-Encoding says so, merged into the page's own Vary. */
export function withVaryAcceptEncoding(vary: string | undefined): string {
  if (!vary) return 'Accept-Encoding'
  const names = vary.split(',').map((name) => name.trim().toLowerCase())
  return names.includes('accept-encoding') || names.includes('*') ? vary : `${vary}, Accept-Encoding`
}
