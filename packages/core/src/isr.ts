// createISR: the request flow of docs/architecture.md, calling the modules that each make one decision.
import { LRUCache } from 'lru-cache'
import { Credentials, WEBHOOK_HEADERS } from './auth.ts'
import { createCachedFunctions } from './cached.ts'
import { createCluster } from './cluster.ts'
import { waitAtMost } from './deadline.ts'
import { DEFAULT_CLOSE_GRACE } from './defaults.ts'
import { previousBuild, previousBuildEntry } from './deploy.ts'
import {
  DEFAULT_WAIT_SECONDS,
  type EntriesQuery,
  handleEndpoint,
  isEndpointPath,
  MAX_SETTLE_SECONDS,
  MAX_WAIT_SECONDS,
  type RevalidateRequest,
  validSettle,
  validWait,
} from './endpoint.ts'
import { bodyBytes } from './entry.ts'
import { aroundErrorPage, isBodylessError } from './error-pages.ts'
import { closedError, invalidationArgumentError, messageOf } from './errors.ts'
import { Events } from './events.ts'
import { explain } from './explain.ts'
import { Backoff, Flights } from './flight.ts'
import { classify } from './freshness.ts'
import { type Minute, mergeMinutes } from './history.ts'
import { handleHook, isHookPath } from './hooks/index.ts'
import { Janitor } from './janitor.ts'
import { pathKey } from './key.ts'
import { type ResolvedOptions, resolveOptions } from './options.ts'
import {
  REGENERATE_HEADER,
  regenerateInBackground,
  requestRegeneration,
  toOrigin,
  VERIFY_REGENERATION,
  verifyRegeneration,
} from './regenerate.ts'
import { ReplayGuard } from './replay.ts'
import { type CachePlan, planRequest } from './request.ts'
import type { Cache, Call, Runtime } from './runtime.ts'
import { answerRegenerate, bypass, hit, hitAnswer, miss, servable, serveStale } from './serve.ts'
import type { Backend } from './storage-types.ts'
import { EntryStore } from './store.ts'
import { Invalidations } from './tags.ts'
import { Tail, tailResponse } from './tail.ts'
import { RegenerateTokens } from './token.ts'
import type {
  HandleContext,
  ISR,
  ISROptions,
  ISRStatus,
  LookupContext,
  Render,
  RequestLike,
  RevalidateMode,
  RevalidateOptions,
  RevalidateResult,
} from './types.ts'
import { REVALIDATE_MODES } from './types.ts'
import { alternatives } from './validate.ts'
import { Variants } from './variants.ts'

