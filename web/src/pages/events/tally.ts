import type { Tally } from '../../../../shared/schemas/event'
import { formatEuros } from '../../components/event-parts'
import { h } from '../../dom'
import { eventApi } from '../../event-api'
import { tf } from '../../i18n/events-floor'
import { localized } from '../../i18n/index'
import type { Page } from '../../router'

/** How often the big screen asks for the tally: within 5 seconds of a match, it shows. */
const pollMs = 3000
/** Round figures worth a moment of joy. */
const matchStep = 25
const euroStepCents = 1_000_000

/**
 * The big screen: no sign-in, aggregate figures only (names only of participants who agreed),
 * readable across a hall. It polls the tally, never two requests at once, pauses while the tab
 * is hidden, and stops when the page is left. Only round figures are announced to screen readers.
 */
export const tallyPage: Page = async ({ params }) => {
  const communityId = params.communityId ?? ''
  const eventId = params.eventId ?? ''
  const path = location.pathname
  const first = await eventApi.tally(communityId, eventId)
  document.body.classList.add('bb-ev-screen')

  const count = h('p', { class: 'bb-ev-screen__number' })
  const euros = h('p', { class: 'bb-ev-screen__number' })
  const twoWay = h('p', { class: 'bb-ev-screen__small' })
  const corners = h('tbody')
  const latest = h('ul', { class: 'bb-ev-screen__latest' })
  const updated = h('p', { class: 'bb-ev-screen__small' })
  const celebration = h('p', { class: 'bb-ev-screen__celebration', hidden: true })
  const spoken = h('p', { class: 'bb-visually-hidden', 'aria-live': 'polite' })
  let shown: Tally | null = null

  const render = (tally: Tally) => {
    count.replaceChildren(h('strong', {}, String(tally.matches)), ' ', tf('ef.tally.matches'))
    euros.replaceChildren(h('strong', {}, formatEuros(tally.cents)), ' ', tf('ef.tally.value'))
    twoWay.textContent = tf('ef.tally.twoWay', { n: tally.twoWay })
    const most = Math.max(1, ...tally.corners.map((c) => c.cents))
    corners.replaceChildren(
      ...tally.corners.map((c) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, localized(c.name)),
          h('td', {}, String(c.matches)),
          h('td', {}, formatEuros(c.cents)),
          h(
            'td',
            { 'aria-hidden': 'true' },
            h('span', { class: 'bb-ev-screen__bar', style: `inline-size: ${Math.round((c.cents / most) * 100)}%` }),
          ),
        ),
      ),
    )
    latest.replaceChildren(
      ...(tally.latest.length === 0
        ? [h('li', {}, tf('ef.tally.none'))]
        : tally.latest.map((m) =>
            h(
              'li',
              {},
              `${m.needName ?? tf('ef.tally.someone')} ↔ ${m.offerName ?? tf('ef.tally.someone')} · ${formatEuros(m.cents)}`,
            ),
          )),
    )
    updated.textContent = tf('ef.tally.updated', {
      time: new Date(tally.updatedAt).toLocaleTimeString('nl-NL', {
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      }),
    })
    if (shown) celebrate(shown, tally)
    shown = tally
  }

  let hideTimer: ReturnType<typeof setTimeout> | undefined
  const celebrate = (before: Tally, now: Tally) => {
    const passedMatches = Math.floor(now.matches / matchStep) > Math.floor(before.matches / matchStep)
    const passedEuros = Math.floor(now.cents / euroStepCents) > Math.floor(before.cents / euroStepCents)
    if (!passedMatches && !passedEuros) return
    const text = passedEuros
      ? tf('ef.tally.celebrate.euros', { euros: formatEuros(Math.floor(now.cents / euroStepCents) * euroStepCents) })
      : tf('ef.tally.celebrate.matches', { n: Math.floor(now.matches / matchStep) * matchStep })
    celebration.textContent = text
    celebration.hidden = false
    spoken.textContent = text
    clearTimeout(hideTimer)
    hideTimer = setTimeout(() => {
      celebration.hidden = true
    }, 8000)
  }

  const stillHere = () => location.pathname === path
  const poll = async () => {
    if (!stillHere()) {
      document.body.classList.remove('bb-ev-screen')
      return
    }
    if (!document.hidden) {
      try {
        render(await eventApi.tally(communityId, eventId))
      } catch {
        // A missed poll is not worth a message on a big screen: the next one tries again.
      }
    }
    setTimeout(() => void poll(), pollMs)
  }

  render(first)
  setTimeout(() => void poll(), pollMs)
  const content = h(
    'div',
    { class: 'bb-ev-screen__page' },
    h('h1', { class: 'bb-ev-screen__title' }, first.event.name),
    h('p', { class: 'bb-ev-screen__small' }, `${first.event.place}`),
    celebration,
    h('div', { class: 'bb-ev-screen__figures' }, count, euros),
    twoWay,
    h(
      'div',
      { class: 'bb-ev-screen__columns' },
      h(
        'section',
        {},
        h('h2', {}, tf('ef.tally.corners')),
        h(
          'table',
          { class: 'bb-ev-screen__table' },
          h('caption', { class: 'bb-visually-hidden' }, tf('ef.tally.corners')),
          corners,
        ),
      ),
      h('section', {}, h('h2', {}, tf('ef.tally.latest')), latest),
    ),
    updated,
    spoken,
  )
  return { title: `${tf('ef.tally.title')}: ${first.event.name}`, content }
}
