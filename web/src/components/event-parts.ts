/** Small pieces every Beursvloer page shares: euros, corner names, types, and the trace of a valuation. */
import type { BeursEvent } from '../../../shared/schemas/event'
import type { Valuation } from '../../../shared/schemas/valuation'
import type { EventStatus, ParticipantType } from '../../../shared/schemas/vocabulary'
import { te } from '../i18n/events'
import { getLanguage, localized } from '../i18n/index'

/** Whole euros when round, else with cents: "€ 1.250" / "€ 12,50" (or "€1,250" in English). */
export function formatEuros(cents: number): string {
  return new Intl.NumberFormat(getLanguage() === 'en' ? 'en-GB' : 'nl-NL', {
    style: 'currency',
    currency: 'EUR',
    minimumFractionDigits: cents % 100 === 0 ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(cents / 100)
}

export function cornerName(event: Pick<BeursEvent, 'corners'>, cornerId: string): string {
  const corner = event.corners.find((c) => c.id === cornerId)
  return corner ? localized(corner.name) : cornerId
}

export function participantTypeLabel(type: ParticipantType): string {
  return te(`ev.type.${type}`)
}

export function eventStatusLabel(status: EventStatus): string {
  return te(`ev.status.${status}`)
}

/** How a valuation came about, in words: "Kennis per uur: 3 uur × 2 × € 50 per uur = € 300". */
export function valuationTrace(valuation: Valuation): string {
  const number = (n: number) => new Intl.NumberFormat(getLanguage() === 'en' ? 'en-GB' : 'nl-NL').format(n)
  const formula =
    valuation.method === 'hours'
      ? te('ev.method.hours', {
          hours: number(valuation.hours ?? 0),
          people: number(valuation.people ?? 1),
          rate: formatEuros(valuation.rateCents),
        })
      : valuation.method === 'stated'
        ? valuation.capCents === null
          ? te('ev.method.stated', { stated: formatEuros(valuation.statedCents ?? 0) })
          : te('ev.method.statedCapped', {
              stated: formatEuros(valuation.statedCents ?? 0),
              cap: formatEuros(valuation.capCents),
            })
        : te('ev.method.fixed', { rate: formatEuros(valuation.rateCents) })
  return te('ev.valuation.line', { rule: localized(valuation.ruleName), formula, euros: formatEuros(valuation.cents) })
}
