import { revalidatePath, revalidateTag } from '@isrkit/sveltekit'
import { json, redirect } from '@sveltejs/kit'
import { updateTitle } from '../../../../lib/posts.js'

// The same edit as the admin form action, for clients posting directly.
export async function POST({ params, request }) {
  const form = await request.formData()
  const title = String(form.get('title') ?? '').trim()
  if (!title || !(await updateTitle(params.slug, title))) {
    return json({ ok: false, error: 'unknown post or empty title' }, { status: 400 })
  }
  await revalidateTag(`post:${params.slug}`)
  await revalidatePath('/')
  redirect(303, `/posts/${params.slug}`)
}
