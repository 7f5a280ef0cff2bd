// The page's bytes, as raw.mjs sends them, from a route handler prerendered and regenerated like the page (ISR).
import { HTML } from '../../../content.mjs'

export const revalidate = 60

export function GET() {
  return new Response(HTML, { headers: { 'content-type': 'text/html; charset=utf-8' } })
}
