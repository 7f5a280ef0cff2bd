import { revalidatePath, revalidateTag } from '@isrkit/sveltekit'
import { json } from '@sveltejs/kit'

// revalidatePath / revalidateTag from an endpoint, as an app would call them: { "path": "/x" } or { "tags": ["a"] }.
export async function POST({ request }) {
  const body = await request.json()
  if (body.path) await revalidatePath(body.path)
  if (body.tags?.length) await revalidateTag(body.tags)
  return json({ ok: true })
}