export function createISR(options?: ISROptions): ISR {
  const o = resolveOptions(options)
  const events = new Events(o.onEvent, o.logger, { driver: o.backing.name, now: o.now })
  if (options?.buildId === 'auto' && !o.buildId) {
    events.warnOnce(
      "[isrkit] buildId 'auto' found no build id (set ISR_BUILD_ID, or your platform's commit variable): entries are not scoped to a build.",
    )
  }
  const report = (error: Error, key?: string) => events.error(error, key)
  const cluster = createCluster(o, {
    minutes: () => events.history.minutes(),
    warn: (message) => events.warnOnce(message),
    report,
    observeStorage: (operation, seconds, ok) => events.storageCall(operation, seconds, ok),
  })
  const { backend } = cluster
  const janitor = startJanitor(o, backend, report)
  const pending = new Set<Promise<unknown>>()
  let closed = false
  let closing: Promise<void> | undefined
  /** The last `ctx.origin` an adapter gave: the server's own address, for eager regeneration from code. */
  let ownOrigin: string | undefined
  const cache: Cache = {
    store: new EntryStore({ backend, shared: o.backing.shared, ...pick(o), report }),
    variants: new Variants(),
    // The most recent refusals: an operator asks about a page soon after it was not stored.
    notStored: new LRUCache<string, string>({ max: 10_000 }),
    invalidations: new Invalidations({
      backend,
      namespace: o.namespace,
      report,
      now: o.now,
      refreshMs: cluster.refreshMs,
      recordTtl: o.routes.maxLifetime,
    }),
  }
  // The dashboard's live tail: this instance's events, and the others' while a dashboard is connected.
  const tail = new Tail({ self: cluster.peers.own().id, now: o.now, publish: cluster.publish })
  events.listen((event) => tail.local(event))
  cluster.listen({ store: cache.store, invalidations: cache.invalidations, tail })
  const credentials = new Credentials(o.secret)
  const rt: Runtime = {
    o,
    events,
    cache,
    flight: { single: new Flights(), backoff: new Backoff(o.now) },
    cluster,
    tokens: new RegenerateTokens(o.secret),
    stamp: monotonic(o.now),
    previousBuild: previousBuild(backend, o.namespace, o.buildId, report),
    track(promise, ctx) {
      const settled = promise.catch((error: unknown) =>
        report(error instanceof Error ? error : new Error(String(error))),
      )
      pending.add(settled)
      void settled.finally(() => pending.delete(settled))
      ctx?.waitUntil?.(settled)
    },
  }

  /** Ids of the signed control requests accepted, here and (through shared storage) on every instance. */
  const replays = new ReplayGuard({
    backend,
    namespace: o.namespace,
    shared: o.backing.shared,
    now: o.now,
    report,
  })

  /**
   * The storage is opened by the first request. A driver that cannot be loaded (a package missing from the
   * app) fails every request, loudly: a memory cache of this process's own would share nothing with the
   * other instances while looking healthy.
   */
  let storageOpen = false
  async function openStorageOrThrow(): Promise<void> {
    try {
      await backend()
    } catch (error) {
      report(error as Error)
      throw error
    }
    storageOpen = true
  }

  function handle(request: Request, render: Render, ctx: HandleContext = {}): Promise<Response> {
    return ctx.rendersErrorPages ? answer(request, render, ctx).then(aroundErrorPage) : answer(request, render, ctx)
  }

  async function answer(request: Request, render: Render, ctx: HandleContext): Promise<Response> {
    if (closed) throw closedError()
    if (!storageOpen) await openStorageOrThrow()
    const url = new URL(request.url)
    const call: Call = { request, render, ctx }
    if (ctx.origin) ownOrigin = ctx.origin
    if (o.webhooks.size > 0 && isHookPath(url.pathname, o.endpoint)) {
      return handleHook(request, url, {
        prefix: o.endpoint,
        hooks: o.webhooks,
        replays,
        now: o.now,
        revalidate,
        report,
      })
    }
    if (o.secret && isEndpointPath(url.pathname, o.endpoint)) {
      return handleEndpoint(request, url, {
        prefix: o.endpoint,
        secret: o.secret,
        credentials,
        replays,
        now: o.now,
        revalidate,
        status,
        metrics,
        explain: (target, from) => explainFor(target, from, ctx),
        history,
        entries,
        events: (from) => tailResponse(tail, from.signal),
      })
    }
    if (request.headers.has(REGENERATE_HEADER)) {
      const answered = await answerRegenerate(rt, call)
      if (answered) return answered
    }
    const plan = planRequest(request, url, o, ctx)
    if ('bypass' in plan) return bypass(rt, call, plan.bypass)
    if (!rt.cache.variants.admits(plan.key, plan.route.query.maxVariants)) return bypass(rt, call, 'variant-limit')
    const entry = rt.cache.store.peek(plan.key.id) ?? (await rt.cache.store.get(plan.key.id, plan.key.path))
    if (!entry) return coldMiss(plan, call)
    if (!servable(plan, entry)) return bypass(rt, call, 'cookie')
    const times = rt.cache.invalidations.peek(entry.meta) ?? (await rt.cache.invalidations.times(entry.meta))
    switch (classify(entry.meta, o.now(), times)) {
      case 'fresh':
        return hit(rt, plan, entry, call)
      case 'stale':
        regenerateInBackground(rt, plan, call, entry)
        return serveStale(rt, plan, entry, call, 'revalidate')
      case 'expired':
        return miss(rt, plan, call, entry)
      case 'gone':
        return miss(rt, plan, call, undefined)
    }
  }

  /** Nothing stored for this build: the previous build's entry may stand in while this build renders. */
  async function coldMiss(plan: CachePlan, call: Call): Promise<Response> {
    const previous = await previousBuildEntry(rt, plan)
    if (!previous || !servable(plan, previous)) return miss(rt, plan, call, undefined)
    regenerateInBackground(rt, plan, call, previous)
    return serveStale(rt, plan, previous, call, 'previous-build')
  }

  /** The memory tier only: a fast path must stay cheap, and anything it cannot answer goes on to `handle`. */
  async function lookup(request: RequestLike, ctx: LookupContext = {}) {
    if (closed || !storageOpen) return undefined
    const url = new URL(request.url)
    const control = (o.secret || o.webhooks.size > 0) && isEndpointPath(url.pathname, o.endpoint)
    if (control || request.headers.has(REGENERATE_HEADER)) return undefined
    const plan = planRequest(request, url, o, ctx)
    if ('bypass' in plan) return undefined
    const entry = rt.cache.store.peek(plan.key.id)
    if (!entry || !servable(plan, entry)) return undefined
    if (ctx.rendersErrorPages && isBodylessError(entry.meta.status, bodyBytes(entry) === 0)) return undefined
    const times = rt.cache.invalidations.peek(entry.meta) ?? (await rt.cache.invalidations.times(entry.meta))
    if (classify(entry.meta, o.now(), times) !== 'fresh') return undefined
    return hitAnswer(rt, plan, entry, request)
  }

  /**
   * The explained request: the target URL with the asking request's headers but its credentials, planned as
   * the adapter plans a visitor's (cookie observation and all), never with the asking request's own target.
   */
  function explainFor(target: URL, from: Request, ctx: HandleContext) {
    const headers = new Headers(from.headers)
    for (const name of ['authorization', ...WEBHOOK_HEADERS]) headers.delete(name)
    const probe = new Request(target, { headers })
    const { target: _target, routeId: _routeId, path: _path, ...flags } = ctx
    const plan = planRequest(probe, target, o, flags)
    return explain(rt, plan, o.routes.match(target.pathname))
  }

  /** Stored for instances to come, and told to those running (within the bus's latency). */
  async function record(kind: 'tag' | 'path', names: string[], purge: boolean, at: number, settle: number, id: string) {
    if (names.length === 0) return
    await rt.cache.invalidations.record(kind, names, purge, at, settle)
    await rt.cluster.publish({ type: 'invalidate', kind, names, at, purge, id, ...(settle ? { settle } : {}) })
  }

  async function revalidate(request: RevalidateRequest): Promise<RevalidateResult> {
    if (closed) throw closedError()
    const at = rt.stamp()
    const purge = request.mode === 'purge'
    // docs/architecture.md "Invalidation": a settle window makes what is rendered during it stale at its end.
    const settle = request.settle > 0 ? at + request.settle * 1000 : 0
    const affected = affectedVariants(request)
    // docs/architecture.md "Receipts": the other instances acknowledge each message of it.
    const id = crypto.randomUUID()
    const receipts = cluster.hasBus()
    if (receipts) cluster.peers.expect(id, Number(request.paths.length > 0) + Number(request.tags.length > 0))
    // This instance applies it at once (its records, its memory tier); shared storage and the bus get the
    // rest within storageTimeout or in the background, so a paused storage delays no invalidation longer.
    const writes = Promise.all([
      record('path', request.paths.map(normalizePath), purge, at, settle, id),
      record('tag', request.tags, purge, at, settle, id),
      ...(purge ? affected.map((v) => rt.cache.store.delete(v.id, v.path)) : []),
    ])
    rt.track(writes)
    await waitAtMost(writes, o.storageTimeoutMs)
    let regenerating = 0
    if (request.mode === 'eager') {
      // The server's own address, else the configured origin — never a Host header (a visitor's choice).
      const target = ownOrigin ?? o.origin
      if (target) {
        // Pages only: a cached function's result is refreshed by its next call, which finds it stale.
        const pages = affected.filter((variant) => variant.path.startsWith('/'))
        for (const variant of pages) rt.track(requestRegeneration(rt, toOrigin(target), variant))
        regenerating = pages.length
      } else {
        events.warnOnce(
          "[isrkit] mode 'eager' needs the `origin` option (or an adapter that knows the server's own address); the pages were marked stale instead.",
        )
      }
    }
    events.emit({ type: 'revalidate', mode: request.mode, paths: request.paths, tags: request.tags })
    const result = { mode: request.mode, paths: request.paths, tags: request.tags, at, regenerating }
    if (!receipts) return result
    return { ...result, instances: await cluster.peers.receipts(id, request.wait * 1000) }
  }

  /** Entries this process knows of: the variants of each path, and memory-tier entries carrying a tag. */
  function affectedVariants(request: RevalidateRequest) {
    const found = new Map<string, { id: string; path: string; url: string; replay: [string, string][] }>()
    for (const path of request.paths) {
      const p = normalizePath(path)
      for (const v of rt.cache.variants.of(p)) found.set(v.id, { ...v, path: p })
    }
    if (request.tags.length > 0 && rt.cache.store.memory) {
      const tags = new Set(request.tags)
      for (const [id, entry] of rt.cache.store.memory.entries()) {
        if (entry.meta.tags.some((t) => tags.has(t))) {
          found.set(id, { id, path: entry.meta.path, url: entry.meta.url, replay: entry.meta.replay })
        }
      }
    }
    return [...found.values()]
  }

  async function status(): Promise<ISRStatus> {
    const c = events.counters
    const served = c.hits + c.stale + c.misses
    const memory = rt.cache.store.memory
    return {
      ...c,
      instance: cluster.peers.own(),
      instances: cluster.peers.alive(),
      hitRatio: served === 0 ? 0 : (c.hits + c.stale) / served,
      memory: memory ? { entries: memory.size, bytes: memory.calculatedSize, maxBytes: memory.maxSize } : false,
      storage: await storageHealth(backend, o.backing.name),
    }
  }

  /** The site's last hour, minute by minute: this instance's and what the others' heartbeats carried. */
  function history(): { minutes: Minute[]; instances: number } {
    const peers = cluster.peers.alive()
    const minutes = mergeMinutes(o.now(), events.history.minutes(), ...peers.map((peer) => peer.minutes))
    return { minutes, instances: peers.length + 1 }
  }

  /** The index's entries matching `query`, newest first, each with its verdict now (docs "Seeing the cache"). */
  async function entries(query: EntriesQuery) {
    const index = await rt.cache.store.index()
    const all = await index.list().catch((error: unknown) => {
      report(error as Error)
      return []
    })
    const matching = all.filter(
      (item) => (!query.path || item.path.includes(query.path)) && (!query.tag || item.tags.includes(query.tag)),
    )
    const now = o.now()
    const listed = await Promise.all(
      matching.slice(0, query.limit).map(async (item) => {
        const times = rt.cache.invalidations.peek(item) ?? (await rt.cache.invalidations.times(item))
        const verdict = classify(item, now, times)
        // Variants (query strings, vary values) as this instance stored them; at least the one listed.
        const variants = Math.max(1, rt.cache.variants.of(item.path).length)
        return { ...item, age: Math.floor((now - item.createdAt) / 1000), verdict, variants }
      }),
    )
    return { shared: index.shared, total: matching.length, entries: listed }
  }

  function metrics(): string {
    const memory = rt.cache.store.memory
    return events.metrics.text({
      memoryBytes: memory?.calculatedSize ?? 0,
      memoryEntries: memory?.size ?? 0,
      memoryMaxBytes: memory?.maxSize ?? 0,
    })
  }

  const verify = (request: Request) => verifyRegeneration(rt, request)
  const functions = createCachedFunctions(rt, () => closed)
  const isr: ISR = {
    handle,
    lookup,
    cached: functions.cached,
    revalidateCached: async (name, ...args) =>
      revalidate({
        paths: [],
        tags: await functions.tagsOf(name, args.length > 0 ? args : undefined),
        mode: 'stale',
        settle: 0,
        wait: DEFAULT_WAIT_SECONDS,
      }),
    revalidatePath: (path, opts) => revalidate(invalidation('path', path, opts)),
    revalidateTag: (tag, opts) => revalidate(invalidation('tag', tag, opts)),
    status,
    // Every caller (the adapter at shutdown, the user's own) waits for the one closing.
    close({ grace = DEFAULT_CLOSE_GRACE } = {}) {
      closing ??= (async () => {
        closed = true
        // Background renders get a bounded grace (a process manager kills what outlives its own); the
        // connections then close, so nothing of isrkit's keeps the process alive.
        await waitAtMost(Promise.allSettled([...pending, janitor?.stop()]), grace * 1000)
        tail.close()
        await cluster.close()
      })()
      return closing
    },
  }
  // Adapters ask it through isRegeneration (@isrkit/core/adapter); it is not the user's API.
  return Object.assign(isr, { [VERIFY_REGENERATION]: verify })
}

