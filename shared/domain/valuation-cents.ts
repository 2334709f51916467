/**
 * The arithmetic of a valuation rule, on its own so the web app can show the same euros live
 * while someone fills in the floor form (no zod, no errors: types only).
 */
import type { ValuationInput, ValuationRule } from '../schemas/valuation'

/** The cents a rule gives for these inputs; null when an input the method needs is missing. */
export const centsFor = (
  rule: Pick<ValuationRule, 'method' | 'rateCents' | 'capCents'>,
  input: Omit<ValuationInput, 'ruleId'>,
): number | null => {
  switch (rule.method) {
    case 'hours':
      // Hours may be fractional (1.5 h): round once, at the end, to whole cents.
      return input.hours === undefined ? null : Math.round(input.hours * (input.people ?? 1) * rule.rateCents)
    case 'stated':
      if (input.statedCents === undefined) return null
      return rule.capCents === null ? input.statedCents : Math.min(input.statedCents, rule.capCents)
    case 'fixed':
      return rule.rateCents
  }
}
