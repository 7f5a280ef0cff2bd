// What the hook remembers of Kit's routes for the Node fast path (fast-path.ts).
import { describe, expect, it } from 'vitest'
import { SeenRoutes } from '../src/fast-path.ts'

describe('SeenRoutes', () => {
  it("gives Kit's route of a pathname the hook remembered, and nothing for others", () => {
    const seen = new SeenRoutes()
    seen.remember('/blog/hello/__data.json', '/blog/[slug]')
    seen.remember('/__isr/status', undefined)
    expect(seen.routeOf('/blog/hello/__data.json')).toEqual({ routeId: '/blog/[slug]' })
    expect(seen.routeOf('/__isr/status')).toEqual({ routeId: undefined })
    expect(seen.routeOf('/blog/hello')).toBeUndefined()
  })

  it('keeps the pathnames remembered last, up to its limit', () => {
    const seen = new SeenRoutes(2)
    seen.remember('/a', '/a')
    seen.remember('/b', '/b')
    // Remembered again: now the most recent.
    seen.remember('/a', '/a')
    seen.remember('/c', '/c')
    expect(seen.routeOf('/b')).toBeUndefined()
    expect(seen.routeOf('/a')).toEqual({ routeId: '/a' })
    expect(seen.routeOf('/c')).toEqual({ routeId: '/c' })
  })
})
