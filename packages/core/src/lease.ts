// The cross-instance lease (docs/architecture.md "Across instances"): before rendering a key, an instance takes a lease
// on it; while another holds it, the others serve stale or wait for the entry. Redis gives an atomic one
// (redis.ts); any other shared storage gets this best-effort one, and memory storage needs none.

import { sha256Hex } from './key.ts'
import type { Backend, Lease } from './storage-types.ts'

/** One process: the in-process single flight is the whole story. */
export const localLease: Lease = {
  acquire: async () => crypto.randomUUID(),
  renew: async () => true,
  release: async () => {},
  held: async () => false,
}

interface Held {
  token: string
  until: number
}

/**
 * Best effort on storage without an atomic "set if absent": write, read back, and keep the lease only if
 * the token read back is ours. Two instances can still both win a near-simultaneous race; documented.
 */
export function storageLease(backend: Pick<Backend, 'getJSON' | 'setJSON' | 'remove'>, namespace: string): Lease {
  const keyOf = async (key: string) => `${namespace}:l:${(await sha256Hex(key)).slice(0, 32)}`
  const read = async (key: string): Promise<Held | undefined> => {
    const value = (await backend.getJSON(await keyOf(key))) as Held | null
    return value && typeof value.token === 'string' && typeof value.until === 'number' && value.until > Date.now()
      ? value
      : undefined
  }
  return {
    async acquire(key, ttlMs) {
      if (await read(key)) return null
      const token = crypto.randomUUID()
      await backend.setJSON(await keyOf(key), { token, until: Date.now() + ttlMs })
      return (await read(key))?.token === token ? token : null
    },
    async renew(key, token, ttlMs) {
      if ((await read(key))?.token !== token) return false
      await backend.setJSON(await keyOf(key), { token, until: Date.now() + ttlMs })
      return true
    },
    async release(key, token) {
      if ((await read(key))?.token === token) await backend.remove(await keyOf(key))
    },
    held: async (key) => (await read(key)) !== undefined,
  }
}
