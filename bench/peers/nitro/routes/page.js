// The page's bytes, as raw.mjs sends them. x-render-count counts the renders of this process: the cached
// response keeps the count of the render it came from, so two answers with the same count prove a hit.
import { defineEventHandler, setResponseHeader } from 'h3'
import { HTML } from '../../content.mjs'

let renders = 0

export default defineEventHandler((event) => {
  setResponseHeader(event, 'content-type', 'text/html; charset=utf-8')
  setResponseHeader(event, 'x-render-count', String(++renders))
  return HTML
})
