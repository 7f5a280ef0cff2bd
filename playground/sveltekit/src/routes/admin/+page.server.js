import { revalidateTag } from '@isrkit/sveltekit'
import { fail, redirect } from '@sveltejs/kit'
import { allPosts, updateTitle } from '../../lib/posts.js'

export async function load() {
  return { posts: await allPosts() }
}

// On-demand ISR from a form action: the post's data by its tag, which the post page and the index inherited.
export const actions = {
  async default({ request }) {
    const form = await request.formData()
    const slug = String(form.get('slug') ?? '')
    const title = String(form.get('title') ?? '').trim()
    if (!title || !(await updateTitle(slug, title))) return fail(400, { error: 'unknown post or empty title' })
    await revalidateTag(`post:${slug}`)
    redirect(303, `/posts/${slug}`)
  },
}
