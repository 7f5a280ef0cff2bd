// Deploy policy (the `buildId` and `previousBuild` options): entries are scoped to the build that rendered
// them, so a deploy never serves HTML linking assets it deleted; optionally, the previous build's entry
// stands in as stale while this build renders its own, so a deploy does not start cold.

import type { Entry } from './entry.ts'
import { classify } from './freshness.ts'
import type { CachePlan } from './request.ts'
import type { Runtime } from './runtime.ts'
import type { Backend } from './storage-types.ts'

interface BuildRecord {
  current: string
  previous?: string
}

/**
 * The build that ran before this one, learnt from a record in shared storage that each new build updates
 * on first use. Read once per process; a storage failure is reported and means "none" until the next call.
 */
export function previousBuild(
  backend: () => Promise<Backend>,
  namespace: string,
  buildId: string,
  report: (e: Error) => void,
) {
  let known: Promise<string | undefined> | undefined
  const key = `${namespace}:builds`
  const learn = async (): Promise<string | undefined> => {
    const b = await backend()
    const record = asRecord(await b.getJSON(key))
    if (record?.current === buildId) return record.previous
    await b.setJSON(key, { current: buildId, previous: record?.current } satisfies BuildRecord)
    return record?.current
  }
  return (): Promise<string | undefined> => {
    known ??= learn().catch((error: unknown) => {
      known = undefined
      report(error instanceof Error ? error : new Error(String(error)))
      return undefined
    })
    return known
  }
}

/** A record someone else wrote (or garbage) reads as no record. */
function asRecord(value: unknown): BuildRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const { current, previous } = value as Record<string, unknown>
  if (typeof current !== 'string') return undefined
  return { current, previous: typeof previous === 'string' ? previous : undefined }
}

/** The same key under another build: ids are `<namespace>:<buildId>:…` (key.ts). */
export function keyInBuild(id: string, namespace: string, from: string, to: string): string | undefined {
  const prefix = `${namespace}:${from}:`
  return id.startsWith(prefix) ? `${namespace}:${to}:${id.slice(prefix.length)}` : undefined
}

/**
 * `previousBuild: 'stale'`: on a miss, the previous build's entry for the same key, if it may still be
 * served (within `expire`, not purged since; an invalidated one is served stale anyway). The caller serves it
 * as stale and regenerates under this build's key.
 */
export async function previousBuildEntry(rt: Runtime, plan: CachePlan): Promise<Entry | undefined> {
  if (!rt.o.buildId || !rt.o.backing.shared) return undefined
  // Every build keeps the record, so the first deploy that turns the option on already knows its predecessor.
  const previous = await rt.previousBuild()
  if (!rt.o.previousBuild) return undefined
  const id = previous && keyInBuild(plan.key.id, rt.o.namespace, rt.o.buildId, previous)
  if (!previous || !id) return undefined
  const entry = await rt.cache.store.readBuild(id, plan.key.path, previous)
  if (!entry) return undefined
  const state = classify(entry.meta, rt.o.now(), await rt.cache.invalidations.times(entry.meta))
  return state === 'fresh' || state === 'stale' ? entry : undefined
}
