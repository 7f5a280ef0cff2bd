import { json } from '@sveltejs/kit'
import { cmsReads } from '../../../lib/posts.js'
import { renderCounts } from '../../../lib/renders.js'

// How many times each page was rendered by this server process.
export function GET() {
  return json({ ...renderCounts(), 'cms:reads': cmsReads() }, { headers: { 'cache-control': 'no-store' } })
}
