import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { BeursEvent } from '../../shared/schemas/event'
import { waitForPage } from './browser'
import { useStack } from './stack'

/**
 * The floor of the demo Beursvloer (seeded live, with ten matches) in the browser: a hoekman
 * records a match, prints its match form, the big screen (no sign-in) counts it, the proposals
 * compare the optimum with first come first served, and the report exports its CSV. Every page
 * is checked with axe, and the floor, screen and form at 360 px.
 */
const stack = useStack()
const samira = 'samira@example.nl'
const base = '/api/communities/lindeveen'
let eventId = ''
const main = (page: Page) => page.locator('main')
const path = (sub: string) => `/beursvloer/${eventId}/${sub}`

describe('the Beursvloer floor pages', () => {
  it('records a match on the floor and prints its match form', async () => {
    const events = await stack.api<{ items: BeursEvent[] }>(`${base}/events`, { as: samira })
    eventId = events.body.items.find((e) => e.name === 'Beursvloer Lindeveen 2026')?.id ?? ''
    expect(eventId).not.toBe('')

    const page = await stack.openPage(path('vloer'), { as: samira })
    await waitForPage(page, 'Match vastleggen')
    await stack.expectAccessible(page, 'floor')
    await page.getByLabel('Hoek', { exact: true }).selectOption('kennis')
    await page.getByLabel('Vraag', { exact: true }).selectOption({ index: 1 })
    await page.getByLabel('Aanbod', { exact: true }).selectOption({ index: 1 })
    await page.getByLabel('Uren per persoon').first().fill('3')
    expect(await main(page).locator('.bb-ev-value').first().textContent()).toContain('€')
    await page.getByLabel('Nee, er gaat niets terug').check()
    await page.getByLabel('Wanneer gebeurt het?').fill('In maart')

    // Without both parties' yes nothing is recorded.
    await page.getByRole('button', { name: 'Match vastleggen' }).click()
    await page.locator('.bb-error-summary').waitFor()
    await page.getByLabel('Beide partijen zijn het eens met deze afspraak').first().check()
    await page.getByRole('button', { name: 'Match vastleggen' }).click()
    await main(page).getByText('Vastgelegd:').waitFor()
    await stack.expectAccessible(page, 'floor after recording')

    await main(page).getByRole('link', { name: 'Matchformulier afdrukken' }).click()
    await waitForPage(page, 'Matchformulier')
    const form = (await main(page).textContent()) ?? ''
    expect(form).toContain('Handtekening')
    expect(form).toContain('Kennis per uur')
    expect(form).toMatch(/€\s150/)
    await stack.expectAccessible(page, 'match form')
  })

  it('shows the big screen without sign-in, with the new match counted', async () => {
    const page = await stack.openPage(`/scherm/lindeveen/${eventId}`)
    await waitForPage(page, 'Beursvloer live')
    const text = (await page.locator('.bb-ev-screen__figures').textContent()) ?? ''
    expect(text).toContain('11 matches')
    expect(await page.locator('header.bb-header').isVisible()).toBe(false)
    await stack.expectAccessible(page, 'big screen')
  })

  it('compares the proposals with first come first served, and lists and reports the matches', async () => {
    const page = await stack.openPage(path('voorstellen'), { as: samira })
    await waitForPage(page, 'Voorstellen')
    await main(page).getByText('hoger dan wie-het-eerst-komt').waitFor()
    expect(await main(page).getByRole('link', { name: 'Deze match vastleggen' }).count()).toBeGreaterThan(0)
    await stack.expectAccessible(page, 'proposals')

    await page.goto(`${stack.url}${path('matches')}`)
    await waitForPage(page, 'Alle matches')
    expect(await main(page).locator('article').count()).toBe(11)
    await stack.expectAccessible(page, 'matches')

    await page.goto(`${stack.url}${path('verslag')}`)
    await waitForPage(page, 'Verslag')
    expect(await main(page).textContent()).toContain('Per waarderingsregel')
    await stack.expectAccessible(page, 'report')
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Matches als CSV' }).click(),
    ])
    const file = await download.path()
    const { readFileSync } = await import('node:fs')
    const csv = readFileSync(file, 'utf8')
    expect(csv.startsWith('\uFEFF')).toBe(true)
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(12)
    expect(csv).toContain('Bouwbedrijf De Vries')
  })

  it('fits a phone', async () => {
    await stack.expectFits([path('vloer'), path('voorstellen'), path('verslag')], { as: samira })
  })
})
