import { json } from '@sveltejs/kit'
import { renderCounts } from '../../../lib/renders.js'

// How many times each page was rendered by this server process.
export function GET() {
  return json(renderCounts(), { headers: { 'cache-control': 'no-store' } })
}
