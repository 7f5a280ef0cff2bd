// The "CMS": posts in a JSON file. Edits go to a copy (ISR_DATA_DIR, default .data/), so the seed stays.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

const dataDir = () => process.env.ISR_DATA_DIR || join(process.cwd(), '.data')
const seed = () => join(process.cwd(), 'data', 'posts.json')

/** @returns {Promise<{ slug: string, title: string, body: string }[]>} */
export async function readPosts() {
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

export async function readPost(slug) {
  return (await readPosts()).find((post) => post.slug === slug)
}

export async function updateTitle(slug, title) {
  const posts = await readPosts()
  const post = posts.find((p) => p.slug === slug)
  if (!post) return false
  post.title = title
  await writeFile(join(dataDir(), 'posts.json'), `${JSON.stringify(posts, null, 2)}\n`)
  return true
}
