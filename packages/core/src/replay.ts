// A signed control request is accepted once: its `webhook-id` is remembered for as long as its timestamp could
// still pass (Standard Webhooks, "Verifying signatures": use the id as an idempotency key). Remembered in this
// process, and in shared storage so that every instance refuses an id any of them accepted. When storage
// fails, the error is reported and this process's memory alone decides: a storage outage must not lock editors
// out of revalidating, and a replay then needs a captured request, a storage outage and another instance
// within the window.
import { LRUCache } from 'lru-cache'
import { TOLERANCE_SECONDS } from './auth.ts'
import { sha256Hex } from './key.ts'
import type { Backend } from './storage-types.ts'

/**
 * A timestamp passes from TOLERANCE before now until TOLERANCE after it, so an id signed at the far edge of
 * the future stays usable for two tolerances.
 */
export const REPLAY_TTL_SECONDS = 2 * TOLERANCE_SECONDS
/** Ids remembered in this process; more within the window evicts the oldest, and shared storage still holds them. */
const MAX_IDS = 10_000

export interface ReplayGuardOptions {
  backend: () => Promise<Backend>
  namespace: string
  /** Whether `backend` reaches other instances; memory storage is this process alone. */
  shared: boolean
  /** Epoch ms: the instance's clock. */
  now: () => number
  report: (error: Error) => void
}

export class ReplayGuard {
  /** Hashed id → epoch ms until which it is remembered. */
  readonly #seen = new LRUCache<string, number>({ max: MAX_IDS })
  readonly #o: ReplayGuardOptions

  constructor(options: ReplayGuardOptions) {
    this.#o = options
  }

  /**
   * True the first time `id` is seen on any instance within `ttl` seconds (the control endpoint's window by
   * default; a CMS webhook's is its vendor's); false for a replay.
   */
  async claim(id: string, ttl = REPLAY_TTL_SECONDS): Promise<boolean> {
    const hash = (await sha256Hex(id)).slice(0, 32)
    const now = this.#o.now()
    // Checked and set without an await between them: two copies racing in this process cannot both pass.
    if ((this.#seen.get(hash) ?? 0) > now) return false
    this.#seen.set(hash, now + ttl * 1000)
    if (!this.#o.shared) return true
    return this.#claimShared(hash, ttl)
  }

  async #claimShared(hash: string, ttl: number): Promise<boolean> {
    try {
      const backend = await this.#o.backend()
      return await backend.claim(`${this.#o.namespace}:w:${hash}`, ttl)
    } catch (error) {
      this.#o.report(error instanceof Error ? error : new Error(String(error)))
      return true
    }
  }
}
