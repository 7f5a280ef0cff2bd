// The render a cached call is made for (scope.ts): found through the async context, or from the request.
import { describe, expect, it } from 'vitest'
import { ASYNC_CONTEXT, newScope, runInScope, scopeOf } from '../src/scope.ts'

describe('render scopes', () => {
  it('follow the render through awaits and timers, and end with it', async () => {
    expect(ASYNC_CONTEXT).toBe(true)
    const scope = newScope(false)
    const seen = await runInScope(scope, [], async () => {
      await new Promise((resolve) => setTimeout(resolve, 1))
      return scopeOf()
    })
    expect(seen).toBe(scope)
    expect(scopeOf()).toBeUndefined()
  })

  it('are found from the request a render was given, wherever the call runs', () => {
    const request = new Request('http://site.test/')
    const scope = newScope(true)
    runInScope(scope, [request], () => undefined)
    expect(scopeOf(request)).toBe(scope)
    expect(scopeOf(new Request('http://site.test/'))).toBeUndefined()
  })

  it('nest: an inner render has its own', () => {
    const outer = newScope(false)
    const inner = newScope(false)
    runInScope(outer, [], () => {
      runInScope(inner, [], () => expect(scopeOf()).toBe(inner))
      expect(scopeOf()).toBe(outer)
    })
  })
})
