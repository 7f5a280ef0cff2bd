// The page every bench server sends (servers/page.mjs), for the peers to serve in their own way: whole, or in the
// parts a React layout can hold (the inline stylesheet in the head, the body's markup as raw HTML).
import { PAGE } from '../servers/page.mjs'

/** The page, byte for byte, as a string. */
export const HTML = new TextDecoder().decode(PAGE)
export const TITLE = /<title>(.*?)<\/title>/.exec(HTML)[1]
export const STYLE = /<style>(.*?)<\/style>/s.exec(HTML)[1]
export const BODY_CLASS = /<body class="([^"]*)">/.exec(HTML)[1]
/** Everything between <body> and </body>: header, article, footer and the page's JSON data. */
export const BODY = /<body[^>]*>(.*)<\/body>/s.exec(HTML)[1]