/** Storage that keeps TTLs itself (Redis) needs no sweeping. */
function startJanitor(o: ResolvedOptions, backend: () => Promise<Backend>, report: (error: Error) => void) {
  if (o.janitorMs === false || o.backing.expires) return undefined
  const janitor = new Janitor({
    backend,
    namespace: o.namespace,
    now: o.now,
    report,
    intervalMs: o.janitorMs,
    recordLifetimeMs: o.routes.maxLifetime * 1000,
  })
  janitor.start()
  return janitor
}

function monotonic(now: () => number): () => number {
  let last = Number.NEGATIVE_INFINITY
  return () => {
    last = Math.max(now(), last + 1)
    return last
  }
}

function pick(o: ReturnType<typeof resolveOptions>) {
  const { memoryMaxBytes, namespace, buildId, now } = o
  return { memoryMaxBytes, namespace, buildId, now }
}

/** `/blog/` and `/blog` are one page to an editor; `https://site/blog?x` is accepted as its path. */
function normalizePath(path: string): string {
  return pathKey(new URL(path, 'http://isr.invalid').pathname)
}

function invalidation(kind: 'path' | 'tag', value: string | string[], opts: RevalidateOptions = {}): RevalidateRequest {
  const list = Array.isArray(value) ? value : [value]
  for (const item of list) {
    if (typeof item !== 'string' || item === '' || (kind === 'path' && !item.startsWith('/'))) {
      const expected =
        kind === 'path' ? "a path starting with '/' or a list of them" : 'a non-empty tag or a list of them'
      throw invalidationArgumentError(kind, expected, item)
    }
  }
  const mode: RevalidateMode = opts.mode ?? 'stale'
  if (!REVALIDATE_MODES.includes(mode)) {
    throw invalidationArgumentError('mode', alternatives(REVALIDATE_MODES), mode)
  }
  const settle = opts.settle ?? 0
  if (!validSettle(settle)) throw invalidationArgumentError('settle', `seconds from 0 to ${MAX_SETTLE_SECONDS}`, settle)
  const wait = opts.wait ?? DEFAULT_WAIT_SECONDS
  if (!validWait(wait)) throw invalidationArgumentError('wait', `seconds from 0 to ${MAX_WAIT_SECONDS}`, wait)
  const request = { mode, settle, wait }
  return kind === 'path' ? { paths: list, tags: [], ...request } : { paths: [], tags: list, ...request }
}

async function storageHealth(backend: () => Promise<Backend>, driver: string) {
  const started = performance.now()
  try {
    await (await backend()).ping()
    return { ok: true, driver, latencyMs: Math.round((performance.now() - started) * 100) / 100 }
  } catch (cause) {
    const error = messageOf(cause)
    return { ok: false, driver, latencyMs: Math.round((performance.now() - started) * 100) / 100, error }
  }
}
