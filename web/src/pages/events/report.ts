import type { EventReport } from '../../../../shared/schemas/event'
import { reportCsv, reportXlsx } from '../../components/event-export'
import { formatEuros, participantTypeLabel } from '../../components/event-parts'
import { alert, button, dataList, heading, pageHeading, paragraph } from '../../components/ui'
import { h } from '../../dom'
import { eventApi } from '../../event-api'
import { tf } from '../../i18n/events-floor'
import { localized } from '../../i18n/index'
import type { Page } from '../../router'
import { loadContext } from '../../session'
import { errorText } from '../failure'
import { backToEvent } from './list'

const percent = (share: number) => `${Math.round(share * 100)}%`

/** A table with a caption: every figure on this page is a real table, so screen readers can read it. */
const table = (caption: string, head: string[], rows: (string | number)[][]) =>
  h(
    'table',
    { class: 'utrecht-table bb-ev-table' },
    h('caption', { class: 'utrecht-table__caption' }, caption),
    h(
      'thead',
      { class: 'utrecht-table__header' },
      h('tr', {}, ...head.map((c) => h('th', { scope: 'col', class: 'utrecht-table__header-cell' }, c))),
    ),
    h(
      'tbody',
      { class: 'utrecht-table__body' },
      ...rows.map((row) =>
        h(
          'tr',
          { class: 'utrecht-table__row' },
          ...row.map((cell, i) =>
            i === 0
              ? h('th', { scope: 'row', class: 'utrecht-table__header-cell' }, String(cell))
              : h('td', { class: 'utrecht-table__cell' }, String(cell)),
          ),
        ),
      ),
    ),
  )

const download = (blob: Blob, fileName: string) => {
  const url = URL.createObjectURL(blob)
  const anchor = h('a', { href: url, download: fileName, hidden: true })
  document.body.append(anchor)
  anchor.click()
  anchor.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** The event report: what the floor achieved, every euro traced to its rule, and the follow-up at 3 and 6 months. */
export const reportPage: Page = async ({ params }) => {
  const { community } = await loadContext()
  const eventId = params.eventId ?? ''
  const report: EventReport = await eventApi.report(community.id, eventId)
  const { event, followUp } = report
  const title = `${tf('ef.rep.title')}: ${event.name}`
  const slot = h('div', { 'aria-live': 'polite' })
  const fileBase = `beursvloer-${event.date}`
  const content = h(
    'div',
    { class: 'bb-page bb-ev-report' },
    backToEvent(event),
    pageHeading(title),
    paragraph(`${event.date} · ${event.place}`),
    dataList([
      [tf('ef.rep.matches'), String(report.matches)],
      [tf('ef.rep.euros'), formatEuros(report.cents)],
      [tf('ef.rep.twoWayShare'), percent(report.twoWayShare)],
      [tf('ef.rep.registered'), String(report.participants.registered)],
      [tf('ef.rep.checkedIn'), String(report.participants.checkedIn)],
      [tf('ef.rep.needsMatched'), `${report.items.needsMatched} / ${report.items.needs}`],
    ]),
    h(
      'p',
      { class: 'bb-actions bb-no-print' },
      button(
        tf('ef.rep.csv'),
        {
          onclick: () => download(new Blob([reportCsv(report)], { type: 'text/csv;charset=utf-8' }), `${fileBase}.csv`),
        },
        'secondary',
      ),
      ' ',
      button(
        tf('ef.rep.xlsx'),
        {
          onclick: async () => {
            try {
              download(await reportXlsx(report), `${fileBase}.xlsx`)
            } catch (error) {
              slot.replaceChildren(alert('error', paragraph(errorText(error))))
            }
          },
        },
        'secondary',
      ),
    ),
    slot,
    table(
      tf('ef.rep.byCorner'),
      [tf('ef.floor.corner'), tf('ef.rep.matches'), tf('ef.rep.euros'), tf('ef.rep.twoWay')],
      report.byCorner.map((c) => [localized(c.name), c.matches, formatEuros(c.cents), c.twoWay]),
    ),
    table(
      tf('ef.rep.byRule'),
      [tf('ef.rep.rule'), tf('ef.rep.gives'), tf('ef.rep.euros')],
      report.byRule.map((r) => [localized(r.name), r.gives, formatEuros(r.cents)]),
    ),
    table(
      tf('ef.rep.byType'),
      [tf('ef.form.type'), tf('ef.rep.registered'), tf('ef.rep.checkedIn')],
      report.participants.byType.map((t) => [participantTypeLabel(t.type), t.registered, t.checkedIn]),
    ),
    heading(2, tf('ef.rep.followUp')),
    paragraph(tf('ef.rep.followUp.lead')),
    table(
      tf('ef.rep.followUp'),
      [tf('ef.rep.answer'), tf('ef.rep.matches')],
      [
        [tf('ef.rep.carriedOut'), followUp.carriedOut],
        [tf('ef.rep.partly'), followUp.partly],
        [tf('ef.rep.notCarriedOut'), followUp.notCarriedOut],
        [tf('ef.rep.running'), followUp.running],
        [tf('ef.rep.cancelled'), followUp.cancelled],
      ],
    ),
    paragraph(
      followUp.carriedOutRate === null
        ? tf('ef.rep.rate.none')
        : tf('ef.rep.rate', { rate: percent(followUp.carriedOutRate), answered: followUp.answered }),
    ),
    table(
      tf('ef.rep.list'),
      [tf('ef.form.needParty'), tf('ef.form.offerParty'), tf('ef.form.total'), tf('ef.list.status')],
      report.matchList.map((m) => [m.deal.need.name, m.deal.offer.name, formatEuros(m.deal.totalCents), m.status]),
    ),
  )
  return { title, content }
}
