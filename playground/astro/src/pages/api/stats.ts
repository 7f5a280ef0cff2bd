import type { APIRoute } from 'astro'
import { renderCounts } from '../../lib/renders'

// How many times each page was rendered by this server process.
export const GET: APIRoute = () => Response.json(renderCounts(), { headers: { 'cache-control': 'no-store' } })
