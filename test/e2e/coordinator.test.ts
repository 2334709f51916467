import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { waitForPage } from './browser'
import { useStack } from './stack'

const stack = useStack()
const jeroen = 'jeroen@example.nl'

describe('the coordinator', () => {
  it('changes a member’s role with a reason, but not their own', async () => {
    const page = await stack.openPage('/', { as: jeroen })
    await waitForPage(page, 'Samen helpen')
    await page
      .getByRole('navigation', { name: /Menu voor makelaars en coördinatoren/ })
      .getByRole('link', { name: 'Leden en rollen' })
      .click()
    await waitForPage(page, 'Leden en rollen')
    await stack.expectAccessible(page, 'members and roles')

    // Tom becomes a broker.
    const tom = page.locator('.bb-member-item', { has: page.getByRole('link', { name: 'Tom', exact: true }) })
    await tom.getByText('Wijzig de rol van Tom').click()
    await tom.getByLabel('Nieuwe rol').selectOption('broker')
    await tom.getByLabel('Reden').fill('Begint als vrijwillig makelaar in Molenwijk.')
    await tom.getByRole('button', { name: 'Rol wijzigen' }).click()
    await tom.getByText('Tom is nu sociaal makelaar.').waitFor()
    expect(await tom.locator('.bb-member-item__meta').textContent()).toContain('sociaal makelaar')

    // Jeroen's own role: the API refuses, and the page says why.
    const self = page.locator('.bb-member-item', { hasText: '(u)' })
    await self.getByText('Wijzig de rol van Jeroen').click()
    await self.getByLabel('Nieuwe rol').selectOption('broker')
    await self.getByLabel('Reden').fill('Een test van de eigen rol.')
    await self.getByRole('button', { name: 'Rol wijzigen' }).click()
    await self.getByText('U kunt uw eigen rol niet veranderen. Vraag een andere coördinator.').waitFor()
    expect(await page.evaluate(() => document.activeElement?.classList.contains('utrecht-alert'))).toBe(true)
    await stack.expectAccessible(page, 'own role refused')

    // The filter: only brokers now include Tom.
    await page.getByLabel('Rol', { exact: true }).selectOption('broker')
    await page.getByRole('button', { name: 'Toon' }).click()
    await page.waitForURL(/rol=broker/)
    await waitForPage(page, 'Leden en rollen')
    const names = await page.locator('.bb-member-item__name a').allTextContents()
    expect(names).toContain('Tom')
    expect(names).toContain('Samira')
  })

  it('downloads and erases a member’s data on their behalf, after a confirmation', async () => {
    const page = await stack.openPage('/makelaar/leden/wim', { as: jeroen })
    await waitForPage(page, 'Wim')
    const privacy = page.getByRole('region', { name: 'Privacy (AVG)' })
    await stack.expectAccessible(page, 'member page with privacy section')

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      privacy.getByRole('button', { name: 'Gegevens downloaden' }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/^buurtbeurs-wim-\d{4}-\d{2}-\d{2}\.json$/)

    // Without the tick nothing happens.
    await privacy.getByRole('button', { name: 'Gegevens verwijderen' }).click()
    await privacy.getByText('Zet eerst een vinkje om te bevestigen.').waitFor()
    await privacy.getByLabel(/Ik weet zeker dat ik de gegevens van Wim wil verwijderen/).check()
    await privacy.getByLabel(/Waarom\?/).fill('Wim vroeg het zelf aan de telefoon.')
    await privacy.getByRole('button', { name: 'Gegevens verwijderen' }).click()
    await page.locator('#main').getByText('De gegevens zijn verwijderd. Alleen een anoniem lid blijft over.').waitFor()
    await page.getByRole('heading', { level: 1, name: 'Oud-lid' }).waitFor()
    await stack.expectAccessible(page, 'member erased')
  })

  it('adds an organisation with a representative who can sign in for it', async () => {
    const page = await stack.openPage('/coordinator/organisaties', { as: jeroen })
    await waitForPage(page, 'Organisaties')
    expect(await page.getByRole('region', { name: 'Alle organisaties' }).textContent()).toContain('Stichting De Brug')
    await stack.expectAccessible(page, 'organisations')

    await page.getByLabel('Naam van de organisatie').fill('Repair Café Lindeveen')
    await page.getByLabel('Buurt').selectOption('kastanjehof')
    await page.getByRole('button', { name: 'Nog iemand toevoegen' }).click()
    const first = page.getByRole('group', { name: 'Persoon 1' })
    await first.getByLabel('Naam').fill('Kees Bakker')
    await first.getByLabel(/E-mailadres/).fill('kees@repaircafe.example.nl')
    await page.getByRole('button', { name: 'Organisatie toevoegen' }).click()
    await page.locator('main').getByText('Repair Café Lindeveen is toegevoegd.').waitFor()
    expect(await page.getByRole('region', { name: 'Alle organisaties' }).textContent()).toContain(
      'Repair Café Lindeveen',
    )

    // Kees can now ask for a sign-in code for it.
    const seen = await stack.outboxIds()
    await stack.api('/api/auth/code', {
      method: 'POST',
      json: { communityId: 'lindeveen', address: 'kees@repaircafe.example.nl' },
    })
    expect(await stack.readCode('kees@repaircafe.example.nl', seen)).toMatch(/^\d{6}$/)
  })

  it('invites a broker, who signs in with the e-mail address given', async () => {
    const page = await stack.openPage('/coordinator/uitnodigen', { as: jeroen })
    await waitForPage(page, 'Nieuwe makelaar of coördinator')
    await stack.expectAccessible(page, 'invite')
    await page.getByRole('button', { name: 'Uitnodigen' }).click()
    await page.locator('.bb-error-summary').waitFor()
    expect(await page.getByLabel('E-mailadres').getAttribute('aria-invalid')).toBe('true')

    await page.getByLabel('Voornaam').fill('Daan')
    await page.getByLabel('Volledige naam').fill('Daan Verhoeven')
    await page.getByLabel('E-mailadres').fill('daan@welzijn.example.nl')
    await page.getByRole('group', { name: 'Rol' }).getByLabel('sociaal makelaar').check()
    await page.getByRole('button', { name: 'Uitnodigen' }).click()
    await page.locator('main').getByText('Daan kan nu inloggen met daan@welzijn.example.nl').waitFor()
    const daan = await stack.session('daan@welzijn.example.nl')
    expect(daan.member.role).toBe('broker')
  })

  it('reads the audit log: contact views and work done for a resident, filtered by member', async () => {
    // Prepare: Jeroen looks at Henk's contact details and posts a request for him.
    const page = await stack.openPage('/makelaar/leden/henk', { as: jeroen })
    await waitForPage(page, 'Henk')
    await page.getByRole('button', { name: 'Toon contactgegevens' }).click()
    await page.getByText('Marktstraat 12, Lindeveen').waitFor()
    await page.getByRole('button', { name: 'Werk namens Henk' }).click()
    await waitForPage(page, 'Berichten van Henk')
    await page.getByRole('link', { name: 'Plaats een vraag of aanbod voor Henk' }).click()
    await waitForPage(page, 'Vraag of bied hulp')
    await page.getByRole('group', { name: 'Wat wilt u doen?' }).getByLabel('Ik zoek hulp').check()
    await page.getByLabel('Titel').fill('Lamp ophangen in de gang')
    await page.getByLabel('Onderwerp').selectOption('klussen')
    await page.getByRole('group', { name: 'Vrijdag' }).getByLabel('Ochtend').check()
    await page.getByRole('button', { name: 'Plaatsen' }).click()
    await waitForPage(page, 'Lamp ophangen in de gang')
    await page.getByRole('status').getByRole('button', { name: 'Stoppen' }).click()
    await waitForPage(page, 'Henk')

    // Act: the audit log, filtered on Henk.
    await page
      .getByRole('navigation', { name: /coördinatoren/ })
      .getByRole('link', { name: 'Logboek' })
      .click()
    await waitForPage(page, 'Logboek')
    await stack.expectAccessible(page, 'audit log')
    await page.getByLabel(/^Lid/).fill('henk')
    await page.getByRole('button', { name: 'Zoek' }).click()
    await page.waitForURL(/lid=henk/)
    await waitForPage(page, 'Logboek')

    // Assess: a captioned table with both entries, newest first, by Jeroen.
    const table = page.getByRole('table')
    expect(await table.locator('caption').textContent()).toMatch(/^Logboek van .+: \d+ regels/)
    const rows = await table.locator('tbody tr').allTextContents()
    expect(rows.some((row) => row.includes('Contactgegevens bekeken') && row.includes('jeroen'))).toBe(true)
    expect(rows.some((row) => row.includes('Bericht geplaatst namens bewoner'))).toBe(true)
    for (const row of rows) expect(row).toContain('henk')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('audit-results')
    await page.screenshot({ path: join(tmpdir(), 'buurtbeurs-audit.png'), fullPage: true })

    // Filter on one action.
    await page.getByLabel('Wat').selectOption('contact.viewed')
    await page.getByRole('button', { name: 'Zoek' }).click()
    await page.waitForURL(/actie=contact.viewed/)
    await waitForPage(page, 'Logboek')
    const viewed = await page.getByRole('table').locator('tbody tr').allTextContents()
    expect(viewed.length).toBeGreaterThan(0)
    for (const row of viewed) expect(row).toContain('Contactgegevens bekeken')
  })

  it('fits 360 px and 200% zoom without horizontal scrolling', async () => {
    const paths = ['/coordinator/leden', '/coordinator/organisaties', '/coordinator/uitnodigen', '/coordinator/logboek']
    await stack.expectFits(paths, { as: jeroen, screenshot: 'buurtbeurs-audit-phone.png' })
  })
})
