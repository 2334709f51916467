import type { EventMatchForm, EventMatchSummary } from '../../../../shared/schemas/event'
import { ApiError } from '../../api'
import { cornerName, formatEuros, participantTypeLabel, valuationTrace } from '../../components/event-parts'
import {
  alert,
  apiForm,
  button,
  dataList,
  heading,
  link,
  pageHeading,
  paragraph,
  submitButton,
  textbox,
} from '../../components/ui'
import { h } from '../../dom'
import { eventApi } from '../../event-api'
import { te } from '../../i18n/events'
import { tf } from '../../i18n/events-floor'
import type { Page } from '../../router'
import { loadContext } from '../../session'
import { errorText } from '../failure'
import { backToEvent, eventPath, isEventStaff } from './list'

const formPath = (eventId: string, matchId: string) =>
  eventPath(eventId, `matches/${encodeURIComponent(matchId)}/formulier`)

/** The event's floor matches (staff: all; a participant: its own), with the match form and, for staff, cancelling. */
export const eventMatchesPage: Page = async ({ params, announce }) => {
  const { community } = await loadContext()
  const eventId = params.eventId ?? ''
  const [event, list] = await Promise.all([
    eventApi.get(community.id, eventId),
    eventApi.matches(community.id, eventId),
  ])
  const staff = isEventStaff()
  const title = tf('ef.floor.toMatches')
  const rows = h('div')
  const render = (items: EventMatchSummary[]) => {
    rows.replaceChildren(
      ...(items.length === 0
        ? [paragraph(tf('ef.tally.none'))]
        : items.map((m) => {
            const slot = h('div')
            const cancelled = m.status === 'cancelled'
            const reason = textbox({ name: `reason-${m.matchId}`, maxlength: 300, 'aria-label': tf('ef.list.reason') })
            const submit = submitButton(tf('ef.list.cancel'), 'secondary')
            const cancel =
              staff && !cancelled
                ? apiForm(
                    submit,
                    async () => {
                      try {
                        await eventApi.cancelMatch(community.id, eventId, m.matchId, reason.value)
                        announce(tf('ef.list.cancelled'))
                        render((await eventApi.matches(community.id, eventId)).items)
                      } catch (error) {
                        slot.replaceChildren(alert('error', paragraph(errorText(error))))
                      }
                    },
                    h('label', { class: 'utrecht-form-label' }, tf('ef.list.reason'), ' ', reason),
                    ' ',
                    submit,
                  )
                : null
            return h(
              'article',
              { class: `bb-ev-match${cancelled ? ' bb-ev-match--cancelled' : ''}` },
              heading(2, `${m.deal.need.name} ↔ ${m.deal.offer.name}`),
              dataList([
                [tf('ef.floor.corner'), cornerName(event, m.deal.cornerId)],
                [tf('ef.floor.need'), m.deal.need.title],
                [tf('ef.floor.offer'), m.deal.offer.title],
                [tf('ef.form.total'), formatEuros(m.deal.totalCents)],
                [tf('ef.floor.back'), m.deal.twoWay ? te('ev.twoWay') : te('ev.oneWay')],
                cancelled ? [tf('ef.list.status'), tf('ef.form.cancelled')] : null,
              ]),
              h('p', { class: 'bb-actions' }, link(formPath(eventId, m.matchId), tf('ef.floor.print'))),
              slot,
              cancel,
            )
          })),
    )
  }
  render(list.items)
  return {
    title,
    content: h('div', { class: 'bb-page' }, backToEvent(event), pageHeading(title), rows),
    announcement: String(list.items.length),
  }
}

const party = (label: string, p: EventMatchForm['needParty']) =>
  h(
    'section',
    { class: 'bb-ev-form__party' },
    heading(2, label),
    dataList([
      [label, p.name],
      [tf('ef.form.type'), participantTypeLabel(p.type)],
      [tf('ef.form.contactName'), p.contactName || '—'],
      [tf('ef.form.email'), p.email ?? '—'],
      [tf('ef.form.phone'), p.phone ?? '—'],
    ]),
  )

const signature = (label: string) =>
  h(
    'div',
    { class: 'bb-ev-form__signature' },
    h('p', {}, label),
    h('div', { class: 'bb-ev-form__line' }),
    h('p', { class: 'bb-ev-form__small' }, tf('ef.form.nameDate')),
  )

/** The matchformulier: one clean A4 page with both parties, what each gives, when, the value and signature lines. */
export const matchFormPage: Page = async ({ params }) => {
  const { community } = await loadContext()
  const eventId = params.eventId ?? ''
  let form: EventMatchForm
  try {
    form = await eventApi.matchForm(community.id, eventId, params.matchId ?? '')
  } catch (error) {
    if (error instanceof ApiError) {
      return { title: tf('ef.form.title'), content: alert('error', paragraph(error.message)) }
    }
    throw error
  }
  const { deal } = form
  const title = `${tf('ef.form.title')}: ${deal.need.name} ↔ ${deal.offer.name}`
  const gives = (who: string, give: NonNullable<typeof deal.needGives>) =>
    h(
      'li',
      {},
      h('strong', {}, `${who}: `),
      give.what,
      h('br'),
      h('span', { class: 'bb-ev-form__small' }, valuationTrace(give.valuation)),
    )
  const content = h(
    'div',
    { class: 'bb-ev-form' },
    h('p', { class: 'bb-no-print' }, link(eventPath(eventId, 'matches'), tf('ef.floor.toMatches'))),
    pageHeading(tf('ef.form.title')),
    paragraph(`${form.event.name} · ${form.event.date} · ${form.event.place}`),
    form.status === 'cancelled' ? alert('warning', paragraph(tf('ef.form.cancelled'))) : null,
    h(
      'div',
      { class: 'bb-ev-form__parties' },
      party(tf('ef.form.needParty'), form.needParty),
      party(tf('ef.form.offerParty'), form.offerParty),
    ),
    heading(2, tf('ef.form.gives')),
    h(
      'ul',
      {},
      gives(deal.offer.name, deal.offerGives),
      deal.needGives
        ? gives(deal.need.name, deal.needGives)
        : h('li', {}, `${deal.need.name}: ${tf('ef.floor.back.no')}`),
    ),
    dataList([
      [tf('ef.form.when'), deal.when],
      [tf('ef.form.total'), h('strong', {}, formatEuros(deal.totalCents))],
      [tf('ef.floor.back'), deal.twoWay ? te('ev.twoWay') : te('ev.oneWay')],
    ]),
    h(
      'div',
      { class: 'bb-ev-form__signatures' },
      signature(tf('ef.form.signature', { party: deal.need.name })),
      signature(tf('ef.form.signature', { party: deal.offer.name })),
    ),
    h('p', { class: 'bb-ev-form__small' }, tf('ef.form.id', { id: form.matchId })),
    h('p', { class: 'bb-actions bb-no-print' }, button(tf('ef.form.print'), { onclick: () => window.print() })),
  )
  return { title, content }
}
