// builtin.ts: Node built-ins without an import.
import * as zlib from 'node:zlib'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { nodeBuiltin } from '../src/builtin.ts'

describe('nodeBuiltin', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('gives the module on Node, and nothing for a name Node does not have', () => {
    expect(nodeBuiltin<typeof zlib>('node:zlib')?.gzipSync).toBe(zlib.gzipSync)
    expect(nodeBuiltin('node:no-such-module')).toBeUndefined()
  })

  it('gives nothing where the runtime has no getBuiltinModule (an edge runtime)', () => {
    vi.stubGlobal('process', { env: {} })
    expect(nodeBuiltin('node:zlib')).toBeUndefined()
  })
})
