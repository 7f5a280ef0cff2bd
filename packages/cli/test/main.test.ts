import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../src/errors.ts'
import { main } from '../src/main.ts'
import { VERSION } from '../src/version.ts'
import { closedPort } from './support/server.ts'

let out: string[]
let err: string[]
beforeEach(() => {
  out = []
  err = []
  vi.spyOn(console, 'log').mockImplementation((...args) => void out.push(args.join(' ')))
  vi.spyOn(console, 'error').mockImplementation((...args) => void err.push(args.join(' ')))
})
afterEach(() => {
  vi.restoreAllMocks()
})

describe('main', () => {
  it('prints the version', async () => {
    expect(await main(['--version'])).toBe(EXIT_OK)
    expect(out).toEqual([VERSION])
  })

  it('prints help for the tool and for each command, without colours off a terminal', async () => {
    expect(await main(['--help'])).toBe(EXIT_OK)
    expect(out.join('\n')).toMatch(/revalidate[\s\S]*warm[\s\S]*inspect[\s\S]*EXIT CODES/)
    expect(out.join('\n')).not.toContain('\x1b[')
    out = []
    expect(await main(['warm', '--help'])).toBe(EXIT_OK)
    expect(out.join('\n')).toContain('--sitemap')
    expect(out.join('\n')).toContain('--concurrency')
  })

  it('answers a missing or unknown command with the help and exit code 2', async () => {
    expect(await main([])).toBe(EXIT_USAGE)
    expect(err.join('\n')).toContain('[isrkit] no command given')
    expect(await main(['purge'])).toBe(EXIT_USAGE)
    expect(err.join('\n')).toContain('[isrkit] unknown command "purge"')
  })

  it('refuses an option the command does not know instead of dropping it', async () => {
    expect(await main(['revalidate', '--url', 'http://127.0.0.1:3000', '--secret', 's', '--tags', 'a'])).toBe(
      EXIT_USAGE,
    )
    expect(err[0]).toBe('[isrkit] unknown option --tags for isrkit revalidate')
    expect(err[1]).toContain('isrkit revalidate --help')
  })

  it('exits 2 for bad input before any request, 1 when the site cannot be reached', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`
    expect(await main(['revalidate', '--url', url, '--secret', 's'])).toBe(EXIT_USAGE)
    expect(err[0]).toContain('give at least one --path or --tag')
    err = []
    expect(await main(['warm', '--url', url])).toBe(EXIT_USAGE)
    expect(err[0]).toContain('exactly one of --sitemap')
    err = []
    expect(await main(['inspect', '--url', url, '--secret', 's'])).toBe(EXIT_FAILED)
    expect(err).toEqual([
      `[isrkit] cannot reach ${url}/__isr/status (connection refused): is the site running at that address?`,
    ])
  })
})
