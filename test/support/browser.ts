// Debian's chromium driven by playwright-core (no browser downloads: `playwright install` is never run).
// Tests that use it carry the `browser` tag (test/support/system.ts); it is closed with its test file.
import { type Browser, chromium, type Page } from 'playwright-core'
import { expect } from 'vitest'
import { own } from './processes.ts'
import { requireProgram } from './system.ts'

// Without these, Chromium keeps reaching for Google's services, which a closed network refuses.
const QUIET = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: requireProgram('browser'),
    headless: true,
    args: ['--no-sandbox', ...QUIET],
  })
  const disown = own({
    stop: () => browser.close(),
    // playwright kills the browsers it launched when the process exits or is interrupted.
    killNow: () => {},
  })
  browser.on('disconnected', disown)
  return browser
}

/**
 * The playgrounds' counter island answers clicks once hydrated. Clicks before hydration do nothing, so it
 * keeps clicking until the count moves.
 */
export async function expectCounterHydrates(page: Page): Promise<void> {
  const button = page.locator('[data-counter]')
  await expect
    .poll(async () => {
      await button.click()
      return button.textContent()
    })
    .not.toBe('Liked 0 times')
}
