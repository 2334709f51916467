/**
 * The event report as files for funders and the organisers' own spreadsheets: a CSV of the
 * matches (Excel in Dutch: `;`, UTF-8 with a byte order mark) and an XLSX workbook with a summary
 * sheet and a matches sheet (write-excel-file, loaded only when someone asks for it).
 */
import type { EventReport } from '../../../shared/schemas/event'
import type { Valuation } from '../../../shared/schemas/valuation'
import { te } from '../i18n/events'
import { tf } from '../i18n/events-floor'
import { localized } from '../i18n/index'
import { csvDocument } from './csv'
import { cornerName, participantTypeLabel } from './event-parts'

const euros = (cents: number) => cents / 100

const inputs = (v: Valuation): string =>
  v.method === 'hours'
    ? `${v.hours ?? 0} × ${v.people ?? 1} × ${euros(v.rateCents)}`
    : v.method === 'stated'
      ? `${euros(v.statedCents ?? 0)}${v.capCents === null ? '' : ` (max ${euros(v.capCents)})`}`
      : `${euros(v.rateCents)}`

/** One row per floor match: every euro with its rule and inputs. */
export function matchRows(report: EventReport): (string | number)[][] {
  const header = [
    tf('ef.rep.col.recorded'),
    tf('ef.floor.corner'),
    tf('ef.form.needParty'),
    tf('ef.form.offerParty'),
    tf('ef.rep.col.offerGives'),
    tf('ef.rep.col.offerRule'),
    tf('ef.rep.col.offerInputs'),
    tf('ef.rep.col.offerEuros'),
    tf('ef.rep.col.needGives'),
    tf('ef.rep.col.needRule'),
    tf('ef.rep.col.needInputs'),
    tf('ef.rep.col.needEuros'),
    tf('ef.form.total'),
    tf('ef.floor.back'),
    tf('ef.form.when'),
    tf('ef.list.status'),
  ]
  return [
    header,
    ...report.matchList.map(({ deal, status }) => [
      deal.recordedAt,
      cornerName(report.event, deal.cornerId),
      deal.need.name,
      deal.offer.name,
      deal.offerGives.what,
      localized(deal.offerGives.valuation.ruleName),
      inputs(deal.offerGives.valuation),
      euros(deal.offerGives.valuation.cents),
      deal.needGives?.what ?? '',
      deal.needGives ? localized(deal.needGives.valuation.ruleName) : '',
      deal.needGives ? inputs(deal.needGives.valuation) : '',
      deal.needGives ? euros(deal.needGives.valuation.cents) : '',
      euros(deal.totalCents),
      deal.twoWay ? te('ev.twoWay') : te('ev.oneWay'),
      deal.when,
      status,
    ]),
  ]
}

/** The key figures, per corner, per rule and per participant type, as label–value rows. */
export function summaryRows(report: EventReport): (string | number)[][] {
  const f = report.followUp
  return [
    [report.event.name, report.event.date],
    [tf('ef.rep.matches'), report.matches],
    [tf('ef.rep.euros'), euros(report.cents)],
    [tf('ef.rep.twoWayShare'), Math.round(report.twoWayShare * 100) / 100],
    [tf('ef.rep.registered'), report.participants.registered],
    [tf('ef.rep.checkedIn'), report.participants.checkedIn],
    [tf('ef.rep.needsMatched'), `${report.items.needsMatched} / ${report.items.needs}`],
    [tf('ef.rep.carriedOutRate'), f.carriedOutRate === null ? '' : Math.round(f.carriedOutRate * 100) / 100],
    [],
    [tf('ef.floor.corner'), tf('ef.rep.matches'), tf('ef.rep.euros'), tf('ef.rep.twoWay')],
    ...report.byCorner.map((c) => [localized(c.name), c.matches, euros(c.cents), c.twoWay]),
    [],
    [tf('ef.rep.rule'), tf('ef.rep.gives'), tf('ef.rep.euros')],
    ...report.byRule.map((r) => [localized(r.name), r.gives, euros(r.cents)]),
    [],
    [tf('ef.form.type'), tf('ef.rep.registered'), tf('ef.rep.checkedIn')],
    ...report.participants.byType.map((t) => [participantTypeLabel(t.type), t.registered, t.checkedIn]),
  ]
}

export function reportCsv(report: EventReport): string {
  return csvDocument(matchRows(report).map((row) => row.map(String)))
}

export async function reportXlsx(report: EventReport): Promise<Blob> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser')
  return writeXlsxFile([
    { data: summaryRows(report), sheet: tf('ef.rep.sheet.summary') },
    { data: matchRows(report), sheet: tf('ef.rep.sheet.matches') },
  ]).toBlob()
}
