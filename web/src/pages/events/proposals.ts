import type { EventBoard, Proposals } from '../../../../shared/schemas/event'
import { signedInMember } from '../../auth'
import { cornerName } from '../../components/event-parts'
import { alert, button, controlField, heading, link, pageHeading, paragraph, select } from '../../components/ui'
import { h } from '../../dom'
import { eventApi } from '../../event-api'
import { tf } from '../../i18n/events-floor'
import { localized } from '../../i18n/index'
import type { Page } from '../../router'
import { loadContext } from '../../session'
import { errorText } from '../failure'
import { backToEvent, eventPath } from './list'

/**
 * The hoekman's proposals: the best assignment of the open needs of a corner to the offers with
 * room left (by the matching score), and how much better it is than first come, first served.
 */
export const proposalsPage: Page = async ({ params, announce }) => {
  const { community } = await loadContext()
  const eventId = params.eventId ?? ''
  const event = await eventApi.get(community.id, eventId)
  const me = signedInMember()
  const own = event.corners.find((c) => c.hoekmannen.includes(me?.id ?? ''))
  const title = tf('ef.prop.title')
  const corner = select(
    [{ value: '', label: tf('ef.prop.all') }, ...event.corners.map((c) => ({ value: c.id, label: localized(c.name) }))],
    { name: 'corner' },
  )
  corner.value = own?.id ?? ''
  const results = h('div', { 'aria-live': 'polite' })

  const show = (proposals: Proposals, board: EventBoard) => {
    const items = new Map(board.items.map((i) => [i.id, i]))
    const names = new Map(board.participants.map((p) => [p.id, p.name]))
    const describe = (id: string) => {
      const item = items.get(id)
      return item ? `${names.get(item.participantId) ?? ''} — ${item.title}` : id
    }
    const gain =
      proposals.greedy.score > 0 ? Math.round((proposals.optimal.score / proposals.greedy.score - 1) * 100) : 0
    results.replaceChildren(
      h(
        'div',
        { class: 'bb-ev-compare' },
        heading(2, tf('ef.prop.compare')),
        paragraph(
          tf('ef.prop.gain', {
            gain,
            optimal: proposals.optimal.score,
            greedy: proposals.greedy.score,
            pairs: proposals.optimal.pairs,
            greedyPairs: proposals.greedy.pairs,
          }),
        ),
        paragraph(
          tf('ef.prop.open', { needs: proposals.needsOpen, offers: proposals.offersOpen, ms: proposals.solveMs }),
        ),
      ),
      proposals.proposals.length === 0
        ? paragraph(tf('ef.floor.empty'))
        : h(
            'ol',
            { class: 'bb-ev-proposals' },
            ...proposals.proposals.map((p) =>
              h(
                'li',
                {},
                h('p', {}, h('strong', {}, describe(p.needId)), ' ↔ ', h('strong', {}, describe(p.offerId))),
                h(
                  'p',
                  { class: 'bb-ev-form__small' },
                  `${cornerName(event, p.cornerId)} · ${tf('ef.prop.score', { score: p.score })}: `,
                  p.reasons.map((r) => tf(`ef.prop.reason.${r.code}`, { points: r.points })).join(', '),
                ),
                link(
                  `${eventPath(eventId, 'vloer')}?need=${encodeURIComponent(p.needId)}&offer=${encodeURIComponent(p.offerId)}`,
                  tf('ef.prop.record'),
                ),
              ),
            ),
          ),
    )
  }
  const load = async () => {
    try {
      const [proposals, board] = await Promise.all([
        eventApi.proposals(community.id, eventId, corner.value || undefined),
        eventApi.board(community.id, eventId),
      ])
      show(proposals, board)
      announce(tf('ef.prop.count', { n: proposals.proposals.length }))
    } catch (error) {
      results.replaceChildren(alert('error', paragraph(errorText(error))))
    }
  }
  corner.addEventListener('change', () => void load())
  await load()
  return {
    title,
    content: h(
      'div',
      { class: 'bb-page' },
      backToEvent(event),
      pageHeading(title),
      paragraph(tf('ef.prop.lead'), { lead: true }),
      controlField({ path: 'corner', label: tf('ef.floor.corner') }, corner).element,
      h('p', { class: 'bb-actions' }, button(tf('ef.prop.refresh'), { onclick: () => void load() }, 'secondary')),
      results,
    ),
  }
}
