import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import writeExcelFile from 'write-excel-file/node'
import type { Community } from '../../shared/schemas/community'
import type { BeursEvent, EventBoard, ParticipantWithItems } from '../../shared/schemas/event'
import { waitForPage } from './browser'
import { useStack } from './stack'

/**
 * The organiser's side of a Beursvloer in the browser: a coordinator creates one and sets it up
 * (corners, hoekmannen, valuation rules, status), registers a participant, imports a CSV (with a
 * bad row first) and an Excel file, checks people in by code and from the list, and opens a
 * badge; an organisation registers itself. Each page is checked with axe, and at 360 px.
 */
const stack = useStack()
const jeroen = 'jeroen@example.nl'
const brug = 'stichting-de-brug@example.nl'
const base = '/api/communities/lindeveen'
const folder = mkdtempSync(join(tmpdir(), 'buurtbeurs-events-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

const eventName = 'Beursvloer Lindeveen Test'
const day = 24 * 60 * 60 * 1000
const eventDate = new Date(Date.now() + 60 * day).toISOString().slice(0, 10)
let eventId = ''
let repairCode = ''

const eventPath = (sub = '') => `/beursvloer/${eventId}${sub ? `/${sub}` : ''}`
const getEvent = async () => (await stack.api<BeursEvent>(`${base}/events/${eventId}`, { as: jeroen })).body
const getBoard = async () => (await stack.api<EventBoard>(`${base}/events/${eventId}/board`, { as: jeroen })).body
const main = (page: Page) => page.locator('main')

describe('the Beursvloer set-up pages', () => {
  it('lets a coordinator create a Beursvloer and set up its corners, hoekmannen, valuation rules and status', async () => {
    const page = await stack.openPage('/beursvloer', { as: jeroen })
    await waitForPage(page, 'Beursvloer')
    await stack.expectAccessible(page, 'events list')
    await main(page).getByRole('link', { name: 'Nieuwe Beursvloer' }).click()
    await waitForPage(page, 'Nieuwe Beursvloer')
    await stack.expectAccessible(page, 'new event')

    // Nothing filled in: the API names the fields.
    await page.getByRole('button', { name: 'Beursvloer maken' }).click()
    await page.locator('.bb-error-summary').waitFor()
    expect(await page.getByLabel('Naam van de Beursvloer').getAttribute('aria-invalid')).toBe('true')
    await stack.expectAccessible(page, 'new event with errors')

    await page.getByLabel('Naam van de Beursvloer').fill(eventName)
    await page.getByLabel('Datum').fill(eventDate)
    await page.getByLabel('Plaats').fill('Dorpshuis De Linde, Kerkstraat 1')
    await page.getByLabel('De vloer gaat open om').fill('16:00')
    await page.getByLabel('De vloer sluit om').fill('18:30')
    await page.getByRole('button', { name: 'Beursvloer maken' }).click()
    await waitForPage(page, `${eventName} instellen`)
    eventId = new URL(page.url()).pathname.split('/')[2] ?? ''
    expect(eventId).toMatch(/^[A-Za-z0-9_-]{8,40}$/)
    expect(new URL(page.url()).search).toBe('')
    expect(await main(page).textContent()).toContain('De Beursvloer is gemaakt.')
    await stack.expectAccessible(page, 'set-up page')

    // Corners: Samira helps in Menskracht, Creativiteit goes, a corner of our own comes.
    await page.getByRole('group', { name: 'Hoek: Menskracht' }).getByLabel('Samira (sociaal makelaar)').check()
    await page
      .getByRole('group', { name: 'Hoek: Creativiteit' })
      .getByRole('button', { name: 'Hoek verwijderen' })
      .click()
    expect(await page.getByRole('button', { name: 'Zet de hoek Creativiteit terug' }).count()).toBe(1)
    await page.getByRole('button', { name: 'Eigen hoek toevoegen' }).click()
    const fresh = page.locator('.bb-ev-corner').last()
    expect(await fresh.evaluate((el) => el.contains(document.activeElement))).toBe(true)
    await fresh.getByLabel('Naam in het Nederlands').fill('Duurzaamheid')
    await fresh.getByLabel('Naam in het Engels').fill('Sustainability')
    await page.getByRole('group', { name: 'Hoek: Duurzaamheid' }).getByLabel('Jeroen (coördinator)').check()

    // Valuation: a new rate with its worked example, and a rule of our own.
    const manpower = page.getByRole('group', { name: 'Regel: Menskracht per uur' })
    await manpower.getByLabel('Bedrag per uur per persoon, in euro').fill('30')
    expect(await manpower.locator('.bb-ev-example').textContent()).toMatch(/^3 uur × 1 × €\s30 = €\s90$/)
    await page.getByRole('button', { name: 'Regel toevoegen' }).click()
    const rule = page.locator('.bb-ev-rule').last()
    await rule.getByLabel('Naam in het Nederlands').fill('Duurzaam advies')
    await rule.getByLabel('Naam in het Engels').fill('Sustainable advice')
    await rule.getByLabel('Hoe rekenen we?').selectOption('fixed')
    await rule.getByLabel('Bedrag per match, in euro').fill('veel')
    await rule.getByLabel('Bron').fill('Afspraak met de gemeente')
    await page.getByRole('group', { name: 'Status' }).getByLabel('Aanmelden is open', { exact: true }).check()

    // An amount that is not one: said at the field, nothing sent.
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click()
    await page.locator('.bb-error-summary').waitFor()
    expect(await rule.getByLabel('Bedrag per match, in euro').getAttribute('aria-invalid')).toBe('true')
    await stack.expectAccessible(page, 'set-up page with an error')
    await rule.getByLabel('Bedrag per match, in euro').fill('150')
    expect(await rule.locator('.bb-ev-example').textContent()).toMatch(/^elke match = €\s150$/)
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click()
    await main(page).getByText('De Beursvloer is opgeslagen.').waitFor()

    const saved = await getEvent()
    expect(saved.status).toBe('open')
    expect(saved.corners.map((c) => c.id)).toEqual([
      'menskracht',
      'kennis',
      'netwerk',
      'materiaal',
      'faciliteiten',
      'duurzaamheid',
    ])
    expect(saved.corners.find((c) => c.id === 'menskracht')?.hoekmannen).toEqual(['samira'])
    expect(saved.corners.find((c) => c.id === 'duurzaamheid')).toEqual({
      id: 'duurzaamheid',
      name: { nl: 'Duurzaamheid', en: 'Sustainability' },
      hoekmannen: ['jeroen'],
    })
    expect(saved.valuationRules.find((r) => r.id === 'menskracht-uur')?.rateCents).toBe(3000)
    expect(saved.valuationRules.find((r) => r.id === 'duurzaam-advies')).toMatchObject({
      method: 'fixed',
      rateCents: 15_000,
      resourceType: null,
      source: 'Afspraak met de gemeente',
    })

    // Saving again keeps the ids: nothing is duplicated.
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click()
    await main(page).getByText('De Beursvloer is opgeslagen.').waitFor()
    const again = await getEvent()
    expect(again.version).toBe(saved.version + 1)
    expect(again.valuationRules.map((r) => r.id)).toEqual(saved.valuationRules.map((r) => r.id))

    // Someone else saves in between: nothing is overwritten, and the page offers the new version.
    const { id: _id, communityId: _c, createdBy: _b, createdAt: _a, updatedAt: _u, ...body } = again
    const changed = await stack.api(`${base}/events/${eventId}`, {
      as: jeroen,
      method: 'PUT',
      json: { ...body, place: 'Buurthuis De Linde' },
    })
    expect(changed.status).toBe(200)
    await page.getByLabel('Plaats').fill('Ergens anders')
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click()
    await main(page).getByText('Uw wijzigingen zijn niet opgeslagen.').waitFor()
    expect((await getEvent()).place).toBe('Buurthuis De Linde')
    await stack.expectAccessible(page, 'set-up page, changed meanwhile')
    await main(page).getByRole('link', { name: 'Laad de nieuwste versie' }).click()
    await expect.poll(() => page.getByLabel('Plaats').inputValue()).toBe('Buurthuis De Linde')
    await waitForPage(page, `${eventName} instellen`)
  }, 120_000)

  it('shows the hub with what to do now, and the community’s valuation rules', async () => {
    const page = await stack.openPage(eventPath(), { as: jeroen })
    await waitForPage(page, eventName)
    expect(await main(page).textContent()).toContain('Organisaties en vrijwilligers kunnen zich nu aanmelden.')
    const screen = main(page).getByRole('link', { name: /Groot scherm/ })
    expect(await screen.getAttribute('href')).toBe(`/scherm/lindeveen/${eventId}`)
    expect(await screen.getAttribute('target')).toBe('_blank')
    for (const name of ['Instellen', 'Deelnemer aanmelden', 'Deelnemers importeren', 'De vloer', 'Verslag']) {
      expect(await main(page).getByRole('link', { name, exact: true }).count(), name).toBe(1)
    }
    await stack.expectAccessible(page, 'event hub for staff')

    await page.goto(`${stack.url}/coordinator/waardering`)
    await waitForPage(page, 'Waardering in euro')
    await stack.expectAccessible(page, 'valuation rules')
    const knowledge = page.getByRole('group', { name: 'Regel: Kennis per uur' })
    await knowledge.getByLabel('Bedrag per uur per persoon, in euro').fill('55,50')
    expect(await knowledge.locator('.bb-ev-example').textContent()).toMatch(/€\s166,50$/)
    await page.getByRole('button', { name: 'Regels opslaan' }).click()
    await main(page).getByText('De regels zijn opgeslagen.').waitFor()
    const community = (await stack.api<Community>(base, { as: jeroen })).body
    expect(community.valuationRules.find((r) => r.id === 'kennis-uur')?.rateCents).toBe(5550)
  })

  it('registers a participant with its needs and offers, and shows its code and badge', async () => {
    const page = await stack.openPage(eventPath('aanmelden'), { as: jeroen })
    await waitForPage(page, 'Aanmelden voor de Beursvloer')
    await stack.expectAccessible(page, 'register a participant')

    await page.getByRole('button', { name: 'Deelnemer aanmelden' }).click()
    await page.locator('.bb-error-summary').waitFor()
    expect(await page.getByLabel('Naam', { exact: true }).getAttribute('aria-invalid')).toBe('true')
    await stack.expectAccessible(page, 'register with errors')

    await page.getByLabel('Naam', { exact: true }).fill('Repair Café Lindeveen')
    await page.getByLabel('Soort deelnemer').selectOption('vrijwilligersorganisatie')
    await page.getByLabel('Contactpersoon').fill('Kees')
    await page.getByLabel('E-mailadres').fill('repaircafe@example.nl')
    await page.getByLabel('De naam mag op het grote scherm').check()
    const first = page.getByRole('group', { name: 'Vraag of aanbod 1' })
    await first.getByLabel('Aanbod: dit kunnen we geven').check()
    await first.getByLabel('Hoek', { exact: true }).selectOption('materiaal')
    await first.getByLabel('Wat precies?').fill('Gereedschap lenen')
    await first.getByLabel('Hoe vaak?').fill('3')
    await first.getByLabel('Wat wilt u graag terug?').fill('Vrijwilligers voor de reparaties')
    await page.getByRole('button', { name: 'Nog een vraag of aanbod' }).click()
    const second = page.getByRole('group', { name: 'Vraag of aanbod 2' })
    await second.getByLabel('Hoek', { exact: true }).selectOption('menskracht')
    await second.getByLabel('Wat precies?').fill('Twee mensen voor de opbouw')
    await page.getByRole('button', { name: 'Deelnemer aanmelden' }).click()

    await main(page).getByText('Gelukt. Repair Café Lindeveen is aangemeld.').waitFor()
    repairCode = (await main(page).locator('.bb-ev-code').textContent()) ?? ''
    expect(repairCode).toMatch(/^[A-HJ-NP-Z2-9]{6}$/)
    expect(await main(page).textContent()).toContain('Gereedschap lenen (Materiaal)')
    expect(await main(page).textContent()).toContain('Twee mensen voor de opbouw (Menskracht)')
    await stack.expectAccessible(page, 'participant registered')

    await main(page).getByRole('link', { name: 'Bekijk en print de badge' }).click()
    await waitForPage(page, 'Badge van Repair Café Lindeveen')
    const qr = main(page).locator('img.bb-ev-qr')
    expect(await qr.getAttribute('alt')).toContain(repairCode)
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/)
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true)
    expect(await main(page).locator('.bb-ev-code--large').textContent()).toBe(repairCode)
    expect(await main(page).textContent()).toContain('Wil graag terug: Vrijwilligers voor de reparaties')
    expect(await main(page).getByRole('button', { name: 'Printen' }).count()).toBe(1)
    await stack.expectAccessible(page, 'badge')
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('.bb-print-tools').isVisible()).toBe(false)
    await page.emulateMedia({ media: 'screen' })
  })

  it('imports a CSV: a bad row is reported and nothing is imported; the fixed file is imported whole', async () => {
    const header =
      'Naam organisatie;Soort;Contactpersoon;E-mail;Telefoon;Naam op scherm;Hoek vraag;Vraag;Hoek aanbod;Aanbod;Aantal;Wat wil je terug'
    const rows = (sportEmail: string) => [
      header,
      'Buurtbus Lindeveen;Vrijwilligersorganisatie;Piet;buurtbus@example.nl;;ja;Menskracht;Chauffeurs voor de buurtbus;Netwerk;Contacten met ouderen;2;Hulp bij werving',
      `Sportclub De Hoek;Serviceclub;Karin;${sportEmail};;nee;;;Faciliteiten;Sporthal op zaterdag;1;`,
      '"Basisschool De Linde; locatie Noord";School;;school@example.nl;;ja;Kennis;Hulp bij de schooltuin;;;;',
    ]
    const bad = join(folder, 'deelnemers.csv')
    writeFileSync(bad, `\uFEFF${rows('niet-een-adres').join('\r\n')}\r\n`)
    const before = (await getBoard()).participants.length

    const page = await stack.openPage(eventPath('importeren'), { as: jeroen })
    await waitForPage(page, 'Deelnemers importeren')
    await stack.expectAccessible(page, 'import: choose a file')
    await page.getByLabel('Bestand', { exact: true }).setInputFiles(bad)
    await main(page).getByText('deelnemers.csv is gelezen. Rijen: 3. Kolommen: 12.').waitFor()
    // The headers are read as the fields they name.
    expect(await page.getByLabel('Kolom A: “Naam organisatie”').inputValue()).toBe('name')
    expect(await page.getByLabel('Kolom B: “Soort”').inputValue()).toBe('type')
    expect(await page.getByLabel('Kolom D: “E-mail”').inputValue()).toBe('email')
    expect(await page.getByLabel('Kolom G: “Hoek vraag”').inputValue()).toBe('needCorner')
    expect(await page.getByLabel('Kolom K: “Aantal”').inputValue()).toBe('offerQuantity')
    expect(await page.getByLabel('Kolom L: “Wat wil je terug”').inputValue()).toBe('wantsInReturn')
    const preview = main(page).getByRole('table', { name: /Zo lezen we de eerste 3 rijen/ })
    expect(await preview.textContent()).toContain('Basisschool De Linde; locatie Noord')
    await stack.expectAccessible(page, 'import: columns')

    await main(page).getByRole('button', { name: 'Controleer alle rijen' }).click()
    await main(page).getByText('Rijen zonder fout: 2. Rijen met een fout: 1. Er is nog niets opgeslagen.').waitFor()
    expect(await main(page).locator('.bb-ev-progress__text').first().textContent()).toBe('3 van 3 rijen gecontroleerd')
    const report = main(page).getByRole('table', { name: 'Rijen met een fout' })
    const cells = await report.locator('tbody tr').first().locator('td').allTextContents()
    expect(cells).toEqual(['3', 'E-mail (kolom D)', 'Dit is geen goed e-mailadres.'])
    await stack.expectAccessible(page, 'import: report')
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      main(page).getByRole('link', { name: 'Download de lijst met fouten (CSV)' }).click(),
    ])
    const csv = readFileSync((await download.path()) ?? '', 'utf8')
    expect(csv).toContain('3;E-mail;Dit is geen goed e-mailadres.')
    // Nothing was written.
    expect((await getBoard()).participants).toHaveLength(before)
    // "Only the correct rows" asks for a tick first.
    await main(page).getByRole('button', { name: 'Alleen de goede rijen importeren' }).click()
    await main(page).getByText('Zet eerst een vinkje om te bevestigen.').waitFor()
    expect((await getBoard()).participants).toHaveLength(before)

    // The corrected file: every row is imported.
    const good = join(folder, 'deelnemers-goed.csv')
    writeFileSync(good, `${rows('sportclub@example.nl').join('\n')}\n`)
    await page.getByLabel('Bestand', { exact: true }).setInputFiles(good)
    await main(page).getByText('deelnemers-goed.csv is gelezen. Rijen: 3. Kolommen: 12.').waitFor()
    expect(await main(page).getByRole('table', { name: 'Rijen met een fout' }).count()).toBe(0)
    await main(page).getByRole('button', { name: 'Controleer alle rijen' }).click()
    await main(page).getByText('Alle rijen zijn goed (3). Er is nog niets opgeslagen.').waitFor()
    await main(page).getByRole('button', { name: 'Alles importeren' }).click()
    await main(page).getByText('Klaar. Geïmporteerde rijen: 3. Deelnemers: 3.').waitFor()
    expect(await main(page).locator('.bb-ev-progress__text').last().textContent()).toBe('3 van 3 rijen geïmporteerd')
    await stack.expectAccessible(page, 'import: done')

    const board = await getBoard()
    expect(board.participants).toHaveLength(before + 3)
    const bus = board.participants.find((p) => p.name === 'Buurtbus Lindeveen')
    expect(bus).toMatchObject({
      type: 'vrijwilligersorganisatie',
      contactName: 'Piet',
      showName: true,
      source: 'import',
    })
    const busItems = board.items.filter((i) => i.participantId === bus?.id)
    expect(busItems.map((i) => [i.kind, i.cornerId, i.title, i.quantity]).sort()).toEqual([
      ['need', 'menskracht', 'Chauffeurs voor de buurtbus', 1],
      ['offer', 'netwerk', 'Contacten met ouderen', 2],
    ])
    expect(board.participants.find((p) => p.name === 'Sportclub De Hoek')?.showName).toBe(false)

    // The same file again writes nothing twice.
    await page.getByLabel('Bestand', { exact: true }).setInputFiles(good)
    await main(page).getByRole('button', { name: 'Controleer alle rijen' }).click()
    await main(page).getByRole('button', { name: 'Alles importeren' }).click()
    await main(page).getByText('Klaar. Geïmporteerde rijen: 3. Deelnemers: 3.').waitFor()
    const twice = await getBoard()
    expect(twice.participants).toHaveLength(board.participants.length)
    expect(twice.items).toHaveLength(board.items.length)
  }, 120_000)

  it('imports an Excel file', async () => {
    const file = join(folder, 'aanmeldingen.xlsx')
    await writeExcelFile([
      ['Organisation name', 'Type', 'Email', 'Phone', 'Show name', 'Offer corner', 'Offer', 'Quantity'],
      ['Bakery Bread & Co', 'Business', 'bakery@example.nl', '0612345678', true, 'Materials', 'Bread rolls', 2],
      [],
      ['Green Team', 'Volunteer organisation', null, '0687654321', false, 'Duurzaamheid', 'Advice on saving energy', 1],
    ]).toFile(file)
    const page = await stack.openPage(eventPath('importeren'), { as: jeroen })
    await waitForPage(page, 'Deelnemers importeren')
    await page.getByLabel('Bestand', { exact: true }).setInputFiles(file)
    await main(page).getByText('aanmeldingen.xlsx is gelezen. Rijen: 2. Kolommen: 8.').waitFor()
    expect(await page.getByLabel('Kolom D: “Phone”').inputValue()).toBe('phone')
    expect(await page.getByLabel('Kolom G: “Offer”').inputValue()).toBe('offerTitle')
    await main(page).getByRole('button', { name: 'Controleer alle rijen' }).click()
    await main(page).getByText('Alle rijen zijn goed (2). Er is nog niets opgeslagen.').waitFor()
    await main(page).getByRole('button', { name: 'Alles importeren' }).click()
    await main(page).getByText('Klaar. Geïmporteerde rijen: 2. Deelnemers: 2.').waitFor()
    const board = await getBoard()
    const bakery = board.participants.find((p) => p.name === 'Bakery Bread & Co')
    expect(bakery).toMatchObject({ type: 'bedrijf', showName: true })
    const green = board.participants.find((p) => p.name === 'Green Team')
    expect(board.items.find((i) => i.participantId === green?.id)).toMatchObject({
      kind: 'offer',
      cornerId: 'duurzaamheid',
      title: 'Advice on saving energy',
    })
  })

  it('checks participants in by code and from the list', async () => {
    const page = await stack.openPage(eventPath('deelnemers'), { as: jeroen })
    await waitForPage(page, 'Deelnemers en binnenkomst')
    const total = (await getBoard()).participants.length
    const count = main(page).locator('.bb-ev-count')
    expect(await count.textContent()).toBe(`0 van ${total} binnen`)
    await stack.expectAccessible(page, 'participants')

    const door = page.getByRole('region', { name: 'Binnen melden met de code' })
    await door.getByLabel('Code van de deelnemer').fill(repairCode.toLowerCase())
    await door.getByRole('button', { name: 'Binnen melden' }).click()
    await door.getByText('Welkom, Repair Café Lindeveen! Repair Café Lindeveen is binnen.').waitFor()
    expect(await count.textContent()).toBe(`1 van ${total} binnen`)
    // Ready for the next one: the field is empty and has the focus.
    expect(await door.getByLabel('Code van de deelnemer').inputValue()).toBe('')
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('code')
    const repairRow = main(page).locator('.bb-ev-person', { hasText: 'Repair Café Lindeveen' })
    expect(await repairRow.textContent()).toContain('Binnen sinds')

    // A second scan changes nothing; a code nobody has, and text that is no code, are said at the field.
    await door.getByLabel('Code van de deelnemer').fill(repairCode)
    await door.getByRole('button', { name: 'Binnen melden' }).click()
    await door.getByText(/Repair Café Lindeveen was al binnen, sinds \d\d:\d\d\./).waitFor()
    expect(await count.textContent()).toBe(`1 van ${total} binnen`)
    const unknown = repairCode === 'ZZZZZZ' ? 'YYYYYY' : 'ZZZZZZ'
    await door.getByLabel('Code van de deelnemer').fill(unknown)
    await door.getByRole('button', { name: 'Binnen melden' }).click()
    await page.waitForFunction(
      () => document.querySelector('input[name="code"]')?.getAttribute('aria-invalid') === 'true',
    )
    await door.getByLabel('Code van de deelnemer').fill('ab')
    await door.getByRole('button', { name: 'Binnen melden' }).click()
    await door.getByText('Een code heeft 6 tekens: letters en cijfers.').waitFor()
    await stack.expectAccessible(page, 'participants, code refused')

    // From the list.
    const school = main(page).locator('.bb-ev-person', { hasText: 'Basisschool De Linde' })
    await school.getByRole('button', { name: 'Binnen melden' }).click()
    await school.getByText(/Binnen sinds \d\d:\d\d/).waitFor()
    expect(await count.textContent()).toBe(`2 van ${total} binnen`)
    const checked = (await getBoard()).participants.filter((p) => p.checkedInAt !== null).map((p) => p.name)
    expect(checked.sort()).toEqual(['Basisschool De Linde; locatie Noord', 'Repair Café Lindeveen'])

    // Search and filters.
    await main(page).getByLabel('Zoek op naam').fill('sportclub')
    await main(page).getByText('Gevonden: 1').waitFor()
    expect(await main(page).locator('.bb-ev-person:visible').count()).toBe(1)
    await main(page).getByLabel('Zoek op naam').fill('')
    await main(page).getByLabel('Binnen?').selectOption('in')
    await main(page).getByText('Gevonden: 2').waitFor()
    await stack.expectAccessible(page, 'participants filtered')
  })

  it('lets an organisation register itself, then shows its registration and badge', async () => {
    const page = await stack.openPage('/beursvloer', { as: brug })
    await waitForPage(page, 'Beursvloer')
    await main(page).getByRole('link', { name: eventName }).click()
    await waitForPage(page, eventName)
    await stack.expectAccessible(page, 'event hub for an organisation')
    await main(page).getByRole('link', { name: 'Aanmelden', exact: true }).click()
    await waitForPage(page, 'Aanmelden voor de Beursvloer')
    // Its own account's contact details are used: no address fields.
    expect(await main(page).getByLabel('E-mailadres').count()).toBe(0)
    expect(await page.getByLabel('Naam', { exact: true }).inputValue()).toBe('Stichting De Brug')
    expect(await page.locator('select[name="type"] option[value="vrijwilliger"]').count()).toBe(0)
    await stack.expectAccessible(page, 'register oneself')
    await page.getByLabel('Soort deelnemer').selectOption('maatschappelijke-organisatie')
    const item = page.getByRole('group', { name: 'Vraag of aanbod 1' })
    await item.getByLabel('Hoek', { exact: true }).selectOption('kennis')
    await item.getByLabel('Wat precies?').fill('Hulp bij de boekhouding')
    await main(page).getByRole('button', { name: 'Aanmelden', exact: true }).click()
    await main(page).getByText('Gelukt. U bent aangemeld als Stichting De Brug.').waitFor()
    await stack.expectAccessible(page, 'registered oneself')

    await main(page)
      .getByRole('link', { name: `Terug naar ${eventName}` })
      .first()
      .click()
    await waitForPage(page, eventName)
    expect(await main(page).textContent()).toContain(
      'U bent aangemeld als Stichting De Brug (Maatschappelijke organisatie).',
    )
    await main(page).getByRole('link', { name: 'Mijn aanmelding en badge' }).click()
    await waitForPage(page, 'Badge van Stichting De Brug')
    expect(await main(page).textContent()).toContain('Hulp bij de boekhouding')
    await stack.expectAccessible(page, 'own badge')

    // Someone else's badge is not theirs to see.
    const other = (await getBoard()).participants.find((p) => p.name === 'Repair Café Lindeveen')
    const refused = await stack.api<ParticipantWithItems>(
      `${base}/events/${eventId}/participants/${other?.id ?? 'x'}`,
      { as: brug },
    )
    expect(refused.status).toBe(403)
  })

  it('works in English', async () => {
    const page = await stack.openPage(eventPath('instellen'), { as: jeroen })
    await waitForPage(page, `${eventName} instellen`)
    await page.getByRole('button', { name: 'English' }).click()
    await waitForPage(page, `Set up ${eventName}`)
    expect(await page.getByRole('group', { name: 'Rule: Manpower per hour' }).count()).toBe(1)
    await stack.expectAccessible(page, 'set-up page in English')
    await page.goto(`${stack.url}${eventPath('deelnemers')}`)
    await waitForPage(page, 'Participants and check-in')
    expect(await main(page).locator('.bb-ev-count').textContent()).toMatch(/^2 of \d+ checked in$/)
    await page.getByRole('button', { name: 'Nederlands' }).click()
    await waitForPage(page, 'Deelnemers en binnenkomst')
  })

  it('fits 360 px and 200% zoom without horizontal scrolling', async () => {
    const repair = (await getBoard()).participants.find((p) => p.name === 'Repair Café Lindeveen')
    await stack.expectFits(
      [
        '/beursvloer',
        '/beursvloer/nieuw',
        eventPath(),
        eventPath('instellen'),
        eventPath('aanmelden'),
        eventPath('importeren'),
        eventPath('deelnemers'),
        eventPath(`deelnemers/${repair?.id ?? ''}/badge`),
        '/coordinator/waardering',
      ],
      { as: jeroen, screenshot: 'buurtbeurs-events-setup-phone.png' },
    )
    await stack.expectFits(['/beursvloer', eventPath(), eventPath('aanmelden')], { as: brug })
  })
})
