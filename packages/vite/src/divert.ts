// Runs the rest of a Node stack (`next()`) with the ServerResponse diverted into a Web Response: what the app
// writes becomes its status, headers and body stream — with backpressure — while the socket stays free for
// the response isrkit decides to send. Node's `res` API is what Express, Connect and plain handlers write to,
// so this is the one place isrkit speaks it.
import { type ServerResponse, STATUS_CODES } from 'node:http'

const NULL_BODY = new Set([204, 205, 304])
/** Bytes buffered from the app before its writes report backpressure (as a socket would). */
const HIGH_WATER_MARK = 64 * 1024

type WriteCallback = (error?: Error | null) => void

export interface Diverted {
  /** Resolves when the app has decided its head (writeHead, flushHeaders, its first write or end). */
  response: Promise<Response>
  /** `res` as the app does not see it: the original methods, to send isrkit's response through. */
  sender: ServerResponse
}

export function divert(res: ServerResponse, run: () => void): Diverted {
  const original = {
    writeHead: res.writeHead,
    write: res.write,
    end: res.end,
    flushHeaders: res.flushHeaders,
    setHeader: res.setHeader,
    appendHeader: res.appendHeader,
    getHeader: res.getHeader,
    getHeaders: res.getHeaders,
    getHeaderNames: res.getHeaderNames,
    hasHeader: res.hasHeader,
    removeHeader: res.removeHeader,
  }
  // The app's headers live here, not on `res`: nothing it sets reaches the socket unless isrkit sends it.
  // Headers set on `res` before isrkit (a request id, security headers) stay there, outside every entry, and
  // go out with whatever isrkit sends, hit or miss.
  const store = new Map<string, { name: string; value: HeaderValue }>()
  let controller!: ReadableStreamDefaultController<Uint8Array>
  let waitingForDrain = false
  let closed = false
  const body = new ReadableStream<Uint8Array>(
    {
      start: (c) => {
        controller = c
      },
      pull: () => drained(),
      // The response it fed was dropped (client gone, body too large): the app's writes go nowhere, quietly.
      cancel: () => {
        closed = true
        drained()
      },
    },
    { highWaterMark: HIGH_WATER_MARK, size: (chunk) => chunk.byteLength },
  )
  const drained = () => {
    if (!waitingForDrain) return
    waitingForDrain = false
    res.emit('drain')
  }

  let settle!: (response: Response) => void
  let fail!: (error: unknown) => void
  const response = new Promise<Response>((resolve, reject) => {
    settle = resolve
    fail = reject
  })
  let committed = false
  const commit = () => {
    if (committed) return
    committed = true
    try {
      const status = res.statusCode
      const statusText = res.statusMessage || STATUS_CODES[status] || ''
      settle(new Response(NULL_BODY.has(status) ? null : body, { status, statusText, headers: headersOf(store) }))
    } catch (error) {
      fail(error)
    }
  }
  const enqueue = (chunk: unknown, encoding: BufferEncoding | undefined): boolean => {
    commit()
    if (closed || chunk === undefined || chunk === null) return true
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, encoding ?? 'utf8') : (chunk as Uint8Array)
    if (bytes.byteLength > 0) controller.enqueue(bytes)
    if ((controller.desiredSize ?? 1) > 0) return true
    waitingForDrain = true
    return false
  }

  const patch = res as unknown as Record<string, unknown>
  patch.setHeader = (name: string, value: HeaderValue) => {
    store.set(name.toLowerCase(), { name, value })
    return res
  }
  patch.appendHeader = (name: string, value: string | string[]) => {
    const current = store.get(name.toLowerCase())?.value
    const list = current === undefined ? [] : Array.isArray(current) ? current : [String(current)]
    store.set(name.toLowerCase(), { name, value: [...list, ...(Array.isArray(value) ? value : [value])] })
    return res
  }
  patch.getHeader = (name: string) => store.get(name.toLowerCase())?.value
  patch.getHeaders = () => Object.fromEntries([...store].map(([key, { value }]) => [key, value]))
  patch.getHeaderNames = () => [...store.keys()]
  patch.hasHeader = (name: string) => store.has(name.toLowerCase())
  patch.removeHeader = (name: string) => {
    store.delete(name.toLowerCase())
  }
  patch.writeHead = (status: number, ...rest: unknown[]) => {
    res.statusCode = status
    const [message, headers] = typeof rest[0] === 'string' ? [rest[0], rest[1]] : [undefined, rest[0]]
    if (message) res.statusMessage = message
    applyHeaders(res, headers)
    commit()
    return res
  }
  patch.flushHeaders = () => commit()
  patch.write = (chunk: unknown, encoding?: BufferEncoding | WriteCallback, cb?: WriteCallback) => {
    const callback = typeof encoding === 'function' ? encoding : cb
    const ok = enqueue(chunk, typeof encoding === 'string' ? encoding : undefined)
    if (callback) queueMicrotask(() => callback())
    return ok
  }
  patch.end = (chunk?: unknown, encoding?: BufferEncoding | WriteCallback, cb?: WriteCallback) => {
    const callback = [chunk, encoding, cb].find((a) => typeof a === 'function') as WriteCallback | undefined
    if (typeof chunk !== 'function') enqueue(chunk, typeof encoding === 'string' ? encoding : undefined)
    commit()
    if (!closed) {
      closed = true
      controller.close()
    }
    // The app is done: `res` is itself again (later writes by isrkit's sender use the originals anyway).
    Object.assign(res, original)
    if (callback) queueMicrotask(() => callback())
    return res
  }

  try {
    run()
  } catch (error) {
    Object.assign(res, original)
    fail(error)
  }
  return { response, sender: senderOf(res, original) }
}

