import { allPosts } from '../lib/posts.js'

// Cached by the '/' route rule in hooks.server.js; nothing to say here.
export async function load() {
  return { posts: await allPosts() }
}
