import type { APIRoute } from 'astro'

// Astro.cache.invalidate() from an endpoint, as an app would call it: { "path": "/x" } or { "tags": ["a"] }.
export const POST: APIRoute = async ({ request, cache }) => {
  const body = (await request.json()) as { path?: string; tags?: string[] }
  await cache.invalidate(body)
  return Response.json({ ok: true })
}
