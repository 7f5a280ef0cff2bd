import { cache } from '@isrkit/sveltekit'

// A slow render: many visitors arriving at once on a cold cache must cause one render.
export async function load(event) {
  await new Promise((resolve) => setTimeout(resolve, 300))
  cache(event, { revalidate: 60 })
}
