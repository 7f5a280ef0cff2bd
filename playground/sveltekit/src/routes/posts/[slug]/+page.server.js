import { cache } from '@isrkit/sveltekit'
import { error } from '@sveltejs/kit'
import { readPost } from '../../../lib/posts.js'

export async function load(event) {
  const post = await readPost(event.params.slug)
  if (!post) {
    // Cached briefly as a 404 too, and healed as soon as the post exists.
    cache(event, { revalidate: 60 })
    error(404, 'No such post')
  }
  cache(event, { revalidate: 60, swr: 600, tags: [`post:${post.slug}`, 'posts'] })
  return { post }
}
