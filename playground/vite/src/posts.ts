// The "CMS": posts in a JSON file. Edits go to a copy (ISR_DATA_DIR, default .data/), so the seed stays.
// Pages read it through cached queries tagged `posts` and `post:<slug>`: a page inherits the tags of what
// it read, so an edit invalidates `post:<slug>` alone and every page showing that post renders anew.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { cached, webhooksFromEnv } from '@isrkit/vite/node'

export interface Post {
  slug: string
  title: string
  body: string
}

const dataDir = () => process.env.ISR_DATA_DIR || join(process.cwd(), '.data')
/** Reads of the posts file by the queries below: what caching them saves (see /api/stats). */
let reads = 0

export const cmsReads = () => reads

async function loadPosts(): Promise<Post[]> {
  const file = join(dataDir(), 'posts.json')
  try {
    return JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    await mkdir(dataDir(), { recursive: true })
    await copyFile(join(process.cwd(), 'data', 'posts.json'), file)
    return JSON.parse(await readFile(file, 'utf8'))
  }
}

async function readPosts(): Promise<Post[]> {
  reads++
  return loadPosts()
}

export const postSlugs = cached(async () => (await readPosts()).map((p) => p.slug), { name: 'slugs', tags: ['posts'] })

/** The tags a CMS webhook's default mapping names a post by, for each vendor turned on (ISR_HOOK_<VENDOR>_SECRET). */
const hookTags = (slug: string) =>
  Object.keys(webhooksFromEnv() ?? {}).flatMap((cms) => [`${cms}:post`, `${cms}:post:${slug}`])

export const getPost = cached(async (slug: string) => (await readPosts()).find((p) => p.slug === slug) ?? null, {
  name: 'post',
  revalidate: 600,
  tags: (slug) => ['posts', `post:${slug}`, ...hookTags(slug)],
})

/** Every post, each through its own query, so a page listing them inherits each post's tag. */
export async function allPosts(): Promise<Post[]> {
  const posts = await Promise.all((await postSlugs()).map((slug) => getPost(slug)))
  return posts.filter((post): post is Post => post !== null)
}

export async function updateTitle(slug: string, title: string): Promise<boolean> {
  const posts = await loadPosts()
  const post = posts.find((p) => p.slug === slug)
  if (!post) return false
  post.title = title
  await writeFile(join(dataDir(), 'posts.json'), `${JSON.stringify(posts, null, 2)}\n`)
  return true
}
