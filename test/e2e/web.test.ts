import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { PostPage } from '../../shared/schemas/post'
import { scrollWidth, waitForPage } from './browser'
import { focusedTag, focusedText, useStack } from './stack'

const stack = useStack()
// Most tests are about browsing and posting, not signing in: they use Anna's session.
const anna = 'anna@example.nl'
const openPage = (path: string, viewport?: { width: number; height: number }) =>
  stack.openPage(path, { viewport, as: anna })
const expectAccessible = stack.expectAccessible

describe('the web front end', () => {
  it('explains Buurtbeurs in plain Dutch on the home page, to everyone', async () => {
    const page = await stack.openPage('/')
    await waitForPage(page, 'Samen helpen in de buurt')

    expect(await page.getAttribute('html', 'lang')).toBe('nl')
    expect(await page.locator('h1').textContent()).toBe('Samen helpen in de buurt')
    const text = (await page.locator('main').textContent()) ?? ''
    expect(text).toContain('sociaal makelaar')
    expect(text).not.toMatch(/allochto|kansarm/i)
    expect(await page.locator('main a[href="/vragen-en-aanbod"]').count()).toBeGreaterThan(0)
    expect(await page.locator('main a[href^="/plaatsen"]').count()).toBeGreaterThan(0)
    // Not signed in: the header offers to sign in; there is no development identity any more.
    expect(await page.getByRole('banner').getByRole('link', { name: 'Inloggen' }).isVisible()).toBe(true)
    expect(await page.getByText('Ontwikkelmodus').count()).toBe(0)
    await page.screenshot({ path: join(tmpdir(), 'buurtbeurs-home.png'), fullPage: true })
    await expectAccessible(page, 'home')
  })

  it('browses and filters requests and offers, with the filter in the address and working back button', async () => {
    const page = await openPage('/')
    await waitForPage(page, 'Samen helpen')

    // Act: navigate by clicking the menu.
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Vragen en aanbod' }).click()
    await waitForPage(page, 'Vragen en aanbod')

    // Assess: a real address, focus on the heading, and an announcement.
    expect(new URL(page.url()).pathname).toBe('/vragen-en-aanbod')
    expect(await focusedTag(page)).toBe('h1')
    await page.waitForFunction(() => document.getElementById('announcer')?.textContent?.includes('Vragen en aanbod'))
    const firstPage = await page.locator('.bb-post').count()
    expect(firstPage).toBe(20)
    await expectAccessible(page, 'browse')

    // Load more with the cursor: the list grows and focus goes to the first new item.
    await page.getByRole('button', { name: 'Meer laden' }).click()
    await page.waitForFunction((n) => document.querySelectorAll('.bb-post').length > n, firstPage)
    expect(await page.locator('.bb-post').count()).toBeGreaterThan(firstPage)
    expect(await page.evaluate(() => document.activeElement?.closest('.bb-post') !== null)).toBe(true)

    // Filter by kind and area (a wijk: its buurten are included).
    await page.getByLabel('Soort').selectOption('offer')
    await page.getByLabel('Buurt of wijk').selectOption('noord')
    await page.getByRole('button', { name: 'Toon resultaten' }).click()
    await page.waitForURL(/soort=offer/)
    await waitForPage(page, 'Vragen en aanbod')
    const url = new URL(page.url())
    expect(url.searchParams.get('soort')).toBe('offer')
    expect(url.searchParams.get('gebied')).toBe('noord')
    const kinds = await page.locator('.bb-post .bb-badge').allTextContents()
    expect(kinds.length).toBeGreaterThan(0)
    expect(new Set(kinds)).toEqual(new Set(['Aanbod']))
    const places = await page.locator('.bb-post__meta').allTextContents()
    for (const place of places) expect(place).toMatch(/Noord|De Akkers|Molenwijk|Kastanjehof/)
    expect(await page.getByLabel('Soort').inputValue()).toBe('offer')

    // Back: the unfiltered list again, from the address alone.
    await page.goBack()
    await page.waitForURL((u) => u.search === '')
    await page.waitForFunction(() => document.querySelectorAll('.bb-post').length === 20)
    expect(await page.getByLabel('Soort').inputValue()).toBe('')

    // Forward again restores the filter.
    await page.goForward()
    await page.waitForURL(/gebied=noord/)
    await page.waitForFunction(
      () => (document.querySelector('select[name="soort"]') as HTMLSelectElement)?.value === 'offer',
    )
  })

  it('shows an empty state when nothing matches', async () => {
    // Prepare: find a filter with no results through the API, so the test does not depend on the demo's details.
    const areas = ['ter-heide', 'eikenrode', 'havenbuurt', 'oude-markt']
    const categories = ['oppas', 'persoonlijke-zorg', 'ruimte', 'contacten', 'ideeen']
    let empty: string | undefined
    for (const area of areas) {
      for (const category of categories) {
        const { body } = await stack.api<PostPage>(
          `/api/communities/lindeveen/posts?area=${area}&category=${category}`,
          { as: anna },
        )
        if (body.items.length === 0) empty = `?categorie=${category}&gebied=${area}`
        if (empty) break
      }
      if (empty) break
    }
    expect(empty, 'no empty filter combination found in the demo').toBeDefined()

    const page = await openPage(`/vragen-en-aanbod${empty}`)
    await waitForPage(page, 'Vragen en aanbod')
    expect(await page.locator('.bb-post').count()).toBe(0)
    expect(await page.getByRole('heading', { name: 'Niets gevonden' }).isVisible()).toBe(true)
    expect(await page.locator('.bb-empty a[href="/plaatsen"]').count()).toBe(1)
  })

  it('opens a post and shows it in words', async () => {
    const page = await openPage('/vragen-en-aanbod')
    await waitForPage(page, 'Vragen en aanbod')
    const first = page.locator('.bb-post__title a').first()
    const title = (await first.textContent()) ?? ''

    await first.click()
    await waitForPage(page, title)

    expect(new URL(page.url()).pathname).toMatch(/^\/berichten\/[\w-]+$/)
    expect(await page.locator('h1').textContent()).toBe(title)
    expect(await focusedTag(page)).toBe('h1')
    const facts = (await page.locator('.bb-facts').textContent()) ?? ''
    for (const label of [
      'Soort',
      'Onderwerp',
      'Wat wordt gegeven',
      'Waar',
      'Wanneer',
      'Hoe vaak',
      'Tot en met',
      'Geplaatst door',
    ]) {
      expect(facts).toContain(label)
    }
    expect(facts).toMatch(/(Maandag|Dinsdag|Woensdag|Donderdag|Vrijdag|Zaterdag|Zondag): (ochtend|middag|avond)/)
    expect(facts).toMatch(/ uit /)
    await expectAccessible(page, 'post detail')

    // An unknown post id gets a page that says so.
    await page.goto(`${stack.url}/berichten/bestaat-niet-12345`)
    await waitForPage(page, 'Bericht niet gevonden')
  })

  it('shows the API’s validation errors at the fields, then posts, lands on the post and lists it', async () => {
    const page = await openPage('/')
    await waitForPage(page, 'Samen helpen')
    await page.getByRole('link', { name: 'Vraag of bied hulp' }).click()
    await waitForPage(page, 'Vraag of bied hulp')

    // Act: send the empty form.
    await page.getByRole('button', { name: 'Plaatsen' }).click()
    const summary = page.locator('.bb-error-summary')
    await summary.waitFor()

    // Assess: the summary has focus and links to each field; each field says what is wrong.
    expect(await page.evaluate(() => document.activeElement?.classList.contains('bb-error-summary'))).toBe(true)
    expect(await summary.textContent()).toContain('Controleer het formulier')
    const title = page.getByLabel('Titel')
    expect(await title.getAttribute('aria-invalid')).toBe('true')
    const describedBy = (await title.getAttribute('aria-describedby')) ?? ''
    const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'))
    expect(errorId).toBeDefined()
    expect(((await page.locator(`[id="${errorId}"]`).textContent()) ?? '').length).toBeGreaterThan(0)
    const dayParts = page.getByRole('group', { name: 'Wanneer?' })
    expect(await dayParts.locator('.utrecht-form-field-error-message').isVisible()).toBe(true)
    expect(await dayParts.locator('input[aria-invalid="true"]').count()).toBe(21)
    const kind = page.getByRole('group', { name: 'Wat wilt u doen?' })
    expect(await kind.locator('.utrecht-form-field-error-message').isVisible()).toBe(true)
    await expectAccessible(page, 'post form with errors')

    // The summary's link takes you to the field.
    await summary.getByRole('link', { name: /^Titel/ }).click()
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('title')

    // Act: fill it in properly.
    const postTitle = `Hulp bij gordijnen ophangen ${Date.now()}`
    await kind.getByLabel('Ik zoek hulp').check()
    await title.fill(postTitle)
    await page.getByLabel(/Vertel meer/).fill('De rails hangen al. Het gaat om drie ramen.')
    await page.getByLabel('Onderwerp').selectOption('klussen')
    await page.getByLabel('Buurt', { exact: true }).selectOption('kastanjehof')
    await page.getByRole('group', { name: 'Dinsdag' }).getByLabel('Ochtend').check()
    await page.getByRole('group', { name: 'Donderdag' }).getByLabel('Middag').check()
    await page.getByRole('group', { name: 'Komt deze vraag terug?' }).getByLabel('Nee, één keer').check()
    await page.getByLabel('Aantal').fill('2')
    await page.getByLabel(/Tot wanneer/).fill('2099-12-31')
    await page.getByRole('button', { name: 'Plaatsen' }).click()

    // Assess: the new post's page, with a confirmation and the answers in words.
    await waitForPage(page, postTitle)
    expect(new URL(page.url()).pathname).toMatch(/^\/berichten\/[\w-]+$/)
    expect(await page.locator('.utrecht-alert--ok').textContent()).toContain('Uw bericht staat nu op Buurtbeurs')
    const facts = (await page.locator('.bb-facts').textContent()) ?? ''
    expect(facts).toContain('Dinsdag: ochtend')
    expect(facts).toContain('Donderdag: middag')
    expect(facts).toContain('Kastanjehof')
    expect(facts).toContain('31 december 2099')
    expect(facts).toContain('Anna uit De Akkers')

    // And it is listed first (newest first) when browsing.
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Vragen en aanbod' }).click()
    await waitForPage(page, 'Vragen en aanbod')
    expect(await page.locator('.bb-post__title a').first().textContent()).toBe(postTitle)

    // The author can close it with a reason; it then leaves the list.
    await page.locator('.bb-post__title a').first().click()
    await waitForPage(page, postTitle)
    await page.getByRole('button', { name: 'Sluit bericht' }).click()
    await page.locator('.bb-close .bb-error-summary').waitFor()
    await page.getByRole('group', { name: 'Waarom sluit u het bericht?' }).getByLabel('Het is gelukt').check()
    await page.getByRole('button', { name: 'Sluit bericht' }).click()
    await page.locator('main').getByText('Uw bericht is gesloten.').waitFor()
    expect(await page.locator('.bb-facts').textContent()).toContain('Gesloten')
    await page.goBack()
    await waitForPage(page, 'Vragen en aanbod')
    expect(await page.locator('.bb-post__title a').allTextContents()).not.toContain(postTitle)
  })

  it('switches to English, remembers it and asks the API for English messages', async () => {
    const page = await openPage('/plaatsen')
    await waitForPage(page, 'Vraag of bied hulp')

    await page.getByRole('button', { name: 'English' }).click()
    await waitForPage(page, 'Ask for or offer help')

    expect(await page.getAttribute('html', 'lang')).toBe('en')
    expect(await page.locator('h1').textContent()).toBe('Ask for or offer help')
    expect(await page.getByRole('navigation', { name: 'Main menu' }).textContent()).toContain('Requests and offers')
    // Focus stays on the switch, which now offers Dutch.
    expect(await focusedText(page)).toBe('Nederlands')

    // The API localizes its messages from Accept-Language.
    await page.getByRole('button', { name: 'Post', exact: true }).click()
    await page.locator('.bb-error-summary').waitFor()
    expect(await page.locator('.bb-error-summary').textContent()).toContain('Some fields are not filled in correctly')

    // The choice is remembered.
    await page.reload()
    await waitForPage(page, 'Ask for or offer help')
    expect(await page.getAttribute('html', 'lang')).toBe('en')
    await page.screenshot({ path: join(tmpdir(), 'buurtbeurs-form-en.png'), fullPage: true })
  })

  it('works with the keyboard alone: skip link, visible focus, focus on the heading after navigation', async () => {
    const page = await openPage('/')
    await waitForPage(page, 'Samen helpen')

    await page.keyboard.press('Tab')
    expect(await focusedText(page)).toBe('Naar de inhoud')
    const box = await page.evaluate(() => {
      const rect = (document.activeElement as HTMLElement).getBoundingClientRect()
      return {
        top: rect.top,
        height: rect.height,
        outline: getComputedStyle(document.activeElement as Element).outlineStyle,
      }
    })
    expect(box.top).toBeGreaterThanOrEqual(0)
    expect(box.height).toBeGreaterThan(0)
    expect(box.outline).not.toBe('none')

    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.closest('main') !== null)).toBe(true)

    // Reach the menu with Tab from the top and follow a link with Enter.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await page.evaluate(() => window.scrollTo(0, 0))
    await page.locator('body').focus()
    let found = false
    for (let i = 0; i < 15 && !found; i++) {
      await page.keyboard.press('Tab')
      found = (await focusedText(page)) === 'Vragen en aanbod'
    }
    expect(found).toBe(true)
    expect(await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle)).not.toBe('none')
    await page.keyboard.press('Enter')
    await waitForPage(page, 'Vragen en aanbod')
    expect(await focusedTag(page)).toBe('h1')

    // The filter form works from the keyboard; results get focus afterwards.
    await page.getByLabel('Soort').focus()
    await page.keyboard.press('ArrowDown')
    for (const _ of ['Onderwerp', 'Buurt of wijk', 'Toon resultaten']) await page.keyboard.press('Tab')
    expect(await focusedText(page)).toBe('Toon resultaten')
    await page.keyboard.press('Enter')
    await page.waitForURL(/soort=request/)
    await waitForPage(page, 'Vragen en aanbod')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('results-title')
  })

  it('fits a 360 px phone and 200% zoom without horizontal scrolling', async () => {
    const paths = ['/', '/vragen-en-aanbod', '/plaatsen', '/api-docs', '/bestaat-niet']
    await stack.expectFits(paths, {
      as: anna,
      screenshot: 'buurtbeurs-phone.png',
      alsoCheck: async (page, width) => {
        const detail = page.locator('.bb-post__title a').first()
        await page.goto(`${stack.url}/vragen-en-aanbod`)
        await detail.click()
        await page.locator('.bb-facts').waitFor()
        expect(await scrollWidth(page), `detail at ${width} px`).toBeLessThanOrEqual(width)
      },
    })
  })

  it('renders a browsable API reference from the OpenAPI document', async () => {
    const page = await stack.openPage('/')
    await waitForPage(page, 'Samen helpen')
    await page.getByRole('link', { name: 'API voor ontwikkelaars' }).click()
    await waitForPage(page, 'API-documentatie')

    for (const tag of ['Meta', 'Sign-in', 'Members', 'Posts', 'Audit']) {
      expect(await page.getByRole('heading', { level: 2, name: tag }).count()).toBe(1)
    }
    const operation = page.locator('section.bb-operation', {
      has: page.getByRole('heading', { name: /POST \/api\/communities\/\{communityId\}\/posts$/ }),
    })
    expect(await operation.count()).toBe(1)
    expect(await operation.textContent()).toContain('Post a request or an offer')
    expect(await operation.getByRole('table').textContent()).toContain('communityId')
    await operation.locator('summary').first().click()
    expect(await operation.locator('pre').first().textContent()).toContain('"title"')
    await expectAccessible(page, 'API reference')
  })
})
