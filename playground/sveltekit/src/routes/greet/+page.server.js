import { cache } from '@isrkit/sveltekit'

// Reads a cookie: visitors who carry one get their own render; the anonymous page is cached.
export function load(event) {
  cache(event, { revalidate: 60 })
  return { name: event.cookies.get('name') ?? 'stranger' }
}
