import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { FollowUpQuestion, MatchPage } from '../../shared/schemas/match'
import type { PostPage } from '../../shared/schemas/post'
import { waitForPage } from './browser'
import { useStack } from './stack'

const stack = useStack()
const fatima = 'fatima@example.nl'
const priya = 'priya@example.nl'
const anna = 'anna@example.nl'
const lars = 'lars@example.nl'
const samira = 'samira@example.nl'
const jeroen = 'jeroen@example.nl'
const tom = 'tom@example.nl'
const wim = 'wim@example.nl'

const day = 24 * 60 * 60 * 1000
const isoDay = (date: Date) => date.toISOString().slice(0, 10)

/** The id of a demo post by its title, read through the API as its author. */
async function postId(memberId: string, title: string, as: string): Promise<string> {
  const { body } = await stack.api<PostPage>(`/api/communities/lindeveen/members/${memberId}/posts`, { as })
  const found = body.items.find((post) => post.title === title)
  if (!found) throw new Error(`No post "${title}" by ${memberId}`)
  return found.id
}

/** The id of a member's match by its request title. */
async function matchId(memberId: string, requestTitle: string, as: string): Promise<string> {
  const { body } = await stack.api<MatchPage>(`/api/communities/lindeveen/members/${memberId}/matches`, { as })
  const found = body.items.find((item) => item.requestTitle === requestTitle)
  if (!found) throw new Error(`No match of ${memberId} about "${requestTitle}"`)
  return found.id
}

/** Waits for the suggestions of a post (the matcher runs on the stream), as in matching.test.ts. */
async function suggestionsShown(page: Page): Promise<void> {
  const section = page.getByRole('region', { name: 'Suggesties' })
  await section.waitFor()
  for (let attempt = 0; attempt < 20; attempt++) {
    if ((await section.locator('.bb-suggestion').count()) > 0) return
    await stack.drainWorkers()
    await section.getByRole('button', { name: 'Kijk opnieuw' }).click()
    await page.waitForFunction(() => !document.querySelector('.bb-suggestions-section [aria-disabled="true"]'))
  }
  throw new Error('No suggestions appeared')
}

interface OutboxItem {
  id: string
  to: string
  subject?: string
  text: string
}

/** The newest message to `address` whose text contains `needle`. */
async function messageTo(address: string, needle: string): Promise<OutboxItem> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const response = await fetch(`${stack.url}/dev/outbox.json`)
    const { items } = (await response.json()) as { items: OutboxItem[] }
    const found = items.filter((item) => item.to === address && item.text.includes(needle)).at(-1)
    if (found) return found
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`No message to ${address} with "${needle}"`)
}

