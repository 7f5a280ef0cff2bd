import { cache } from '@isrkit/sveltekit'

// Asks to be cached, but sets a cookie: isrkit never stores it.
export function load(event) {
  cache(event, { revalidate: 60 })
  event.cookies.set('seen', 'yes', { path: '/' })
}
