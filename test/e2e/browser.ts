import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { type Browser, chromium, type Page } from 'playwright-core'

/** Debian's Chromium; `npx playwright install` cannot download browsers on these machines. */
export const chromiumPath = '/usr/bin/chromium'

const require = createRequire(import.meta.url)
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/**
 * Launches headless Chromium with nothing that phones home. `launch` gives every run a fresh
 * temporary profile and removes it on close. A missing browser fails the run with the command
 * that fixes it: skipping would hide the gap.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) throw new Error('Chromium is missing: run apt-get install -y chromium')
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
}

interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: unknown[]; failureSummary?: string }[]
}

/**
 * Runs axe-core (WCAG 2.x A/AA and best practices) on the page as it is now and returns the
 * violations in a readable form; an empty list means none.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const loaded = await page.evaluate(() => 'axe' in window)
  // Evaluated through the DevTools protocol: the page's Content-Security-Policy (script-src 'self')
  // rightly refuses an injected <script>, and the test must not weaken it.
  if (!loaded) await page.evaluate(`${axeSource}\n;'axe' in window`)
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: unknown[] }> } }
    ).axe
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations
  })
  return (violations as AxeViolation[]).map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join('\n')}`,
  )
}

/** Waits until the app has rendered a page whose title starts with `title`. */
export async function waitForPage(page: Page, title: string): Promise<void> {
  await page.waitForFunction(
    (expected) => document.title.startsWith(expected) && !document.querySelector('[aria-busy="true"]'),
    title,
  )
}

/** Horizontal scroll would mean content is cut off or needs two-way scrolling on a phone. */
export function scrollWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0)
}
