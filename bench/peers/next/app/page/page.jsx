// The bench page's content as a statically prerendered page regenerated at most every 60 s (ISR): a hit answers
// x-nextjs-cache: HIT. Next sends the page's RSC payload inline as well, so the document is larger than 20 KB.
import { PARAGRAPHS } from '../../../content.mjs'

export const revalidate = 60

export default function Page() {
  // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list; the index is the shortest key in the RSC payload
  return PARAGRAPHS.map((text, i) => <p key={i}>{text}</p>)
}
