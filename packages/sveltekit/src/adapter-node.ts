// The URL adapter-node's handler gives Kit for a Node request (`get_origin` in its handler.js, adapter-node 5
// and 6): `https://<Host>` followed by the request-target as received, unless PROTOCOL_HEADER, HOST_HEADER or
// PORT_HEADER name headers a proxy sets. Where adapter-node builds every URL on a fixed origin instead
// (ORIGIN, Kit 3's `paths.origin`), this URL still names the entry Kit's names for the same request, or one
// the hook never stored (it stores entries under the origin of Kit's URLs only): a miss, which Kit answers.
import type { IncomingMessage } from 'node:http'

/** The request headers adapter-node reads the origin from, lowercased; '' for those it is not told of. */
export interface ProxyHeaders {
  protocol: string
  host: string
  port: string
}

/** adapter-node's variables, read once as its handler does, under the `envPrefix` given to the adapter. */
export function proxyHeaders(envPrefix = '', env: Record<string, string | undefined> = process.env): ProxyHeaders {
  const read = (name: string) => (env[`${envPrefix}${name}`] ?? '').toLowerCase()
  return { protocol: read('PROTOCOL_HEADER'), host: read('HOST_HEADER'), port: read('PORT_HEADER') }
}

/** Kit's URL for the request; undefined where adapter-node answers 400 itself. */
export function kitUrl(req: IncomingMessage, proxy: ProxyHeaders): string | undefined {
  const forwarded = { protocol: once(req, proxy.protocol), host: once(req, proxy.host), port: once(req, proxy.port) }
  const hostHeader = once(req, 'host')
  if (forwarded.protocol === null || forwarded.host === null || forwarded.port === null || hostHeader === null) {
    return undefined
  }
  const protocol = decoded(forwarded.protocol || 'https')
  // adapter-node refuses a scheme with a colon: it could inject a host.
  if (protocol === undefined || protocol.includes(':')) return undefined
  const host = forwarded.host || hostHeader
  if (!host) return undefined
  if (forwarded.port && Number.isNaN(Number(forwarded.port))) return undefined
  // Concatenated as Kit's getRequest does: an absolute-form target makes no URL, and Kit answers 400.
  const url = `${protocol}://${host}${forwarded.port ? `:${forwarded.port}` : ''}${req.url ?? '/'}`
  return URL.canParse(url) ? url : undefined
}

/**
 * A header adapter-node expects once; null when given several times (Node joins repeated headers into one
 * value, except the few it keeps as lists), which adapter-node refuses.
 */
function once(req: IncomingMessage, name: string): string | undefined | null {
  if (!name) return undefined
  const value = req.headers[name]
  if (!Array.isArray(value)) return value
  return value.length > 1 ? null : value[0]
}

function decoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text)
  } catch {
    return undefined
  }
}
