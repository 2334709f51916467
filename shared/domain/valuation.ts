/**
 * Social value in euros, made traceable: a give is valued by one rule of the event, and the
 * stored `Valuation` keeps a copy of the rule (name, method, rate, cap, source) and the inputs
 * that counted, so every euro on a screen or in a report can be explained. Pure.
 *
 * | method | cents |
 * |---|---|
 * | `hours` | round(hours × people × rate), people default 1 |
 * | `stated` | the stated value, never above the cap (no cap: as stated) |
 * | `fixed` | the rate, whatever else was entered |
 */
import type { ErrorDetail } from '../schemas/errors'
import type { Valuation, ValuationInput, ValuationRule } from '../schemas/valuation'
import { DomainError } from './errors'
import { centsFor } from './valuation-cents'

/** The highest amount a `Valuation` (and a deal's total) may hold: `centsSchema`'s maximum. */
export const maxCents = 100_000_000

const invalid = (path: string, code: string): never => {
  const detail: ErrorDetail = { path, code, message: '' }
  throw new DomainError('VALIDATION_FAILED', [detail])
}

/**
 * Values one give with the rule it names. Refused (VALIDATION_FAILED, with details under `path`,
 * e.g. `offerGives.valuation.hours`): a rule that is not in `rules` (`unknown_rule`), an input
 * the rule's method needs but that is missing (`required`), a result above `maxCents`
 * (`too_high`).
 */
export const valueGive = (rules: ValuationRule[], input: ValuationInput, path: string): Valuation => {
  const rule = rules.find((r) => r.id === input.ruleId)
  if (!rule) return invalid(`${path}.ruleId`, 'unknown_rule')
  const base = {
    ruleId: rule.id,
    ruleName: rule.name,
    method: rule.method,
    source: rule.source,
    rateCents: rule.rateCents,
    capCents: rule.capCents,
    hours: null,
    people: null,
    statedCents: null,
  }
  const cents = centsFor(rule, input)
  if (cents === null) {
    return invalid(`${path}.${rule.method === 'hours' ? 'hours' : 'statedCents'}`, 'required')
  }
  const valuation: Valuation = {
    ...base,
    ...(rule.method === 'hours' ? { hours: input.hours ?? null, people: input.people ?? 1 } : {}),
    ...(rule.method === 'stated' ? { statedCents: input.statedCents ?? null } : {}),
    cents,
  }
  if (!Number.isSafeInteger(valuation.cents) || valuation.cents < 0 || valuation.cents > maxCents) {
    return invalid(path, 'too_high')
  }
  return valuation
}

/**
 * The rule a form proposes for a give in a corner: the first rule meant for that corner's
 * resource type, else the first rule for any corner (`resourceType` null), else none.
 */
export const defaultRuleFor = (rules: ValuationRule[], cornerId: string): ValuationRule | undefined =>
  rules.find((r) => r.resourceType === cornerId) ?? rules.find((r) => r.resourceType === null)
