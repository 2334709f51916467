/**
 * Social value (maatschappelijke waarde) in euros, made transparent: a community (or one event)
 * keeps a list of valuation rules, and every valued give stores the rule it used and the inputs
 * it was given, so every euro on a screen or in a report can be traced back to both.
 * The arithmetic lives in shared/domain/valuation.ts.
 */
import * as z from 'zod'
import { localizedTextSchema, slugSchema } from './common'
import { valuationMethods } from './vocabulary'

export const valuationMethodSchema = z.enum(valuationMethods)

/** Amounts are whole euro cents, so sums are exact. */
export const centsSchema = z.int().min(0).max(100_000_000)

export const valuationRuleSchema = z
  .strictObject({
    id: slugSchema,
    name: localizedTextSchema,
    method: valuationMethodSchema,
    /** The corner (resource type) the rule is meant for; null: any corner. */
    resourceType: slugSchema.nullable(),
    /** `hours`: the rate per hour per person; `fixed`: the amount per give; `stated`: unused (0). */
    rateCents: centsSchema,
    /** `stated`: the highest value that counts; null: no cap. */
    capCents: centsSchema.nullable(),
    /** Where the figure comes from (e.g. "CBS-waarde vrijwilligersuur 2025"), shown next to every euro. */
    source: z.string().trim().max(200),
  })
  .meta({ id: 'ValuationRule', description: 'How a give is turned into euros of social value' })

export const valuationRulesSchema = z
  .array(valuationRuleSchema)
  .max(30)
  .refine((rules) => new Set(rules.map((r) => r.id)).size === rules.length, { message: 'duplicate_rule' })

/** What the person recording a give enters; which fields count depends on the rule's method. */
export const valuationInputSchema = z
  .strictObject({
    ruleId: slugSchema,
    /** `hours`: hours per person (in total, over the whole agreement). */
    hours: z.number().min(0).max(10_000).optional(),
    /** `hours`: how many people give those hours (default 1). */
    people: z.int().min(1).max(500).optional(),
    /** `stated`: the value the parties state, in cents. */
    statedCents: centsSchema.optional(),
  })
  .meta({ id: 'ValuationInput' })

/** A valued give: the rule as it was when it was applied, the inputs, and the result. */
export const valuationSchema = z
  .strictObject({
    ruleId: slugSchema,
    ruleName: localizedTextSchema,
    method: valuationMethodSchema,
    source: z.string(),
    rateCents: centsSchema,
    capCents: centsSchema.nullable(),
    hours: z.number().nullable(),
    people: z.int().nullable(),
    statedCents: centsSchema.nullable(),
    cents: centsSchema,
  })
  .meta({ id: 'Valuation', description: 'Euros with the rule and the inputs that produced them' })

export type ValuationRule = z.infer<typeof valuationRuleSchema>
export type ValuationInput = z.infer<typeof valuationInputSchema>
export type Valuation = z.infer<typeof valuationSchema>

const rule = (
  id: string,
  nl: string,
  en: string,
  method: ValuationRule['method'],
  resourceType: string | null,
  rateCents: number,
): ValuationRule => ({
  id,
  name: { nl, en },
  method,
  resourceType,
  rateCents,
  capCents: null,
  source: 'Voorbeeldwaarde van Buurtbeurs: pas aan naar de afspraken in uw gemeente',
})

/** A community starts with these (example figures a coordinator changes); an event copies the community's. */
export const defaultValuationRules: ValuationRule[] = [
  rule('menskracht-uur', 'Menskracht per uur', 'Manpower per hour', 'hours', 'menskracht', 2_500),
  rule('kennis-uur', 'Kennis per uur', 'Knowledge per hour', 'hours', 'kennis', 5_000),
  rule('creativiteit-uur', 'Creativiteit per uur', 'Creativity per hour', 'hours', 'creativiteit', 4_000),
  rule('faciliteiten-uur', 'Ruimte of faciliteit per uur', 'Room or facility per hour', 'hours', 'faciliteiten', 3_000),
  rule('materiaal-waarde', 'Materiaal: opgegeven waarde', 'Materials: stated value', 'stated', 'materiaal', 0),
  rule('netwerk-vast', 'Toegang tot netwerk: vast bedrag', 'Network access: fixed amount', 'fixed', 'netwerk', 25_000),
  rule('standaard', 'Standaard per match', 'Default per match', 'fixed', null, 10_000),
]
