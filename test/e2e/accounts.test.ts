import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { waitForPage } from './browser'
import { focusedTag, useStack } from './stack'

const stack = useStack()

describe('signing in, signing up and signing out', () => {
  it('sends people to sign in with a code and back to where they were going', async () => {
    const page = await stack.openPage('/plaatsen?soort=offer')

    // Assess: not signed in, so the sign-in page, remembering the way back.
    await waitForPage(page, 'Inloggen')
    const url = new URL(page.url())
    expect(url.pathname).toBe('/inloggen')
    expect(url.searchParams.get('terug')).toBe('/plaatsen?soort=offer')
    expect(await page.locator('main').textContent()).toContain('Log eerst in')
    await stack.expectAccessible(page, 'sign-in, address step')

    // Act: ask for a code.
    await page.getByLabel('E-mailadres of mobiel nummer').fill('lars@example.nl')
    const seen = await stack.outboxIds()
    await page.getByRole('button', { name: 'Stuur mij een code' }).click()

    // Assess: the code step has focus, and locally a marked note points to the outbox.
    await page.getByRole('heading', { name: 'Vul uw code in' }).waitFor()
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('code-title')
    const note = page.locator('.bb-dev-note')
    await note.waitFor()
    expect(await note.textContent()).toContain('Ontwikkelmodus: de code staat in de outbox')
    expect(await note.getByRole('link', { name: 'Open de outbox' }).getAttribute('href')).toBe('/dev/outbox')
    await page.screenshot({ path: join(tmpdir(), 'buurtbeurs-sign-in-code.png'), fullPage: true })
    await stack.expectAccessible(page, 'sign-in, code step')

    // Act: enter the code from the outbox.
    await page.getByLabel('Code', { exact: true }).fill(await stack.readCode('lars@example.nl', seen))
    await page.getByRole('button', { name: 'Inloggen', exact: true }).click()

    // Assess: back where Lars was going, signed in, with the token in sessionStorage only.
    await waitForPage(page, 'Vraag of bied hulp')
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/plaatsen?soort=offer')
    expect(await page.getByRole('group', { name: 'Wat wilt u doen?' }).getByLabel('Ik bied hulp aan').isChecked()).toBe(
      true,
    )
    expect(await page.getByRole('banner').textContent()).toContain('Ingelogd als Lars (bewoner)')
    const stored = await page.evaluate(() => ({
      session: sessionStorage.getItem('buurtbeurs.session'),
      local: Object.keys(localStorage).filter((key) => key.includes('session')),
    }))
    expect(stored.session).toContain('"token"')
    expect(stored.local).toEqual([])
    const requests: (string | undefined)[] = []
    page.on('request', (request) => {
      if (request.url().includes('/api/')) requests.push(request.headers().authorization)
    })
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Mijn berichten' }).click()
    await waitForPage(page, 'Mijn berichten')
    expect(requests.length).toBeGreaterThan(0)
    for (const header of requests) expect(header).toMatch(/^Bearer /)

    // Act: sign out.
    const token = JSON.parse(stored.session ?? '{}').token as string
    await page.getByRole('button', { name: 'Uitloggen' }).click()

    // Assess: home with a message, no session, and the old token no longer works.
    await waitForPage(page, 'Samen helpen')
    expect(await page.locator('main .utrecht-alert').textContent()).toContain('U bent uitgelogd')
    expect(await page.getByRole('banner').getByRole('link', { name: 'Inloggen' }).isVisible()).toBe(true)
    expect(await page.evaluate(() => sessionStorage.getItem('buurtbeurs.session'))).toBeNull()
    const me = await fetch(`${stack.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })
    expect(me.status).toBe(401)
    await page.goto(`${stack.url}/mijn-berichten`)
    await waitForPage(page, 'Inloggen')
  })

  it('says so when the code is wrong, and accepts the right one after', async () => {
    const page = await stack.openPage('/inloggen')
    await waitForPage(page, 'Inloggen')
    await page.getByLabel('E-mailadres of mobiel nummer').fill('fatima@example.nl')
    const seen = await stack.outboxIds()
    await page.getByRole('button', { name: 'Stuur mij een code' }).click()
    await page.getByRole('heading', { name: 'Vul uw code in' }).waitFor()
    const code = await stack.readCode('fatima@example.nl', seen)

    const wrong = code === '123456' ? '654321' : '123456'
    await page.getByLabel('Code', { exact: true }).fill(wrong)
    await page.getByRole('button', { name: 'Inloggen', exact: true }).click()

    const message = 'Deze code klopt niet of is verlopen. Vraag een nieuwe code aan.'
    await page.locator('.bb-step .utrecht-alert--error').waitFor()
    expect(await page.locator('.bb-step .utrecht-alert--error').textContent()).toContain(message)
    expect(await page.evaluate(() => document.activeElement?.classList.contains('utrecht-alert'))).toBe(true)
    const field = page.getByLabel('Code', { exact: true })
    expect(await field.getAttribute('aria-invalid')).toBe('true')
    await stack.expectAccessible(page, 'sign-in with a wrong code')

    await field.fill(code)
    await page.getByRole('button', { name: 'Inloggen', exact: true }).click()
    await waitForPage(page, 'Samen helpen')
    expect(await page.getByRole('banner').textContent()).toContain('Ingelogd als Fatima')
  })

  it('renews the token before it expires, and sends people to sign in once the session has ended', async () => {
    const page = await stack.openPage('/mijn-berichten', { as: 'ellen@example.nl' })
    await waitForPage(page, 'Mijn berichten')
    const before = await page.evaluate(() => JSON.parse(sessionStorage.getItem('buurtbeurs.session') ?? '{}'))

    // Prepare: the stored token "expires" in 61 seconds, so renewal is due in one.
    await page.evaluate(() => {
      const session = JSON.parse(sessionStorage.getItem('buurtbeurs.session') ?? '{}')
      session.expiresAt = new Date(Date.now() + 61_000).toISOString()
      sessionStorage.setItem('buurtbeurs.session', JSON.stringify(session))
    })
    const renewed = page.waitForResponse((r) => r.url().endsWith('/api/auth/renew'))
    await page.reload()
    expect((await renewed).status()).toBe(200)
    await page.waitForFunction(
      (old) => JSON.parse(sessionStorage.getItem('buurtbeurs.session') ?? '{}').token !== old,
      before.token,
    )
    const after = await page.evaluate(() => JSON.parse(sessionStorage.getItem('buurtbeurs.session') ?? '{}'))
    expect(after.sessionEndsAt).toBe(before.sessionEndsAt)
    expect(Date.parse(after.expiresAt)).toBeGreaterThan(Date.now() + 60_000)

    // The session ends elsewhere (signed out in another tab): the next page asks to sign in again.
    await fetch(`${stack.url}/api/auth/sign-out`, {
      method: 'POST',
      headers: { authorization: `Bearer ${after.token}` },
    })
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Vragen en aanbod' }).click()
    await waitForPage(page, 'Inloggen')
    expect(new URL(page.url()).searchParams.get('terug')).toBe('/vragen-en-aanbod')
    expect(await page.locator('main').textContent()).toContain('U bent niet meer ingelogd')
    expect(await page.getByRole('banner').getByRole('link', { name: 'Inloggen' }).isVisible()).toBe(true)
  })

  it('signs a new resident up, and checks the form first', async () => {
    const page = await stack.openPage('/inloggen')
    await waitForPage(page, 'Inloggen')
    await page.getByRole('link', { name: 'Aanmelden' }).click()
    await waitForPage(page, 'Aanmelden')
    await stack.expectAccessible(page, 'sign up')

    // The API's validation shows at the fields.
    await page.getByRole('button', { name: 'Aanmelden' }).click()
    await page.locator('.bb-error-summary').waitFor()
    expect(await page.getByLabel('Uw voornaam').getAttribute('aria-invalid')).toBe('true')
    expect(await page.getByLabel('Uw buurt').getAttribute('aria-invalid')).toBe('true')
    await stack.expectAccessible(page, 'sign up with errors')
  })
})

describe('a resident’s own details', () => {
  const mieke = 'mieke@example.nl'

  it('edits contact details and preferences, with the version guarding against lost changes', async () => {
    const page = await stack.openPage('/', { as: mieke })
    await waitForPage(page, 'Samen helpen')
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Mijn gegevens' }).click()
    await waitForPage(page, 'Mijn gegevens')
    expect(await focusedTag(page)).toBe('h1')
    expect(await page.locator('.bb-facts').first().textContent()).toContain('Mieke')
    expect(await page.getByLabel('E-mailadres').inputValue()).toBe('mieke@example.nl')
    await stack.expectAccessible(page, 'my details')

    // A wrong e-mail address is refused at the field.
    await page.getByLabel('E-mailadres').fill('mieke-at-example')
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click()
    await page.locator('.bb-error-summary').waitFor()
    expect(await page.getByLabel('E-mailadres').getAttribute('aria-invalid')).toBe('true')

    // Act: fix it, add a phone number and an address, and choose SMS and English.
    await page.getByLabel('E-mailadres').fill('mieke@example.nl')
    await page.getByLabel('Mobiel nummer').fill('06 12345678')
    await page.getByRole('textbox', { name: /^Adres/ }).fill('Kastanjelaan 4, Lindeveen')
    await page.getByRole('group', { name: 'Hoe wilt u bericht van ons krijgen?' }).getByLabel('Per sms').check()
    await page.getByRole('group', { name: 'In welke taal wilt u berichten?' }).getByLabel('English').check()
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click()

    // Assess: saved, said and focused; still there after a reload.
    const saved = page.locator('.utrecht-alert--ok')
    await saved.waitFor()
    expect(await saved.textContent()).toContain('Uw gegevens zijn opgeslagen.')
    expect(await page.evaluate(() => document.activeElement?.classList.contains('utrecht-alert'))).toBe(true)

    // Someone else changes Mieke meanwhile (here: Mieke in another tab): the next save is refused.
    const current = await stack.api<{ version: number }>('/api/communities/lindeveen/members/mieke', { as: mieke })
    const other = await stack.api('/api/communities/lindeveen/members/mieke/contact', {
      as: mieke,
      method: 'PUT',
      json: {
        fullName: 'Mieke Jansen',
        email: 'mieke@example.nl',
        phone: '06 12345678',
        address: 'Kastanjelaan 4, Lindeveen',
        contactPreference: 'sms',
        language: 'en',
        version: current.body.version,
      },
    })
    expect(other.status).toBe(200)
    await page.getByRole('textbox', { name: /^Adres/ }).fill('Kastanjelaan 6, Lindeveen')
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click()
    await page.locator('main').getByText('Iemand anders heeft dit lid net gewijzigd').waitFor()

    await page.reload()
    await waitForPage(page, 'Mijn gegevens')
    expect(await page.getByLabel('Mobiel nummer').inputValue()).toBe('06 12345678')
    expect(await page.getByRole('textbox', { name: /^Adres/ }).inputValue()).toBe('Kastanjelaan 4, Lindeveen')
    expect(await page.getByLabel('Per sms').isChecked()).toBe(true)
    expect(await page.getByLabel('English').isChecked()).toBe(true)
  })

  it('lists the resident’s own posts, open and closed', async () => {
    const page = await stack.openPage('/mijn-berichten', { as: mieke })
    await waitForPage(page, 'Mijn berichten')
    const open = page.getByRole('region', { name: /^Open/ })
    expect(await open.locator('.bb-post__title').allTextContents()).toContain('Heg snoeien in de voortuin')
    expect(await page.getByRole('region', { name: /^Gesloten/ }).isVisible()).toBe(true)
    await stack.expectAccessible(page, 'my posts')
  })

  it('explains a refused sensitive offer on the post form', async () => {
    const page = await stack.openPage('/plaatsen?soort=offer', { as: mieke })
    await waitForPage(page, 'Vraag of bied hulp')
    await page.getByLabel('Titel').fill('Oppassen op woensdagmiddag')
    await page.getByLabel('Onderwerp').selectOption('oppas')
    await page.getByLabel('Buurt', { exact: true }).selectOption('kastanjehof')
    await page.getByRole('group', { name: 'Woensdag' }).getByLabel('Middag').check()
    await page.getByRole('button', { name: 'Plaatsen' }).click()
    const problem = page.locator('.bb-narrow-page > div > .utrecht-alert--error')
    await problem.waitFor()
    expect(await problem.textContent()).toContain('Voor deze hulp moet een makelaar u eerst screenen')
    expect(await page.getByLabel('Onderwerp').getAttribute('aria-invalid')).toBe('true')
  })

  it('keeps broker pages from residents', async () => {
    const page = await stack.openPage('/makelaar/bewoners', { as: mieke })
    await waitForPage(page, 'Geen toegang')
    expect(await page.getByRole('navigation', { name: /Menu voor makelaars/ }).count()).toBe(0)
  })
})

describe('privacy', () => {
  it('shows what is kept, downloads it, shows it readably, and erases the account after a confirmation', async () => {
    // Prepare: a new resident, signed up through the page, so the demo residents stay.
    const address = `nieuw-${Date.now()}@example.nl`
    const page = await stack.openPage('/aanmelden')
    await waitForPage(page, 'Aanmelden')
    await page.getByLabel('Uw voornaam').fill('Noor')
    await page.getByLabel('E-mailadres of mobiel nummer').fill(address)
    await page.getByLabel('Uw buurt').selectOption('molenwijk')
    const seen = await stack.outboxIds()
    await page.getByRole('button', { name: 'Aanmelden' }).click()
    await page.getByRole('heading', { name: 'Vul uw code in' }).waitFor()
    await page.getByLabel('Code', { exact: true }).fill(await stack.readCode(address, seen))
    await page.getByRole('button', { name: 'Inloggen', exact: true }).click()
    await page.getByRole('button', { name: 'Uitloggen' }).waitFor()
    expect(await page.getByRole('banner').textContent()).toContain('Ingelogd als Noor')
    const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem('buurtbeurs.session') ?? '{}').token)

    // The privacy page, from the footer.
    await page.getByRole('contentinfo').getByRole('link', { name: 'Privacy en uw gegevens' }).click()
    await waitForPage(page, 'Privacy en uw gegevens')
    const text = (await page.locator('main').textContent()) ?? ''
    expect(text).toContain('Wat we bewaren')
    expect(text).toMatch(/Een gesloten bericht bewaren we \d+ dagen/)
    await stack.expectAccessible(page, 'privacy')

    // Download: a JSON file with everything.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download mijn gegevens' }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/^buurtbeurs-mijn-gegevens-\d{4}-\d{2}-\d{2}\.json$/)
    const data = JSON.parse(readFileSync((await download.path()) ?? '', 'utf8'))
    expect(data.member.displayName).toBe('Noor')
    expect(data.contact.email).toBe(address)
    await page.locator('main').getByText('Uw gegevens zijn gedownload').waitFor()

    // Readable: the same data as a page.
    await page.getByRole('link', { name: 'Bekijk mijn gegevens' }).click()
    await waitForPage(page, 'Alles wat we van u bewaren')
    const profile = (await page.getByRole('region', { name: 'Uw profiel' }).textContent()) ?? ''
    expect(profile).toContain('Noor')
    expect(profile).toContain('Molenwijk')
    expect(await page.getByRole('region', { name: 'Uw contactgegevens' }).textContent()).toContain(address)
    await page.screenshot({ path: join(tmpdir(), 'buurtbeurs-my-data.png'), fullPage: true })
    await stack.expectAccessible(page, 'my data')

    // Erase: a separate step that asks for a clear yes.
    await page.getByRole('link', { name: 'Terug naar privacy en uw gegevens' }).click()
    await waitForPage(page, 'Privacy en uw gegevens')
    await page.getByRole('link', { name: 'Verwijder mijn account' }).click()
    await waitForPage(page, 'Account verwijderen')
    expect(await page.locator('main').textContent()).toContain('dit kunt u niet ongedaan maken')
    await stack.expectAccessible(page, 'erase')
    await page.getByRole('button', { name: 'Verwijder mijn account' }).click()
    await page.locator('.bb-error-summary').waitFor()
    expect(await page.locator('.bb-error-summary').textContent()).toContain('Zet een vinkje')
    await page.getByLabel('Ja, ik begrijp dat mijn account echt weg is').check()
    await page.getByLabel(/Waarom gaat u weg/).fill('Ik verhuis.')
    await page.getByRole('button', { name: 'Verwijder mijn account' }).click()

    // Assess: home, signed out, and the account is gone.
    await waitForPage(page, 'Samen helpen')
    expect(await page.locator('main .utrecht-alert').textContent()).toContain('Uw account is verwijderd')
    expect(await page.getByRole('banner').getByRole('link', { name: 'Inloggen' }).isVisible()).toBe(true)
    expect((await fetch(`${stack.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401)
  })

  it('reads to people who are not signed in, with a way to sign in', async () => {
    const page = await stack.openPage('/privacy')
    await waitForPage(page, 'Privacy en uw gegevens')
    expect(await page.locator('main').textContent()).toContain('Log in om uw gegevens te bekijken')
    await stack.expectAccessible(page, 'privacy, signed out')
  })
})

describe('the new resident pages on a phone', () => {
  it('fits 360 px and 200% zoom without horizontal scrolling', async () => {
    const paths = [
      '/inloggen',
      '/aanmelden',
      '/mijn-gegevens',
      '/mijn-berichten',
      '/privacy',
      '/privacy/mijn-gegevens',
      '/privacy/verwijderen',
    ]
    await stack.expectFits(paths, { as: 'priya@example.nl' })
  })
})
