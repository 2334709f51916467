import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { QueueItem, QueuePage } from '../../shared/schemas/matching'
import type { PostPage } from '../../shared/schemas/post'
import { waitForPage } from './browser'
import { useStack } from './stack'

const stack = useStack()
const fatima = 'fatima@example.nl'
const priya = 'priya@example.nl'
const anna = 'anna@example.nl'
const mieke = 'mieke@example.nl'
const lars = 'lars@example.nl'
const samira = 'samira@example.nl'
const jeroen = 'jeroen@example.nl'

/** The id of a demo post by its title, read through the API as its author (or a broker). */
async function postId(memberId: string, title: string, as: string): Promise<string> {
  const { body } = await stack.api<PostPage>(`/api/communities/lindeveen/members/${memberId}/posts`, { as })
  const found = body.items.find((post) => post.title === title)
  if (!found) throw new Error(`No post "${title}" by ${memberId}`)
  return found.id
}

/**
 * Waits for the suggestions section to show its list: the matcher runs on the table's stream, so
 * a post that was just created may say "still looking" first; then "Kijk opnieuw" shows them.
 */
async function suggestionsShown(page: Page): Promise<void> {
  const section = page.getByRole('region', { name: 'Suggesties' })
  await section.waitFor()
  for (let attempt = 0; attempt < 20; attempt++) {
    if ((await section.locator('.bb-suggestion').count()) > 0) return
    await stack.drainWorkers()
    await section.getByRole('button', { name: 'Kijk opnieuw' }).click()
    // The click loads the section again; wait until it is drawn (no busy button left).
    await page.waitForFunction(() => !document.querySelector('.bb-suggestions-section [aria-disabled="true"]'))
  }
  throw new Error('No suggestions appeared')
}

