// Debian's chromium driven by playwright-core (no browser downloads: `playwright install` is never run).
import { existsSync } from 'node:fs'
import { type Browser, chromium, type Page } from 'playwright-core'
import { expect } from 'vitest'

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
  Boolean,
) as string[]

export function chromiumPath(): string {
  const found = CANDIDATES.find((path) => existsSync(path))
  if (!found) throw new Error(`No chromium found (tried ${CANDIDATES.join(', ')}): .ci/run installs Debian's chromium.`)
  return found
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox'] })
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
