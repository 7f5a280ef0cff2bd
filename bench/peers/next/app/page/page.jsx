// The bench page's markup as a statically prerendered page regenerated at most every 60 s (ISR): a hit answers
// x-nextjs-cache: HIT. Next wraps it in its own document and sends the page's RSC payload inline as well (the
// markup a second time, as a string), so the document is about twice the page.
import { BODY } from '../../../content.mjs'

export const revalidate = 60

export default function Page() {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: the bench page's markup, byte for byte
  return <div dangerouslySetInnerHTML={{ __html: BODY }} />
}
