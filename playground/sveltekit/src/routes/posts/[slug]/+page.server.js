import { cache } from '@isrkit/sveltekit'
import { error } from '@sveltejs/kit'
import { getPost } from '../../../lib/posts.js'

export async function load(event) {
  const post = await getPost(event.params.slug)
  if (!post) {
    // Cached briefly as a 404 too, and healed as soon as the post exists.
    cache(event, { revalidate: 60 })
    error(404, 'No such post')
  }
  // No tags of its own: it inherits `post:<slug>` and `posts` from getPost.
  cache(event, { revalidate: 60, swr: 600 })
  return { post }
}
