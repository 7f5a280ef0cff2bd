import type { APIRoute } from 'astro'
import { updateTitle } from '../../../lib/posts'

// On-demand ISR: an edit invalidates the post's data by its tag; the post page and the index, which showed
// that data, inherited the tag and render anew.
export const POST: APIRoute = async ({ params, request, cache, redirect }) => {
  const slug = params.slug ?? ''
  const form = await request.formData()
  const title = String(form.get('title') ?? '').trim()
  if (!title || !(await updateTitle(slug, title))) {
    return Response.json({ ok: false, error: 'unknown post or empty title' }, { status: 400 })
  }
  await cache.invalidate({ tags: [`post:${slug}`] })
  return redirect(`/posts/${slug}`, 303)
}
