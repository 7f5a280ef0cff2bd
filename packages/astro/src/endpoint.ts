// The route injected at the control endpoint's path. With a `secret`, isrkit answers these requests in the
// cache step before Astro routes them here; without one the endpoint is off and this says so.
import type { APIRoute } from 'astro'

export const prerender = false

export const ALL: APIRoute = () =>
  Response.json(
    { ok: false, error: 'The isrkit control endpoint is off: set `secret` in isr({ ... }) in astro.config.' },
    { status: 404, headers: { 'cache-control': 'no-store' } },
  )
