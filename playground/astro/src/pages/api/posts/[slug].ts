import type { APIRoute } from 'astro'
import { updateTitle } from '../../../lib/posts'

// On-demand ISR: an edit invalidates the post (by its tag) and the index that lists it.
export const POST: APIRoute = async ({ params, request, cache, redirect }) => {
  const slug = params.slug ?? ''
  const form = await request.formData()
  const title = String(form.get('title') ?? '').trim()
  if (!title || !(await updateTitle(slug, title))) {
    return Response.json({ ok: false, error: 'unknown post or empty title' }, { status: 400 })
  }
  await cache.invalidate({ tags: [`post:${slug}`] })
  await cache.invalidate({ path: '/' })
  return redirect(`/posts/${slug}`, 303)
}