/** Node lets writeHead take headers as an object, a flat [name, value, …] list, or [name, value] pairs. */
function applyHeaders(res: ServerResponse, headers: unknown): void {
  if (!headers) return
  if (!Array.isArray(headers)) {
    for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
      if (value !== undefined) res.setHeader(name, value as string | string[])
    }
    return
  }
  const pairs: [string, string][] = Array.isArray(headers[0])
    ? (headers as [string, string][])
    : Array.from({ length: headers.length / 2 }, (_, i) => [String(headers[2 * i]), String(headers[2 * i + 1])])
  // Grouped by lowercase name, as Node does: `Set-Cookie` and `set-cookie` are one header, each value kept.
  const grouped = new Map<string, { name: string; values: string[] }>()
  for (const [name, value] of pairs) {
    const group = grouped.get(name.toLowerCase())
    if (group) group.values.push(value)
    else grouped.set(name.toLowerCase(), { name, values: [value] })
  }
  for (const { name, values } of grouped.values()) {
    res.setHeader(name, values.length === 1 ? (values[0] as string) : values)
  }
}

type HeaderValue = number | string | readonly string[]

/** Each Set-Cookie stays its own header (Node keeps them as an array; Headers.append keeps them apart). */
function headersOf(store: Map<string, { name: string; value: HeaderValue }>): Headers {
  const headers = new Headers()
  for (const [name, { value }] of store) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v)
    else headers.set(name, String(value))
  }
  return headers
}

/** A view of `res` whose write methods are the originals, whatever the app's view of it says. */
function senderOf(res: ServerResponse, original: Record<string, unknown>): ServerResponse {
  const own = res as unknown as Record<string, unknown>
  // Node's methods call each other through `this` (writeHead calls setHeader, appendHeader and removeHeader when
  // `res` already holds headers): while one runs for the sender, `res` is itself again, even if the app still
  // writes into its diverted view.
  const unpatched =
    (method: (...args: unknown[]) => unknown) =>
    (...args: unknown[]) => {
      const patched = Object.keys(original).map((name) => [name, own[name]] as const)
      Object.assign(res, original)
      try {
        return method.apply(res, args)
      } finally {
        for (const [name, value] of patched) own[name] = value
      }
    }
  return new Proxy(res, {
    get(target, property) {
      if (typeof property === 'string' && Object.hasOwn(original, property)) {
        return unpatched(original[property] as (...args: unknown[]) => unknown)
      }
      const value = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
    set(target, property, value) {
      return Reflect.set(target, property, value, target)
    },
  })
}
