import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { waitForPage } from './browser'
import { useStack } from './stack'

const stack = useStack()
const samira = 'samira@example.nl'

describe('the sociaal makelaar', () => {
  it('lists residents and filters the members by role', async () => {
    const page = await stack.openPage('/', { as: samira })
    await waitForPage(page, 'Samen helpen')
    const work = page.getByRole('navigation', { name: 'Menu voor makelaars' })
    expect(await work.isVisible()).toBe(true)
    await work.getByRole('link', { name: 'Bewoners' }).click()
    await waitForPage(page, 'Bewoners')

    const table = page.getByRole('table')
    expect(await table.locator('caption').textContent()).toMatch(/^Bewoners: \d+/)
    const henk = table.getByRole('row', { name: /Henk/ })
    expect(await henk.textContent()).toContain('Oude Markt')
    expect(await henk.textContent()).toMatch(/Ja, sinds/)
    await page.screenshot({ path: join(tmpdir(), 'buurtbeurs-residents.png'), fullPage: false })
    await stack.expectAccessible(page, 'residents')

    await page.getByLabel('Rol').selectOption('organisation')
    await page.getByRole('button', { name: 'Toon' }).click()
    await page.waitForURL(/rol=organisation/)
    await waitForPage(page, 'Bewoners')
    expect(await page.getByRole('table').textContent()).toContain('Stichting De Brug')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('members-caption')
  })

  it('registers a resident who is not online, with consent, in a short form', async () => {
    const page = await stack.openPage('/makelaar/nieuw', { as: samira })
    await waitForPage(page, 'Nieuwe bewoner inschrijven')
    await stack.expectAccessible(page, 'intake')

    // The API says what is missing, at the fields: the name, the buurt and the consent.
    await page.getByRole('button', { name: 'Inschrijven' }).click()
    await page.locator('.bb-error-summary').waitFor()
    expect(await page.getByLabel('Voornaam').getAttribute('aria-invalid')).toBe('true')
    const summary = (await page.locator('.bb-error-summary').textContent()) ?? ''
    expect(summary).toContain('Voornaam')
    expect(summary).toMatch(/Hoe gaf de bewoner toestemming|Datum van de toestemming/)
    await stack.expectAccessible(page, 'intake with errors')

    await page.getByLabel('Voornaam').fill('Wilma')
    await page.getByLabel('Volledige naam').fill('Wilma de Boer')
    await page.getByLabel('Buurt').selectOption('havenbuurt')
    await page.getByLabel(/Mobiel nummer/).fill('06 87654321')
    await page.getByRole('group', { name: 'Hoe wil de bewoner bericht krijgen?' }).getByLabel('Per sms').check()
    await page.getByRole('group', { name: 'Hoe gaf de bewoner toestemming?' }).getByLabel('Aan de telefoon').check()
    const covers = page.getByRole('group', { name: 'Waarvoor geeft de bewoner toestemming?' })
    await covers.getByLabel('Vragen en aanbod plaatsen').check()
    await covers.getByLabel('Reageren op afspraken').check()
    await page.getByRole('button', { name: 'Inschrijven' }).click()

    await waitForPage(page, 'Wilma')
    expect(await page.locator('main').textContent()).toContain('Wilma is ingeschreven')
    const consent = (await page.getByRole('region', { name: 'Toestemming' }).textContent()) ?? ''
    expect(consent).toContain('aan de telefoon')
    expect(consent).toContain('vragen en aanbod plaatsen')
    expect(await page.getByRole('button', { name: 'Werk namens Wilma' }).isVisible()).toBe(true)
  })

  it('shows contact details only on request, records a VOG, and acts for Henk with a banner on every page', async () => {
    const page = await stack.openPage('/makelaar/leden/henk', { as: samira })
    await waitForPage(page, 'Henk')
    // Contact details are audited: not fetched until asked for.
    const contactRequests: string[] = []
    page.on('request', (r) => {
      if (r.url().endsWith('/contact')) contactRequests.push(r.url())
    })
    const contact = page.getByRole('region', { name: 'Contactgegevens' })
    expect(await contact.textContent()).not.toContain('Marktstraat')
    await stack.expectAccessible(page, 'member page')
    await contact.getByRole('button', { name: 'Toon contactgegevens' }).click()
    await contact.getByText('Marktstraat 12, Lindeveen').waitFor()
    expect(contactRequests).toHaveLength(1)
    await page.screenshot({ path: join(tmpdir(), 'buurtbeurs-member.png'), fullPage: true })

    // A VOG, seen today and valid for three years.
    const screening = page.getByRole('region', { name: 'Screening' })
    await screening.getByText('Leg een screening vast').click()
    await screening.getByLabel('Geldig tot').fill('2099-01-31')
    await screening.getByRole('button', { name: 'Screening vastleggen' }).click()
    await page.locator('main').getByText('De screening is vastgelegd.').waitFor()
    expect(await page.getByRole('region', { name: 'Screening' }).textContent()).toContain('geldig tot 31 januari 2099')

    // Act for Henk.
    await page.getByRole('button', { name: 'Werk namens Henk' }).click()
    await waitForPage(page, 'Berichten van Henk')
    const banner = page.getByRole('status').filter({ hasText: 'U werkt namens Henk.' })
    expect(await banner.isVisible()).toBe(true)
    expect(await banner.getByRole('button', { name: 'Stoppen' }).isVisible()).toBe(true)
    expect(await page.getByRole('navigation', { name: 'Menu voor makelaars' }).count()).toBe(0)
    expect(await page.locator('.bb-post__title').allTextContents()).toContain(
      'Wie doet wekelijks boodschappen met mij?',
    )
    await page.screenshot({ path: join(tmpdir(), 'buurtbeurs-acting.png'), fullPage: false })
    await stack.expectAccessible(page, 'acting for Henk')

    // Post a request for Henk: sent with x-act-for, marked as placed by the broker.
    await page.getByRole('link', { name: 'Plaats een vraag of aanbod voor Henk' }).click()
    await waitForPage(page, 'Vraag of bied hulp')
    expect(await page.locator('main').textContent()).toContain('U plaatst dit bericht namens Henk')
    await stack.expectAccessible(page, 'post form while acting')
    expect(await banner.isVisible()).toBe(true)
    const title = `Hulp bij de vuilnisbak buiten zetten ${Date.now()}`
    await page.getByRole('group', { name: 'Wat wilt u doen?' }).getByLabel('Ik zoek hulp').check()
    await page.getByLabel('Titel').fill(title)
    await page.getByLabel('Onderwerp').selectOption('klussen')
    await page.getByRole('group', { name: 'Maandag' }).getByLabel('Avond').check()
    const sent = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/posts'))
    await page.getByRole('button', { name: 'Plaatsen' }).click()
    expect((await sent).headers()['x-act-for']).toBe('henk')
    await waitForPage(page, title)
    const facts = (await page.locator('.bb-facts').textContent()) ?? ''
    expect(facts).toContain('Henk uit Oude Markt')
    expect(facts).toContain('Geplaatst via de makelaar')
    expect(await banner.isVisible()).toBe(true)

    // In the list too.
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Vragen en aanbod' }).click()
    await waitForPage(page, 'Vragen en aanbod')
    const listed = page.locator('.bb-post', { hasText: title })
    expect(await listed.textContent()).toContain('Geplaatst via de makelaar')

    // Stop: back to Henk's page as Samira, without the banner.
    await banner.getByRole('button', { name: 'Stoppen' }).click()
    await waitForPage(page, 'Henk')
    expect(new URL(page.url()).pathname).toBe('/makelaar/leden/henk')
    expect(await page.getByText('U werkt namens Henk.').count()).toBe(0)
    expect(await page.getByRole('navigation', { name: 'Menu voor makelaars' }).isVisible()).toBe(true)
    const requests: (string | undefined)[] = []
    page.on('request', (r) => requests.push(r.headers()['x-act-for']))
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Vragen en aanbod' }).click()
    await waitForPage(page, 'Vragen en aanbod')
    expect(requests.filter(Boolean)).toEqual([])
  })

  it('prints a one-page summary for Henk', async () => {
    const page = await stack.openPage('/makelaar/leden/henk', { as: samira })
    await waitForPage(page, 'Henk')
    await page.getByRole('link', { name: 'Print overzicht' }).click()
    await waitForPage(page, 'Overzicht voor Henk')
    const sheet = page.locator('article.bb-print')
    expect(await sheet.locator('h1').textContent()).toMatch(/^Overzicht voor Henk/)
    const text = (await sheet.textContent()) ?? ''
    expect(text).toContain('Wie doet wekelijks boodschappen met mij?')
    expect(text).toContain('Nog geen afspraken')
    expect(text).toContain('Wie kunt u bellen?')
    expect(text).toContain('Samira')
    await stack.expectAccessible(page, 'print view')

    // Printed: only the sheet, on one A4 page.
    await page.emulateMedia({ media: 'print' })
    for (const hidden of ['header.bb-header', 'nav', 'footer.bb-footer', '.bb-print-tools']) {
      expect(await page.locator(hidden).first().isVisible(), `${hidden} in print`).toBe(false)
    }
    expect(await sheet.isVisible()).toBe(true)
    await page.screenshot({ path: join(tmpdir(), 'buurtbeurs-print.png'), fullPage: true })
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true })
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []
    expect(pages).toHaveLength(1)
  })

  it('fits 360 px and 200% zoom without horizontal scrolling', async () => {
    const paths = ['/makelaar/bewoners', '/makelaar/nieuw', '/makelaar/leden/henk', '/makelaar/leden/henk/print']
    await stack.expectFits(paths, { as: samira, screenshot: 'buurtbeurs-print-phone.png' })
  })
})
