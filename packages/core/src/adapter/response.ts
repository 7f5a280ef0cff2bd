// The two ways a render and core speak through a response: the marks an adapter puts on a render
// (docs/architecture.md "The request flow" 8 and 9), and the state core put on its answer.
import { READ_HEADER, UNCACHEABLE_HEADER } from '../policy.ts'
import type { CacheState } from '../types.ts'

const STATES = new Set<string>(['HIT', 'STALE', 'MISS', 'BYPASS', 'REVALIDATED'])

/** What isrkit did for an answer it gave (`x-isr-cache`), or null for one it did not give. */
export function cacheState(response: Response): CacheState | null {
  const state = response.headers.get('x-isr-cache')
  return state !== null && STATES.has(state) ? (state as CacheState) : null
}

export interface RenderMarks {
  /** What the render read of the visitor's request: READ_HEADER's value (`readsFrom`), '' for nothing. */
  read?: string
  /** Why the render may not be stored whatever its headers say (e.g. `set-cookie`). */
  uncacheable?: string | undefined
  /** Headers the framework set of its own accord, not the page's word, to leave out of the policy. */
  drop?: readonly string[]
}

/**
 * The render's response with its marks for core. A `fetch()`ed Response (a route may return one as is) has
 * immutable headers: it is copied then, body untouched.
 */
export function markRender(response: Response, marks: RenderMarks): Response {
  const edits: [string, string | undefined][] = [
    ...(marks.drop ?? []).map((name) => [name, undefined] as [string, undefined]),
    ...(marks.read ? [[READ_HEADER, marks.read] as [string, string]] : []),
    ...(marks.uncacheable ? [[UNCACHEABLE_HEADER, marks.uncacheable] as [string, string]] : []),
  ]
  if (edits.length === 0) return response
  const marked = mutable(response)
  for (const [name, value] of edits) {
    if (value === undefined) marked.headers.delete(name)
    else marked.headers.set(name, value)
  }
  return marked
}

function mutable(response: Response): Response {
  try {
    response.headers.set(READ_HEADER, '')
    response.headers.delete(READ_HEADER)
    return response
  } catch {
    return new Response(response.body, response)
  }
}
