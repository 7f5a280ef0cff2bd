import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EXIT_USAGE, type IsrkitError } from '../src/errors.ts'
import { parsePathsFile, readPathsFile } from '../src/paths-file.ts'

const site = new URL('http://127.0.0.1:3000')
const paths = (text: string) => parsePathsFile(text, site).map((u) => u.href.slice(site.origin.length))

describe('parsePathsFile', () => {
  it('reads one path per line, skipping blank lines and comments', () => {
    expect(paths('# pages to warm\n/\n\n  /blog/a  \n/blog/b # the second post\r\n#/skipped\n')).toEqual([
      '/',
      '/blog/a',
      '/blog/b',
    ])
  })

  it("takes URLs too, moved to the site's origin", () => {
    expect(paths('https://www.example.com/blog/a?page=2\nhttp://127.0.0.1:3000/b')).toEqual(['/blog/a?page=2', '/b'])
  })

  it('keeps the first of repeated pages', () => {
    expect(paths('/a\n/b\nhttps://example.com/a\n/a')).toEqual(['/a', '/b'])
  })

  it('refuses a line that is neither a path nor a URL, naming the line', () => {
    const error = (() => {
      try {
        parsePathsFile('/a\nblog/b\n', site, 'pages.txt')
      } catch (e) {
        return e as IsrkitError
      }
    })()
    expect(error?.exitCode).toBe(EXIT_USAGE)
    expect(error?.message).toBe(
      `[isrkit] pages.txt line 2: expected a path starting with '/' or an http(s) URL, found "blog/b"`,
    )
    expect(() => parsePathsFile('ftp://example.com/a', site)).toThrow(/line 1/)
  })
})

describe('readPathsFile', () => {
  it('reads the file, and says so when there is none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'isrkit-cli-'))
    try {
      writeFileSync(join(dir, 'paths.txt'), '/x\n')
      expect((await readPathsFile(join(dir, 'paths.txt'), site)).map((u) => u.pathname)).toEqual(['/x'])
      await expect(readPathsFile(join(dir, 'none.txt'), site)).rejects.toThrow(/none\.txt: no such file/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
