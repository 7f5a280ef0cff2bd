// The content of the page every bench server sends (servers/page.mjs), for the peers to render in their own way.
import { PAGE } from '../servers/page.mjs'

/** The page, byte for byte, as a string. */
export const HTML = new TextDecoder().decode(PAGE)
/** Its title and the text of its 200 paragraphs. */
export const TITLE = /<title>(.*?)<\/title>/.exec(HTML)[1]
export const PARAGRAPHS = Array.from(HTML.matchAll(/<p>(.*?)<\/p>/g), (match) => match[1])
