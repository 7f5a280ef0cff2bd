// A list of pages to warm: one path or URL per line; blank lines and `#` comments are skipped, so the
// file can be kept in a repository next to the site and annotated.
import { readFile } from 'node:fs/promises'
import { usageError } from './errors.ts'
import { onSite } from './sitemap.ts'

/** Pages of the list on the site's origin (URLs of another host are moved to it, as sitemap <loc>s are), in order, without repeats. */
export function parsePathsFile(text: string, site: URL, file = 'paths file'): URL[] {
  const pages = new Map<string, URL>()
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    // A `#` after whitespace starts a comment; a `#` inside a URL is its fragment and is dropped below.
    const line = raw.replace(/(^|\s)#.*$/, '').trim()
    if (!line) continue
    const absolute = /^[a-z][a-z0-9+.-]*:/i.test(line)
    const page = absolute || line.startsWith('/') ? onSite(line, site) : undefined
    if (!page) {
      throw usageError(
        `${file} line ${index + 1}: expected a path starting with '/' or an http(s) URL, found "${line}"`,
      )
    }
    pages.set(page.href, page)
  }
  return [...pages.values()]
}

export async function readPathsFile(file: string, site: URL): Promise<URL[]> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw usageError(
      `cannot read --paths ${file}${code === 'ENOENT' ? ': no such file' : ` (${code ?? String(error)})`}`,
    )
  }
  return parsePathsFile(text, site, file)
}
