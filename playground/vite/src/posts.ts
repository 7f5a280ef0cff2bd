// The "CMS": posts in a JSON file. Edits go to a copy (ISR_DATA_DIR, default .data/), so the seed stays.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export interface Post {
  slug: string
  title: string
  body: string
}

const dataDir = () => process.env.ISR_DATA_DIR || join(process.cwd(), '.data')

export async function readPosts(): Promise<Post[]> {
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

export async function updateTitle(slug: string, title: string): Promise<boolean> {
  const posts = await readPosts()
  const post = posts.find((p) => p.slug === slug)
  if (!post) return false
  post.title = title
  await writeFile(join(dataDir(), 'posts.json'), `${JSON.stringify(posts, null, 2)}\n`)
  return true
}
