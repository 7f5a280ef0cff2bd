import { revalidateTag } from '@isrkit/sveltekit'
import { json, redirect } from '@sveltejs/kit'
import { updateTitle } from '../../../../lib/posts.js'

// The same edit as the admin form action, for clients posting directly: the post's data is invalidated by
// its tag, and the pages that showed it (the post, the index) inherited that tag.
export async function POST({ params, request }) {
  const form = await request.formData()
  const title = String(form.get('title') ?? '').trim()
  if (!title || !(await updateTitle(params.slug, title))) {
    return json({ ok: false, error: 'unknown post or empty title' }, { status: 400 })
  }
  await revalidateTag(`post:${params.slug}`)
  redirect(303, `/posts/${params.slug}`)
}
