// @vitest-environment edge-runtime
// The request flow with the globals of an edge runtime (Vercel's edge-runtime: its own Request, Response,
// streams and Web Crypto), with storage in memory as a worker would have it; cached functions likewise.
import { expect, it } from 'vitest'
import { describeBehaviour } from './support/behaviour.ts'
import { describeCachedBehaviour } from './support/cached-behaviour.ts'

it('runs with the edge runtime’s globals', () => {
  expect(typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime).toBe('string')
})

describeBehaviour('memory storage in an edge runtime', { options: () => ({ storage: 'memory' }), persistent: false })

describeCachedBehaviour('memory storage in an edge runtime', {
  options: () => ({ storage: 'memory' }),
  persistent: false,
})