/** The path and fragment of a link in a message, on this stack (messages name the site's own address). */
function answerLink(text: string, answer: string | null): string {
  const links = [...text.matchAll(/https?:\/\/[^\s]+\/antwoord#t=[^\s]+/g)].map((m) => m[0])
  const link = answer ? links.find((l) => l.endsWith(`&a=${answer}`)) : links[0]
  if (!link) throw new Error(`No answer link for ${answer} in: ${text}`)
  const url = new URL(link)
  const fragment = answer ? url.hash : url.hash.replace(/&a=[a-z-]+$/, '')
  return `/antwoord${fragment}`
}

const request = 'Samen Nederlands oefenen'
const offer = 'Taalmaatje: samen Nederlands praten'

describe('the match lifecycle in the browser', () => {
  it('lets a resident say yes to a suggestion; the other accepts on the match page; only then both see contact details', async () => {
    await stack.drainWorkers()
    const requestId = await postId('fatima', request, fatima)
    const page = await stack.openPage(`/berichten/${requestId}`, { as: fatima })
    await waitForPage(page, request)
    await suggestionsShown(page)
    const suggestion = page.locator('.bb-suggestion', { hasText: offer })
    await suggestion.getByRole('button', { name: 'Ik heb interesse' }).click()
    await suggestion.getByText('Interesse doorgegeven').waitFor()

    // The post links to the match; the match page says whose answer is missing, without contacts.
    const matches = page.getByRole('region', { name: 'Interesse en matches' })
    await matches.getByRole('link', { name: 'Bekijk de match' }).click()
    await waitForPage(page, 'Uw match met Priya')
    expect(new URL(page.url()).pathname).toMatch(/^\/matches\/[\w-]+$/)
    const main = page.locator('main')
    expect(await main.textContent()).toContain('U zei ja. We wachten op antwoord van Priya.')
    expect(await main.textContent()).toContain('Wacht op antwoord')
    const contact = page.getByRole('region', { name: 'Contactgegevens' })
    expect(await contact.textContent()).toContain(
      'U ziet de contactgegevens van Priya als jullie allebei ja hebben gezegd.',
    )
    expect(await main.textContent()).not.toContain('@example.nl')
    expect(await page.getByRole('region', { name: 'Wat er gebeurde' }).textContent()).toContain('U zei ja.')
    await stack.expectAccessible(page, 'match page, waiting for the other')

    // Priya finds it under My matches, waiting for her answer.
    const other = await stack.openPage('/', { as: priya })
    await waitForPage(other, 'Samen helpen')
    await other.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Mijn matches' }).click()
    await waitForPage(other, 'Mijn matches')
    const waiting = other.getByRole('region', { name: /Wacht op uw antwoord/ })
    await stack.expectAccessible(other, 'my matches')
    await waiting.getByRole('link', { name: 'Match met Fatima' }).click()
    await waitForPage(other, 'Uw match met Fatima')
    expect(await other.locator('main').textContent()).toContain('Fatima wil graag met u in contact komen. Doet u mee?')
    expect(await other.locator('main').textContent()).not.toContain('fatima@example.nl')
    await stack.expectAccessible(other, 'match page, your answer')
    await other.screenshot({ path: join(tmpdir(), 'buurtbeurs-match-answer.png'), fullPage: true })

    // "Ja, ik doe mee": said in place, and Fatima's contact details appear.
    await other.getByRole('button', { name: 'Ja, ik doe mee' }).click()
    await other.locator('main').getByText('U doet mee. Jullie zien nu elkaars contactgegevens.').waitFor()
    expect(await other.evaluate(() => document.activeElement?.textContent)).toContain('U doet mee.')
    const theirs = other.getByRole('region', { name: 'Contactgegevens' })
    expect(await theirs.textContent()).toContain('fatima@example.nl')
    expect(await theirs.textContent()).not.toContain('priya@example.nl')
    expect(await other.getByRole('region', { name: 'Wat er gebeurde' }).textContent()).toContain(
      'U zei ook ja. De match gaat door.',
    )
    await stack.expectAccessible(other, 'match page, accepted')

    // And Fatima sees Priya's (one browser context at a time: she opens the page again).
    const matchPath = new URL(other.url()).pathname
    const again = await stack.openPage(matchPath, { as: fatima })
    await waitForPage(again, 'Uw match met Priya')
    const mine = again.getByRole('region', { name: 'Contactgegevens' })
    expect(await mine.textContent()).toContain('priya@example.nl')
    expect(await again.locator('main').textContent()).toContain('Jullie doen allebei mee.')
  })

  it('lets one side write the agreement and the other confirm it, with a calendar file', async () => {
    const id = await matchId('fatima', request, fatima)
    const page = await stack.openPage(`/matches/${id}`, { as: fatima })
    await waitForPage(page, 'Uw match met Priya')
    const agreement = page.getByRole('region', { name: 'Jullie afspraak' })
    expect(await agreement.textContent()).toContain('Er is nog geen afspraak.')
    await agreement.getByText('Afspraak opschrijven').click()
    await stack.expectAccessible(page, 'agreement form')

    // Nothing filled in: the API names the fields.
    await agreement.getByRole('button', { name: 'Afspraak opslaan' }).click()
    await agreement.locator('.bb-error-summary').waitFor()
    expect(await agreement.getByLabel('Wat gaan jullie doen?').getAttribute('aria-invalid')).toBe('true')
    await stack.expectAccessible(page, 'agreement form with errors')

    const first = isoDay(new Date(Date.now() + 7 * day))
    const last = isoDay(new Date(Date.now() + 63 * day))
    await agreement.getByLabel('Wat gaan jullie doen?').fill('Koffie drinken en Nederlands praten, in de bibliotheek.')
    await agreement.getByLabel('Wanneer is de eerste keer?').fill(first)
    await agreement.getByLabel(/Hoe laat\?/).fill('10:00')
    await agreement.getByLabel('Hoe lang duurt het ongeveer?').selectOption('90')
    await agreement.getByRole('group', { name: 'Hoe vaak?' }).getByLabel('Elke week').check()
    await agreement.getByLabel(/Tot wanneer\?/).fill(last)
    await agreement.getByLabel(/Waar\?/).fill('Bibliotheek Lindeveen')
    await agreement.getByRole('button', { name: 'Afspraak opslaan' }).click()
    await page.locator('main').getByText('De afspraak is opgeslagen. Nu moet Priya nog akkoord geven.').waitFor()
    const saved = page.getByRole('region', { name: 'Jullie afspraak' })
    expect(await saved.textContent()).toContain('1,5 uur')
    expect(await saved.textContent()).toContain('Priya moet nog akkoord geven.')

    // The calendar file: a download link that works by keyboard, with the appointment in it.
    const calendar = saved.getByRole('link', { name: 'Zet in mijn agenda' })
    expect(await calendar.getAttribute('download')).toMatch(/\.ics$/)
    const [download] = await Promise.all([page.waitForEvent('download'), calendar.click()])
    const ics = readFileSync((await download.path()) ?? '', 'utf8')
    expect(ics).toContain('BEGIN:VCALENDAR\r\n')
    expect(ics).toContain(`DTSTART;TZID=Europe/Amsterdam:${first.replace(/-/g, '')}T100000`)
    expect(ics).toMatch(/RRULE:FREQ=WEEKLY;UNTIL=\d{8}T\d{6}Z/)
    expect(ics).toContain('LOCATION:Bibliotheek Lindeveen')
    await stack.expectAccessible(page, 'agreement written')

    // Priya agrees.
    const other = await stack.openPage(`/matches/${id}`, { as: priya })
    await waitForPage(other, 'Uw match met Fatima')
    const hers = other.getByRole('region', { name: 'Jullie afspraak' })
    expect(await hers.textContent()).toContain('U moet nog akkoord geven.')
    await hers.getByRole('button', { name: 'Ik ga akkoord met deze afspraak' }).click()
    await other.locator('main').getByText('U gaf akkoord. Jullie afspraak staat.').waitFor()
    expect(await other.getByRole('region', { name: 'Jullie afspraak' }).textContent()).toMatch(/U gaf akkoord op/)
    await other.screenshot({ path: join(tmpdir(), 'buurtbeurs-match-agreement.png'), fullPage: true })
    expect(
      await other
        .getByRole('region', { name: 'Jullie afspraak' })
        .getByRole('link', { name: 'Zet in mijn agenda' })
        .count(),
    ).toBe(1)
  })

  it('records a one-click answer from a follow-up message without sign-in, takes the extras once, and refuses the link a second time', async () => {
    // Four days after acceptance, at noon: the "did you get in touch?" question goes out.
    const at = new Date(Date.now() + 4 * day)
    at.setUTCHours(11, 0, 0, 0)
    await stack.runFollowUps(at)
    const message = await messageTo('priya@example.nl', '/antwoord#t=')
    expect(message.text).toContain('Hebben jullie al contact gehad?')

    const page = await stack.openPage(answerLink(message.text, 'still-running'))
    await waitForPage(page, 'Dank u wel!')
    expect(await page.locator('main').textContent()).toContain('Uw antwoord: Ja, en het loopt nog')
    // The token leaves the address bar once used.
    expect(page.url()).not.toContain('#t=')
    await stack.expectAccessible(page, 'follow-up answered')

    // The optional extras, once, on the same page.
    const more = page.getByRole('region', { name: 'Wilt u nog meer vertellen?' })
    await more.getByLabel(/Hoeveel uur kostte het ongeveer\?/).fill('2')
    await more
      .getByRole('group', { name: /Kenden jullie elkaar al\?/ })
      .getByLabel('Ja')
      .check()
    await more.getByLabel(/Wilt u vertellen hoe het ging\?/).fill('We spreken elke week af in de bibliotheek.')
    await more.getByLabel(/Buurtbeurs mag dit verhaal gebruiken/).check()
    await more.getByRole('button', { name: 'Dit ook versturen' }).click()
    await page.locator('main').getByText('Wat u ons nog vertelde, is ook opgeslagen.').waitFor()
    await waitForPage(page, 'Dank u wel!')
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1')
    await stack.expectAccessible(page, 'follow-up extras saved')

    // Recorded, with the extras: the question behind the link says so.
    const token = new URLSearchParams(answerLink(message.text, null).split('#')[1]).get('t') ?? ''
    const lookup = await stack.api<FollowUpQuestion>('/api/follow-up/question', {
      method: 'POST',
      json: { token },
    })
    expect(lookup.body.answered).toMatchObject({
      answer: 'still-running',
      hours: 2,
      knewEachOther: true,
      story: 'We spreken elke week af in de bibliotheek.',
      storyConsent: true,
    })
    // Extras a second time: refused.
    const twice = await stack.api<{ error: string }>('/api/follow-up/answer', {
      method: 'POST',
      json: { token, answer: 'still-running', hours: 3 },
    })
    expect(twice.body.error).toBe('LINK_USED')

    // The same link again: already answered. Another answer with it: refused.
    const again = await stack.openPage(answerLink(message.text, 'not-carried-out'))
    await waitForPage(again, 'U heeft deze vraag al beantwoord')
    expect(await again.locator('main').textContent()).toContain('Ja, en het loopt nog')
    await stack.expectAccessible(again, 'follow-up link used')
    const refused = await stack.api<{ error: string }>('/api/follow-up/answer', {
      method: 'POST',
      json: { token, answer: 'not-carried-out' },
    })
    expect(refused.status).toBe(409)
    expect(refused.body.error).toBe('LINK_USED')

    // Fatima's link without a chosen answer (as in an SMS): the page asks, with the extras.
    const hers = await messageTo('fatima@example.nl', '/antwoord#t=')
    const form = await stack.openPage(answerLink(hers.text, null))
    await waitForPage(form, 'Hebben jullie al contact gehad?')
    expect(await form.locator('main').textContent()).toContain('Het gaat over uw vraag “Samen Nederlands oefenen”')
    await stack.expectAccessible(form, 'follow-up form')
    await form.screenshot({ path: join(tmpdir(), 'buurtbeurs-follow-up-form.png'), fullPage: true })
    await form.getByRole('group', { name: 'Uw antwoord' }).getByLabel('Ja, en het loopt nog').check()
    await form.getByLabel(/Hoeveel uur kostte het ongeveer\?/).fill('1,5')
    await form
      .getByRole('group', { name: /Kenden jullie elkaar al\?/ })
      .getByLabel('Nee')
      .check()
    await form.getByLabel(/Wilt u vertellen hoe het ging\?/).fill('We praten elke week. Mijn Nederlands gaat vooruit.')
    await form.getByLabel(/Buurtbeurs mag dit verhaal gebruiken/).check()
    await form.getByRole('button', { name: 'Antwoord versturen' }).click()
    await waitForPage(form, 'Dank u wel!')
    expect(await form.locator('main').textContent()).toContain('Fijn dat het loopt.')

    // A link that is not (or no longer) whole.
    const broken = await stack.openPage('/antwoord#t=dit-is-geen-geldige-link-12345&a=carried-out')
    await waitForPage(broken, 'Deze link werkt niet')
    await stack.expectAccessible(broken, 'follow-up link invalid')
    const empty = await stack.openPage('/antwoord')
    await waitForPage(empty, 'Deze link werkt niet')
  })

  it('records the outcome on the match page', async () => {
    const id = await matchId('fatima', request, fatima)
    const page = await stack.openPage(`/matches/${id}`, { as: fatima })
    await waitForPage(page, 'Uw match met Priya')
    const outcome = page.getByRole('region', { name: 'Hoe ging het?' })
    await outcome.locator('summary', { hasText: 'Hoe ging het?' }).click()
    // Not a number of hours: the API says so at the field.
    await outcome.getByRole('group', { name: 'Is de hulp gegeven?' }).getByLabel('Ja, de hulp is gegeven').check()
    await outcome.getByLabel(/Hoeveel uur/).fill('twee')
    await outcome.getByRole('button', { name: 'Versturen' }).click()
    await outcome.locator('.bb-error-summary').waitFor()
    expect(await outcome.getByLabel(/Hoeveel uur/).getAttribute('aria-invalid')).toBe('true')
    await stack.expectAccessible(page, 'outcome form with an error')

    await outcome.getByLabel(/Hoeveel uur/).fill('12')
    await outcome
      .getByRole('group', { name: /Kenden jullie elkaar al\?/ })
      .getByLabel('Nee')
      .check()
    await outcome.getByRole('button', { name: 'Versturen' }).click()
    await page.locator('main').getByText('Dank u wel! We hebben uw antwoord opgeslagen.').waitFor()
    expect(await page.locator('.bb-post__meta').first().textContent()).toContain('Gelukt')
    const shown = page.getByRole('region', { name: 'Hoe het ging' })
    expect(await shown.textContent()).toContain('Ja, de hulp is gegeven')
    expect(await shown.textContent()).toContain('12')
    expect(await page.getByRole('region', { name: 'Wat er gebeurde' }).textContent()).toContain(
      'U gaf door: de hulp is gegeven.',
    )
    await stack.expectAccessible(page, 'outcome recorded')

    // Under My matches it has ended.
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Mijn matches' }).click()
    await waitForPage(page, 'Mijn matches')
    expect(await page.getByRole('region', { name: /Afgelopen/ }).textContent()).toContain('Match met Priya')
  })

  it('shows a broker the proposals waiting for an answer, and lets her answer for Henk', async () => {
    await stack.drainWorkers()
    // Anna offers Henk her help (through the API); Henk is not online.
    const annaOffer = await postId('anna', 'Ik doe graag boodschappen voor een buur', anna)
    const henkRequest = await postId('henk', 'Wie doet wekelijks boodschappen met mij?', samira)
    const interest = await stack.api(`/api/communities/lindeveen/posts/${annaOffer}/interest`, {
      as: anna,
      method: 'POST',
      json: { otherPostId: henkRequest },
    })
    expect(interest.status).toBe(201)
    await stack.drainWorkers()

    const page = await stack.openPage('/', { as: samira })
    await waitForPage(page, 'Samen helpen')
    await page.getByRole('navigation', { name: 'Menu voor makelaars' }).getByRole('link', { name: 'Matches' }).click()
    await waitForPage(page, 'Matches: Wacht op antwoord')
    const item = page.locator('.bb-match-task', { hasText: 'Match van Henk en Anna' })
    expect(await item.textContent()).toContain('Wacht op ja van')
    expect(await item.locator('.bb-facts').textContent()).toContain('Henk')
    await stack.expectAccessible(page, 'broker matches: proposals')
    await page.screenshot({ path: join(tmpdir(), 'buurtbeurs-broker-matches.png'), fullPage: true })

    // On the match page she answers for Henk (his consent covers matches): sent acting for him.
    await item.getByRole('link', { name: 'Bekijk en antwoord' }).click()
    await waitForPage(page, 'Match van Henk en Anna')
    const answer = page.getByRole('region', { name: 'Antwoord van Henk' })
    expect(await answer.textContent()).toContain('U antwoordt namens Henk.')
    await stack.expectAccessible(page, 'match page for a broker')
    const sent = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/accept'))
    await answer.getByRole('button', { name: 'Ja, Henk doet mee' }).click()
    expect((await sent).headers()['x-act-for']).toBe('henk')
    await page.locator('main').getByText('Henk doet mee.').waitFor()
    expect(await page.getByRole('region', { name: 'Wat er gebeurde' }).textContent()).toContain(
      'Henk (via de makelaar) zei ook ja.',
    )
    const contact = page.getByRole('region', { name: 'Contactgegevens' })
    expect(await contact.textContent()).toContain('U ziet dit als makelaar.')
    expect(await contact.textContent()).toContain('anna@example.nl')
    await stack.expectAccessible(page, 'match accepted by a broker')

    // Now it is under way, and Henk (no messages) is in the queue to be phoned.
    await page.goto(`${stack.url}/makelaar/matches?weergave=lopend`)
    await waitForPage(page, 'Matches: Lopend')
    expect(await page.locator('.bb-match-task', { hasText: 'Match van Henk en Anna' }).count()).toBe(1)
    await page.getByRole('link', { name: 'Nazorg' }).click()
    await waitForPage(page, 'Matches: Nazorg')
    await stack.expectAccessible(page, 'broker matches: follow-ups')

    await page.goto(`${stack.url}/makelaar/taken?soort=phone-member`)
    await waitForPage(page, 'Taken: Alle taken')
    const task = page.locator('.bb-task', { hasText: 'Bericht doorbellen' }).first()
    expect(await task.textContent()).toContain('Deze persoon krijgt geen e-mail of sms.')
    expect(await task.getByRole('link', { name: 'Bekijk de match' }).count()).toBe(1)
    await stack.expectAccessible(page, 'queue with a phone task')
  })

  it('says so when the match changed meanwhile, and shows it as it is now', async () => {
    await stack.drainWorkers()
    const tomOffer = await postId('tom', 'Kleine klussen in huis', tom)
    const wimRequest = await postId('wim', 'Lamp ophangen in de woonkamer', wim)
    const proposed = await stack.api<{ id: string; version: number }>(
      `/api/communities/lindeveen/posts/${tomOffer}/interest`,
      { as: tom, method: 'POST', json: { otherPostId: wimRequest } },
    )
    expect(proposed.status).toBe(201)
    const page = await stack.openPage(`/matches/${proposed.body.id}`, { as: wim })
    await waitForPage(page, 'Uw match met Tom')

    // Tom withdraws while Wim reads the page.
    const cancelled = await stack.api(`/api/communities/lindeveen/matches/${proposed.body.id}/cancel`, {
      as: tom,
      method: 'POST',
      json: { version: proposed.body.version, reason: 'Ik ben ziek, het lukt nu niet.' },
    })
    expect(cancelled.status).toBe(200)
    await page.getByRole('button', { name: 'Ja, ik doe mee' }).click()
    // MATCH_CHANGED or TRANSITION_NOT_ALLOWED, whichever the API checks first: both offer the fresh match.
    await page
      .locator('main .utrecht-alert--error')
      .getByText(/Deze match is net veranderd|Dit kan niet meer/)
      .waitFor()
    await stack.expectAccessible(page, 'match changed meanwhile')
    await page.getByRole('button', { name: 'Laad de match opnieuw' }).click()
    await page.locator('main').getByText('Tom stopte deze match.').waitFor()
    expect(await page.getByRole('region', { name: 'Wat er gebeurde' }).textContent()).toContain(
      'Reden: “Ik ben ziek, het lukt nu niet.”',
    )
    expect(await page.getByRole('button', { name: 'Ja, ik doe mee' }).count()).toBe(0)
  })

  it('saves how a member gets messages, on My details and for a resident on the broker’s page', async () => {
    const page = await stack.openPage('/mijn-gegevens', { as: lars })
    await waitForPage(page, 'Mijn gegevens')
    const messages = page.getByRole('region', { name: 'Berichten' })
    // SMS needs a mobile number, which Lars has not given.
    await messages.getByLabel('Per sms').check()
    await messages.getByRole('button', { name: 'Keuze voor berichten opslaan' }).click()
    await messages.locator('.bb-error-summary').waitFor()
    await stack.expectAccessible(page, 'messages choice refused')
    await messages.getByLabel('Geen berichten: de makelaar belt mij').check()
    await messages.getByRole('button', { name: 'Keuze voor berichten opslaan' }).click()
    await messages.getByText('Opgeslagen. U krijgt geen berichten.').waitFor()
    await stack.expectAccessible(page, 'messages choice saved')
    await page.reload()
    await waitForPage(page, 'Mijn gegevens')
    expect(
      await page
        .getByRole('region', { name: 'Berichten' })
        .getByLabel('Geen berichten: de makelaar belt mij')
        .isChecked(),
    ).toBe(true)
    // The contact form still saves and keeps the choice.
    await page.getByRole('region', { name: 'Contactgegevens' }).getByRole('button', { name: 'Opslaan' }).click()
    await page.locator('main').getByText('Uw gegevens zijn opgeslagen.').waitFor()

    const broker = await stack.openPage('/makelaar/leden/henk', { as: samira })
    await waitForPage(broker, 'Henk')
    const henk = broker.getByRole('region', { name: 'Berichten' })
    const sent = broker.waitForRequest((r) => r.method() === 'PUT' && r.url().endsWith('/members/henk/notifications'))
    await henk.getByLabel('Geen berichten: de makelaar belt Henk').check()
    await henk.getByRole('button', { name: 'Keuze voor berichten opslaan' }).click()
    expect((await sent).headers()['x-act-for']).toBe('henk')
    await broker.locator('main').getByText('Opgeslagen voor Henk.').waitFor()
    await stack.expectAccessible(broker, 'member page with messages choice')
  })

  it('lets the coordinator set the follow-up timings and quiet hours', async () => {
    const page = await stack.openPage('/', { as: jeroen })
    await waitForPage(page, 'Samen helpen')
    await page
      .getByRole('navigation', { name: /coördinatoren/ })
      .getByRole('link', { name: 'Opvolging' })
      .click()
    await waitForPage(page, 'Opvolging en berichten')
    await stack.expectAccessible(page, 'lifecycle settings')

    const contactDays = page.getByLabel('Na hoeveel dagen vragen: hebben jullie al contact?')
    await contactDays.fill('100')
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click()
    await page.locator('.bb-error-summary').waitFor()
    expect(await contactDays.getAttribute('aria-invalid')).toBe('true')
    await stack.expectAccessible(page, 'lifecycle settings with an error')

    await contactDays.fill('5')
    await page.getByLabel('Geen berichten vanaf').fill('22:00')
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click()
    await page.locator('#main').getByText('De instellingen zijn opgeslagen.').waitFor()
    await page.reload()
    await waitForPage(page, 'Opvolging en berichten')
    expect(await page.getByLabel('Na hoeveel dagen vragen: hebben jullie al contact?').inputValue()).toBe('5')
    expect(await page.getByLabel('Geen berichten vanaf').inputValue()).toBe('22:00')
  })

  it('shows the match page in English too', async () => {
    const id = await matchId('fatima', request, fatima)
    const page = await stack.openPage(`/matches/${id}`, { as: priya })
    await waitForPage(page, 'Uw match met Fatima')
    await page.getByRole('button', { name: 'English' }).click()
    await waitForPage(page, 'Your match with Fatima')
    expect(await page.getByRole('region', { name: 'What happened' }).textContent()).toContain('You said yes too.')
    await stack.expectAccessible(page, 'match page in English')
    await page.getByRole('button', { name: 'Nederlands' }).click()
    await waitForPage(page, 'Uw match met Fatima')
  })

  it('fits 360 px and 200% zoom without horizontal scrolling', async () => {
    const id = await matchId('fatima', request, fatima)
    await stack.expectFits([`/matches/${id}`, '/mijn-matches', '/mijn-gegevens', '/antwoord'], {
      as: fatima,
      screenshot: 'buurtbeurs-match-phone.png',
    })
    await stack.expectFits(['/makelaar/matches', '/makelaar/matches?weergave=nazorg', `/matches/${id}`], {
      as: samira,
    })
    await stack.expectFits(['/coordinator/opvolging'], { as: jeroen })
  })
})
