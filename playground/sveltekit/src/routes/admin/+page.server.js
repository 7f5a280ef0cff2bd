import { revalidatePath, revalidateTag } from '@isrkit/sveltekit'
import { fail, redirect } from '@sveltejs/kit'
import { readPosts, updateTitle } from '../../lib/posts.js'

export async function load() {
  return { posts: await readPosts() }
}

// On-demand ISR from a form action: the post (by its tag) and the index that lists it.
export const actions = {
  async default({ request }) {
    const form = await request.formData()
    const slug = String(form.get('slug') ?? '')
    const title = String(form.get('title') ?? '').trim()
    if (!title || !(await updateTitle(slug, title))) return fail(400, { error: 'unknown post or empty title' })
    await revalidateTag(`post:${slug}`)
    await revalidatePath('/')
    redirect(303, `/posts/${slug}`)
  },
}