describe('suggestions, interest, the broker’s queue and the matching settings', () => {
  it('shows a resident suggestions with reasons on her own request; her interest reaches the other author', async () => {
    await stack.drainWorkers()
    const request = await postId('fatima', 'Samen Nederlands oefenen', fatima)
    const page = await stack.openPage(`/berichten/${request}`, { as: fatima })
    await waitForPage(page, 'Samen Nederlands oefenen')
    await suggestionsShown(page)

    // Priya's offer: first name and buurt, when, how well it fits and why; no score, no contact details.
    const section = page.getByRole('region', { name: 'Suggesties' })
    const suggestion = section.locator('.bb-suggestion', { hasText: 'Taalmaatje: samen Nederlands praten' })
    const text = (await suggestion.textContent()) ?? ''
    expect(text).toContain('Priya uit De Akkers')
    expect(text).toMatch(/Woensdag: ochtend/)
    expect(text).toMatch(/Past (goed|redelijk)/)
    expect(text).not.toMatch(/punten|@example\.nl/)
    const reasons = suggestion.getByRole('list', { name: 'Waarom deze suggestie?' }).getByRole('listitem')
    expect(await reasons.count()).toBeGreaterThan(0)
    expect(await reasons.allTextContents()).toContainEqual(expect.stringMatching(/Kan op|Zelfde soort hulp|Past bij/))
    await page.screenshot({ path: join(tmpdir(), 'buurtbeurs-suggestions.png'), fullPage: true })
    await stack.expectAccessible(page, 'suggestions on a request')

    // "Ik heb interesse", with a short message: confirmed in place and through the live region.
    await suggestion.getByText('Wilt u er iets bij zeggen?').click()
    await suggestion.getByLabel(/Uw bericht/).fill('Woensdag past mij het best.')
    await suggestion.getByRole('button', { name: 'Ik heb interesse' }).click()
    await suggestion.getByText('Interesse doorgegeven. Priya ziet dat u interesse heeft.').waitFor()
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Interesse doorgegeven')
    await page.waitForFunction(() =>
      document.getElementById('announcer')?.textContent?.includes('Interesse doorgegeven'),
    )
    const interest = page.getByRole('region', { name: 'Interesse' })
    expect(await interest.textContent()).toContain('We wachten op antwoord van Priya')
    await stack.expectAccessible(page, 'interest passed on')

    // Priya sees it on her offer, with the message, and answers.
    const offer = await postId('priya', 'Taalmaatje: samen Nederlands praten', priya)
    const other = await stack.openPage(`/berichten/${offer}`, { as: priya })
    await waitForPage(other, 'Taalmaatje: samen Nederlands praten')
    const theirs = other.getByRole('region', { name: 'Interesse' })
    const item = theirs.locator('.bb-proposal', { hasText: 'Samen Nederlands oefenen' })
    expect(await item.textContent()).toContain('Fatima heeft interesse in dit bericht.')
    expect(await item.textContent()).toContain('Woensdag past mij het best.')
    await item.getByRole('button', { name: 'Ik heb ook interesse' }).click()
    await item.getByText('Interesse doorgegeven').waitFor()
    await theirs.getByText('Jullie hebben allebei interesse.').waitFor()
    await other.screenshot({ path: join(tmpdir(), 'buurtbeurs-interest.png'), fullPage: true })
    await stack.expectAccessible(other, 'interest shown in an offer')
  })

  it('does not show a resident the suggestions of someone else’s post', async () => {
    const request = await postId('fatima', 'Samen Nederlands oefenen', fatima)
    const page = await stack.openPage(`/berichten/${request}`, { as: anna })
    await waitForPage(page, 'Samen Nederlands oefenen')
    expect(await page.getByRole('region', { name: 'Suggesties' }).count()).toBe(0)
    expect(await page.getByRole('region', { name: 'Interesse' }).count()).toBe(0)
    expect(await page.getByRole('heading', { name: 'Wilt u reageren?' }).isVisible()).toBe(true)
    // Nor through the API.
    const suggestions = await stack.api<{ error: string }>(`/api/communities/lindeveen/posts/${request}/suggestions`, {
      as: anna,
    })
    expect(suggestions.status).toBe(403)
    expect(suggestions.body.error).toBe('NOT_POST_OWNER')
  })

  it('lets a resident post a weekly request with keywords, and finds suggestions for it', async () => {
    const page = await stack.openPage('/plaatsen', { as: fatima })
    await waitForPage(page, 'Vraag of bied hulp')
    const title = `Boodschappen naar boven dragen ${Date.now()}`
    await page.getByRole('group', { name: 'Wat wilt u doen?' }).getByLabel('Ik zoek hulp').check()
    await page.getByLabel('Titel').fill(title)
    await page.getByLabel('Onderwerp').selectOption('boodschappen')
    await page.getByRole('group', { name: 'Dinsdag' }).getByLabel('Ochtend').check()
    // Asked in the resident's words.
    const recurrence = page.getByRole('group', { name: 'Komt deze vraag terug?' })
    await recurrence.getByLabel('Ja, elke week').check()
    await page.getByLabel(/Trefwoorden/).fill('supermarkt, zware tassen,')
    expect(await page.getByRole('list', { name: 'Uw trefwoorden:' }).getByRole('listitem').allTextContents()).toEqual([
      'supermarkt',
      'zware tassen',
    ])
    await stack.expectAccessible(page, 'post form with keywords')
    await page.getByRole('button', { name: 'Plaatsen' }).click()
    await waitForPage(page, title)
    const facts = (await page.locator('.bb-facts').textContent()) ?? ''
    expect(facts).toContain('supermarkt, zware tassen')
    expect(facts).toContain('Elke week')

    // The matcher picks the new post up from the stream.
    await suggestionsShown(page)
    const section = page.getByRole('region', { name: 'Suggesties' })
    expect(await section.textContent()).toContain('Ik doe graag boodschappen voor een buur')
  })

  it('lets a resident decline to be matched with someone, and lift that in My details', async () => {
    await stack.drainWorkers()
    const request = await postId('mieke', 'Heg snoeien in de voortuin', mieke)
    const page = await stack.openPage(`/berichten/${request}`, { as: mieke })
    await waitForPage(page, 'Heg snoeien in de voortuin')
    await suggestionsShown(page)
    const suggestion = page.locator('.bb-suggestion', { hasText: 'Tuinman op zaterdag' })
    await suggestion.getByRole('button', { name: 'Niet met deze persoon matchen' }).click()
    // A confirmation first, read out because it gets focus.
    const confirm = suggestion.getByRole('group')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain(
      'Wilt u nooit met Bram gematcht worden?',
    )
    await stack.expectAccessible(page, 'block confirmation')
    await confirm.getByRole('button', { name: 'Annuleren' }).click()
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Niet met deze persoon matchen')
    await suggestion.getByRole('button', { name: 'Niet met deze persoon matchen' }).click()
    await suggestion.getByRole('button', { name: 'Ja, niet meer matchen' }).click()
    await page.locator('#main').getByText('U wordt niet meer met Bram gematcht.').waitFor()

    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Mijn gegevens' }).click()
    await waitForPage(page, 'Mijn gegevens')
    const blocked = page.getByRole('region', { name: 'Geblokkeerd' })
    expect(await blocked.textContent()).toContain('Bram')
    await blocked.getByRole('button', { name: 'Opheffen blokkade van Bram' }).click()
    await blocked.getByText('De blokkade van Bram is opgeheven.').waitFor()
    expect(await blocked.textContent()).toContain('U heeft niemand geblokkeerd.')
  })

  it('lets a helper pause, choose how many people and which languages, and give an age band with consent', async () => {
    const page = await stack.openPage('/mijn-gegevens', { as: lars })
    await waitForPage(page, 'Mijn gegevens')
    const helping = page.getByRole('region', { name: 'Helpen' })
    await helping.getByLabel('Hoeveel mensen wilt u tegelijk helpen?').fill('2')
    await helping.getByLabel('Ik neem even pauze').check()
    await helping.getByRole('group', { name: 'Welke talen spreekt u?' }).getByLabel('Engels').check()
    await helping.getByRole('button', { name: 'Keuzes opslaan' }).click()
    await helping.getByText('Opgeslagen. U heeft nu pauze: er komen geen nieuwe suggesties.').waitFor()
    await stack.expectAccessible(page, 'my details with helping')
    await page.screenshot({ path: join(tmpdir(), 'buurtbeurs-my-details.png'), fullPage: true })

    // A number out of range: the API says so at the field.
    await helping.getByLabel('Hoeveel mensen wilt u tegelijk helpen?').fill('25')
    await helping.getByRole('button', { name: 'Keuzes opslaan' }).click()
    await helping.locator('.bb-error-summary').waitFor()
    expect(await helping.getByLabel('Hoeveel mensen wilt u tegelijk helpen?').getAttribute('aria-invalid')).toBe('true')

    // An age band needs consent; "rather not say" withdraws it.
    const age = page.getByRole('region', { name: 'Leeftijd (niet verplicht)' })
    expect(await age.textContent()).toContain('Niemand ziet uw leeftijd')
    await age.getByLabel('25 tot 45 jaar').check()
    await age.getByRole('button', { name: 'Leeftijd opslaan' }).click()
    await age.locator('.bb-error-summary').waitFor()
    await age.getByLabel(/Ik vind het goed/).check()
    await age.getByRole('button', { name: 'Leeftijd opslaan' }).click()
    await age.getByText('Uw leeftijd is opgeslagen. Dank u wel.').waitFor()

    // Kept after a reload; the contact form still saves (one member version across the forms).
    await page.reload()
    await waitForPage(page, 'Mijn gegevens')
    const again = page.getByRole('region', { name: 'Helpen' })
    expect(await again.getByLabel('Ik neem even pauze').isChecked()).toBe(true)
    expect(await again.getByLabel('Hoeveel mensen wilt u tegelijk helpen?').inputValue()).toBe('2')
    expect(await again.getByLabel('Engels').isChecked()).toBe(true)
    expect(
      await page.getByRole('region', { name: 'Leeftijd (niet verplicht)' }).getByLabel('25 tot 45 jaar').isChecked(),
    ).toBe(true)
    await again.getByLabel('Ik neem even pauze').uncheck()
    await again.getByRole('button', { name: 'Keuzes opslaan' }).click()
    await again.getByText('Uw keuzes voor helpen zijn opgeslagen.').waitFor()
    await page.getByRole('region', { name: 'Contactgegevens' }).getByRole('button', { name: 'Opslaan' }).click()
    await page.locator('main').getByText('Uw gegevens zijn opgeslagen.').waitFor()
    const ageAgain = page.getByRole('region', { name: 'Leeftijd (niet verplicht)' })
    await ageAgain.getByLabel('Zeg ik liever niet').check()
    await ageAgain.getByRole('button', { name: 'Leeftijd opslaan' }).click()
    await ageAgain.getByText('Opgeslagen. We bewaren uw leeftijd niet.').waitFor()
  })

  it('lets a broker acting for Henk see his suggestions with scores and pass on his interest', async () => {
    await stack.drainWorkers()
    const page = await stack.openPage('/makelaar/leden/henk', { as: samira })
    await waitForPage(page, 'Henk')
    await page.getByRole('button', { name: 'Werk namens Henk' }).click()
    await waitForPage(page, 'Berichten van Henk')
    await page.getByRole('link', { name: 'Wie doet wekelijks boodschappen met mij?' }).click()
    await waitForPage(page, 'Wie doet wekelijks boodschappen met mij?')
    await suggestionsShown(page)
    const suggestion = page.locator('.bb-suggestion', { hasText: 'Ik doe graag boodschappen voor een buur' })
    // The broker sees the score as well as the words.
    expect(await suggestion.textContent()).toMatch(/Past (goed|redelijk) \(\d+ van \d+ punten\)/)
    expect(await suggestion.textContent()).toContain('Anna uit De Akkers')
    await stack.expectAccessible(page, 'suggestions while acting')

    const sent = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/interest'))
    await suggestion.getByRole('button', { name: 'Ik heb interesse' }).click()
    expect((await sent).headers()['x-act-for']).toBe('henk')
    await suggestion.getByText('Interesse doorgegeven').waitFor()
    const interest = page.getByRole('region', { name: 'Interesse' })
    expect(await interest.textContent()).toContain('via de makelaar')

    // Henk does not want Lars: the broker says so for him, and lifts it again from Henk's page.
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Mijn berichten' }).click()
    await waitForPage(page, 'Berichten van Henk')
    await page.getByRole('link', { name: 'Hulp met DigiD op mijn telefoon' }).click()
    await waitForPage(page, 'Hulp met DigiD op mijn telefoon')
    await suggestionsShown(page)
    const lars = page.locator('.bb-suggestion', { hasText: 'Lars uit Molenwijk' })
    await lars.getByRole('button', { name: 'Niet met deze persoon matchen' }).click()
    const blocked = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/members/henk/blocks'))
    await lars.getByRole('button', { name: 'Ja, niet meer matchen' }).click()
    expect((await blocked).headers()['x-act-for']).toBe('henk')
    await page.locator('#main').getByText('U wordt niet meer met Lars gematcht.').waitFor()

    await page.getByRole('status').getByRole('button', { name: 'Stoppen' }).click()
    await waitForPage(page, 'Henk')
    const list = page.getByRole('region', { name: 'Geblokkeerd' })
    expect(await list.textContent()).toContain('Lars')
    const lifted = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/blocks/remove'))
    await list.getByRole('button', { name: 'Opheffen blokkade van Lars' }).click()
    expect((await lifted).headers()['x-act-for']).toBe('henk')
    await page.locator('#main').getByText('De blokkade van Lars is opgeheven.').waitFor()
    expect(await page.getByRole('region', { name: 'Geblokkeerd' }).textContent()).toContain(
      'Henk heeft niemand geblokkeerd.',
    )
    await stack.expectAccessible(page, 'member page with helping and blocks')
  })

  it('shows the broker’s queue, filtered by wijk and category, with take, put aside and finish', async () => {
    await stack.drainWorkers()
    const page = await stack.openPage('/', { as: samira })
    await waitForPage(page, 'Samen helpen')
    await page.getByRole('navigation', { name: 'Menu voor makelaars' }).getByRole('link', { name: 'Taken' }).click()
    await waitForPage(page, 'Taken: Alle taken')
    expect(await page.locator('.bb-task').count()).toBeGreaterThan(0)
    expect(await page.getByRole('link', { name: 'Alle taken' }).getAttribute('aria-current')).toBe('page')
    await stack.expectAccessible(page, 'queue')

    // Filter: the wijk Buitengebied (its dorp and kern included) and the category Vervoer.
    await page.getByLabel('Wijk of buurt').selectOption('buitengebied')
    await page.getByLabel('Onderwerp').selectOption('vervoer')
    await page.getByRole('button', { name: 'Toon taken' }).click()
    await page.waitForURL(/gebied=buitengebied/)
    await waitForPage(page, 'Taken')
    expect(new URL(page.url()).searchParams.get('categorie')).toBe('vervoer')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('queue-results')
    const titles = await page.locator('.bb-task__title').allTextContents()
    expect(titles.length).toBeGreaterThan(0)
    expect(new Set(titles)).toEqual(new Set(['Vervoer naar het ziekenhuis']))

    // The new request: why, who, how long, and late (in words, not only in colour).
    const task = page.locator('.bb-task', { hasText: 'Nieuwe hulpvraag' })
    const text = (await task.textContent()) ?? ''
    expect(text).toContain('Ruud (Ter Heide)')
    expect(text).toContain('Wacht al 12 dagen')
    expect(text).toContain('Te laat')
    expect(text).toContain('Nog niemand')
    await page.screenshot({ path: join(tmpdir(), 'buurtbeurs-queue.png'), fullPage: true })

    // Take it: it is mine now, and shows under "Mijn taken".
    await task.getByRole('button', { name: 'Oppakken' }).click()
    await task.getByText('U heeft de taak opgepakt.').waitFor()
    expect(await task.textContent()).toContain('U (Samira)')
    await stack.expectAccessible(page, 'queue after taking a task')
    await page.getByRole('link', { name: 'Mijn taken' }).click()
    await waitForPage(page, 'Taken: Mijn taken')
    expect(new URL(page.url()).searchParams.get('gebied')).toBe('buitengebied')
    const mine = page.locator('.bb-task', { hasText: 'Nieuwe hulpvraag' })
    expect(await mine.locator('.bb-task__title').textContent()).toBe('Vervoer naar het ziekenhuis')

    // Finish it with a note.
    await mine.locator('summary', { hasText: 'Afronden' }).click()
    await mine.getByLabel(/Wat heeft u gedaan\?/).fill('Joost rijdt Ruud om de week.')
    await mine.getByRole('button', { name: 'Afronden' }).click()
    await mine.getByText('De taak is afgerond.').waitFor()
    expect(await mine.textContent()).toContain('Afgerond')
    expect(await mine.getByRole('button', { name: 'Oppakken' }).count()).toBe(0)

    // Put the other task aside, with a reason: without one the API says what is missing.
    await page.getByRole('link', { name: 'Alle taken' }).click()
    await waitForPage(page, 'Taken: Alle taken')
    const other = page.locator('.bb-task').filter({ hasNotText: 'Afgerond' }).first()
    const otherKind = (await other.locator('.bb-task__kind strong').textContent()) ?? ''
    await other.locator('summary', { hasText: 'Uitstellen' }).click()
    await other.getByRole('button', { name: 'Uitstellen' }).click()
    await other.locator('.bb-error-summary').waitFor()
    expect(await other.getByLabel('Waarom?').getAttribute('aria-invalid')).toBe('true')
    await other.getByLabel('Waarom?').fill('Ruud is tot dan in het ziekenhuis.')
    await other.getByRole('button', { name: 'Uitstellen' }).click()
    await other.getByText(/De taak is uitgesteld tot/).waitFor()
    expect(await other.textContent()).toContain('Ruud is tot dan in het ziekenhuis.')

    // Put aside, it leaves the list until its day.
    await page.reload()
    await waitForPage(page, 'Taken: Alle taken')
    const kinds = await page.locator('.bb-task__kind strong').allTextContents()
    expect(kinds).not.toContain(otherKind)
  })

  it('says so when another broker changed or finished a task meanwhile', async () => {
    await stack.drainWorkers()
    const page = await stack.openPage('/makelaar/taken?categorie=klussen&soort=new-request', { as: samira })
    await waitForPage(page, 'Taken: Alle taken')
    const task = page.locator('.bb-task', { hasText: 'Lamp ophangen in de woonkamer' })
    await task.waitFor()

    // Jeroen takes it first.
    const queue = await stack.api<QueuePage>('/api/communities/lindeveen/queue?category=klussen&kind=new-request', {
      as: jeroen,
    })
    const item = queue.body.items.find((i) => i.postTitle === 'Lamp ophangen in de woonkamer')
    if (!item) throw new Error('No task for Wim’s lamp')
    const taken = await stack.api<QueueItem>(`/api/communities/lindeveen/queue/${item.id}/take`, {
      as: jeroen,
      method: 'POST',
      json: { version: item.version },
    })
    expect(taken.status).toBe(200)

    await task.getByRole('button', { name: 'Oppakken' }).click()
    await task.getByText('Iemand anders heeft deze taak net veranderd.').waitFor()
    await stack.expectAccessible(page, 'task changed meanwhile')
    await task.getByRole('button', { name: 'Laad de lijst opnieuw' }).click()
    await page.waitForFunction(() => document.activeElement?.id === 'queue-results')
    const fresh = page.locator('.bb-task', { hasText: 'Lamp ophangen in de woonkamer' })
    expect(await fresh.textContent()).toContain('Jeroen')

    // Jeroen finishes it while Samira writes her note.
    const finished = await stack.api<QueueItem>(`/api/communities/lindeveen/queue/${item.id}/finish`, {
      as: jeroen,
      method: 'POST',
      json: { version: taken.body.version, note: 'Tom helpt Wim.' },
    })
    expect(finished.status).toBe(200)
    await fresh.locator('summary', { hasText: 'Afronden' }).click()
    await fresh.getByRole('button', { name: 'Afronden' }).click()
    await fresh.getByText('Deze taak is al afgerond.').waitFor()
    expect(await fresh.textContent()).toContain('Afgerond')
    expect(await fresh.getByRole('button').count()).toBe(0)
  })

  it('closes a request with a referral from the queue', async () => {
    await stack.drainWorkers()
    const page = await stack.openPage('/makelaar/taken?categorie=administratie', { as: samira })
    await waitForPage(page, 'Taken: Alle taken')
    const task = page.locator('.bb-task', { hasText: 'Hulp bij de toeslagen-brief' }).first()
    await task.locator('summary', { hasText: 'Sluiten en doorverwijzen' }).click()
    await task.getByRole('button', { name: 'Sluiten en doorverwijzen' }).click()
    await task.locator('.bb-error-summary').waitFor()
    expect(await task.getByLabel('Naar wie verwijst u door?').getAttribute('aria-invalid')).toBe('true')
    await stack.expectAccessible(page, 'referral with an error')

    await task.getByLabel('Naar wie verwijst u door?').fill('Het Juridisch Loket')
    await task.getByLabel('Toelichting').fill('Ellen belt zelf voor een afspraak.')
    await task.getByRole('button', { name: 'Sluiten en doorverwijzen' }).click()
    await task.getByText('De vraag is gesloten. Doorverwezen naar Het Juridisch Loket.').waitFor()
    expect(await task.textContent()).toContain('Afgerond')

    // The request itself is closed with the reason, and its tasks leave the queue.
    await task.locator('.bb-task__title a').click()
    await waitForPage(page, 'Hulp bij de toeslagen-brief')
    expect(await page.locator('.bb-facts').textContent()).toContain('Gesloten')
    expect(await page.locator('main').textContent()).toContain('Doorverwezen naar een andere organisatie')
    await stack.drainWorkers()
    await page.goto(`${stack.url}/makelaar/taken?categorie=administratie`)
    await waitForPage(page, 'Taken: Alle taken')
    expect(await page.locator('.bb-task', { hasText: 'Hulp bij de toeslagen-brief' }).count()).toBe(0)
  })

  it('lets the coordinator change a weight of the score, and saves it', async () => {
    const page = await stack.openPage('/', { as: jeroen })
    await waitForPage(page, 'Samen helpen')
    await page
      .getByRole('navigation', { name: /coördinatoren/ })
      .getByRole('link', { name: 'Matching' })
      .click()
    await waitForPage(page, 'Matching')
    await stack.expectAccessible(page, 'matching settings')

    // Out of range: the API names the field.
    const good = page.getByLabel('Goede suggestie vanaf (procent)')
    await good.fill('150')
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click()
    await page.locator('.bb-error-summary').waitFor()
    expect(await good.getAttribute('aria-invalid')).toBe('true')
    await stack.expectAccessible(page, 'matching settings with an error')
    await page.screenshot({ path: join(tmpdir(), 'buurtbeurs-matching.png'), fullPage: true })

    await good.fill('50')
    await page.getByLabel('Dichtbij').fill('7')
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click()
    await page.locator('#main').getByText('De instellingen zijn opgeslagen.').waitFor()
    expect(await good.getAttribute('aria-invalid')).toBeNull()

    await page.reload()
    await waitForPage(page, 'Matching')
    expect(await page.getByLabel('Dichtbij').inputValue()).toBe('7')
    expect(await page.getByLabel('Goede suggestie vanaf (procent)').inputValue()).toBe('50')

    // In English too, with the page's own catalogue.
    await page.getByRole('button', { name: 'English' }).click()
    await waitForPage(page, 'Matching')
    expect(await page.getByLabel('Nearby').inputValue()).toBe('7')
    expect(await page.getByRole('group', { name: 'How much does each part count?' }).isVisible()).toBe(true)
    await page.getByRole('button', { name: 'Nederlands' }).click()
    await waitForPage(page, 'Matching')
  })

  it('fits 360 px and 200% zoom without horizontal scrolling', async () => {
    const request = await postId('fatima', 'Samen Nederlands oefenen', fatima)
    await stack.expectFits([`/berichten/${request}`, '/mijn-gegevens', '/plaatsen'], { as: fatima })
    await stack.expectFits(['/makelaar/taken', `/berichten/${request}`], {
      as: samira,
      screenshot: 'buurtbeurs-queue-phone.png',
    })
    await stack.expectFits(['/coordinator/matching'], { as: jeroen })
  })
})
