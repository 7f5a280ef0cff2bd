import { cache } from '@isrkit/sveltekit'

// Fresh for one second, then served stale while it regenerates.
export function load(event) {
  cache(event, { revalidate: 1, swr: 300 })
}
