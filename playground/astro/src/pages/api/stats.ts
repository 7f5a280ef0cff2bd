import type { APIRoute } from 'astro'
import { cmsReads } from '../../lib/posts'
import { renderCounts } from '../../lib/renders'

// How many times each page was rendered by this server process, and how often the posts were read.
export const GET: APIRoute = () =>
  Response.json({ ...renderCounts(), 'cms:reads': cmsReads() }, { headers: { 'cache-control': 'no-store' } })
