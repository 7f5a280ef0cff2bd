// The "CMS": posts in a JSON file. Edits go to a copy (ISR_DATA_DIR, default .data/), so the seed stays.
// Pages read it through cached queries tagged `posts` and `post:<slug>`: a page inherits the tags of what
// it read, so an edit invalidates `post:<slug>` alone and every page showing that post renders anew.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { cached, webhooksFromEnv } from '@isrkit/sveltekit'

/** @typedef {{ slug: string, title: string, body: string }} Post */

const dataDir = () => process.env.ISR_DATA_DIR || join(process.cwd(), '.data')
const seed = () => join(process.cwd(), 'data', 'posts.json')
/** Reads of the posts file by the queries below: what caching them saves (see /api/stats). */
let reads = 0

export const cmsReads = () => reads

/** @returns {Promise<Post[]>} */
async function loadPosts() {
  const file = join(dataDir(), 'posts.json')
  try {
    return JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    if (error.code !== 'ENOENT') throw error
    await mkdir(dataDir(), { recursive: true })
    await copyFile(seed(), file)
    return JSON.parse(await readFile(file, 'utf8'))
  }
}

async function readPosts() {
  reads++
  return loadPosts()
}

export const postSlugs = cached(async () => (await readPosts()).map((p) => p.slug), { name: 'slugs', tags: ['posts'] })

/**
 * The tags a CMS webhook's default mapping names a post by, for each vendor turned on (ISR_HOOK_<VENDOR>_SECRET).
 * @param {string} slug
 */
const hookTags = (slug) => Object.keys(webhooksFromEnv() ?? {}).flatMap((cms) => [`${cms}:post`, `${cms}:post:${slug}`])

export const getPost = cached(
  /** @param {string} slug */
  async (slug) => (await readPosts()).find((p) => p.slug === slug) ?? null,
  { name: 'post', revalidate: 600, tags: (slug) => ['posts', `post:${slug}`, ...hookTags(slug)] },
)

/** Every post, each through its own query, so a page listing them inherits each post's tag. */
export async function allPosts() {
  const posts = await Promise.all((await postSlugs()).map((slug) => getPost(slug)))
  return posts.filter((post) => post !== null)
}

/**
 * @param {string} slug
 * @param {string} title
 */
export async function updateTitle(slug, title) {
  const posts = await loadPosts()
  const post = posts.find((p) => p.slug === slug)
  if (!post) return false
  post.title = title
  await writeFile(join(dataDir(), 'posts.json'), `${JSON.stringify(posts, null, 2)}\n`)
  return true
}
