/**
 * Valuation: every give turned into euros by one rule, with the rule and inputs kept, so each
 * euro can be traced. Examples per method, the refusals, and properties (never negative, the
 * deal's total is the sum of its gives).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DomainError } from '../../shared/domain/errors'
import { floorMatch } from '../../shared/domain/event'
import { defaultRuleFor, maxCents, valueGive } from '../../shared/domain/valuation'
import type { EventItem, Participant } from '../../shared/schemas/event'
import { matchSchema } from '../../shared/schemas/match'
import {
  defaultValuationRules,
  type ValuationInput,
  type ValuationRule,
  valuationSchema,
} from '../../shared/schemas/valuation'

const rule = (overrides: Partial<ValuationRule>): ValuationRule => ({
  id: 'regel',
  name: { nl: 'Regel', en: 'Rule' },
  method: 'hours',
  resourceType: null,
  rateCents: 2_500,
  capCents: null,
  source: 'Test',
  ...overrides,
})

const refusal = (run: () => unknown) => {
  try {
    run()
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, details: error.details }
    throw error
  }
  return 'no error'
}

describe('valueGive', () => {
  it('values hours as hours × people × the rate, rounded to whole cents, and keeps rule and inputs', () => {
    const rules = [rule({ id: 'uur', rateCents: 2_500, source: 'CBS 2025' })]
    const valuation = valueGive(rules, { ruleId: 'uur', hours: 1.5, people: 3 }, 'offerGives.valuation')
    expect(valuation).toEqual({
      ruleId: 'uur',
      ruleName: { nl: 'Regel', en: 'Rule' },
      method: 'hours',
      source: 'CBS 2025',
      rateCents: 2_500,
      capCents: null,
      hours: 1.5,
      people: 3,
      statedCents: null,
      cents: 11_250,
    })
    expect(valuationSchema.parse(valuation)).toEqual(valuation)
    // One person when nobody said how many; a third of an hour rounds to the nearest cent.
    expect(valueGive(rules, { ruleId: 'uur', hours: 2 }, 'x')).toMatchObject({ people: 1, cents: 5_000 })
    expect(valueGive([rule({ rateCents: 1_000 })], { ruleId: 'regel', hours: 1 / 3 }, 'x').cents).toBe(333)
  })

  it('values a stated amount up to the cap, and keeps what was stated', () => {
    const capped = [rule({ method: 'stated', rateCents: 0, capCents: 50_000 })]
    expect(valueGive(capped, { ruleId: 'regel', statedCents: 80_000 }, 'x')).toMatchObject({
      statedCents: 80_000,
      cents: 50_000,
      hours: null,
      people: null,
    })
    expect(valueGive(capped, { ruleId: 'regel', statedCents: 12_345 }, 'x').cents).toBe(12_345)
    const open = [rule({ method: 'stated', rateCents: 0, capCents: null })]
    expect(valueGive(open, { ruleId: 'regel', statedCents: 80_000 }, 'x').cents).toBe(80_000)
  })

  it('values a fixed rule at its rate, whatever else was entered', () => {
    const rules = [rule({ method: 'fixed', rateCents: 25_000 })]
    expect(valueGive(rules, { ruleId: 'regel', hours: 40, statedCents: 1 }, 'x')).toMatchObject({
      cents: 25_000,
      hours: null,
      statedCents: null,
    })
  })

  it('refuses an unknown rule and a missing input, at the given path', () => {
    expect(refusal(() => valueGive(defaultValuationRules, { ruleId: 'bestaat-niet' }, 'offerGives.valuation'))).toEqual(
      {
        code: 'VALIDATION_FAILED',
        details: [{ path: 'offerGives.valuation.ruleId', code: 'unknown_rule', message: '' }],
      },
    )
    expect(refusal(() => valueGive(defaultValuationRules, { ruleId: 'kennis-uur' }, 'needGives.valuation'))).toEqual({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'needGives.valuation.hours', code: 'required', message: '' }],
    })
    expect(refusal(() => valueGive(defaultValuationRules, { ruleId: 'materiaal-waarde', hours: 3 }, 'v'))).toEqual({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'v.statedCents', code: 'required', message: '' }],
    })
  })

  it('refuses an amount above what a valuation may hold', () => {
    const rules = [rule({ rateCents: 100_000_000 })]
    expect(refusal(() => valueGive(rules, { ruleId: 'regel', hours: 10_000, people: 500 }, 'v'))).toEqual({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'v', code: 'too_high', message: '' }],
    })
  })
})

describe('defaultRuleFor', () => {
  it('proposes the corner’s own rule, else the rule for any corner, else none', () => {
    expect(defaultRuleFor(defaultValuationRules, 'kennis')?.id).toBe('kennis-uur')
    expect(defaultRuleFor(defaultValuationRules, 'eigen-hoek')?.id).toBe('standaard')
    expect(defaultRuleFor([rule({ resourceType: 'kennis' })], 'netwerk')).toBeUndefined()
    // The first one wins when a corner has two.
    const two = [rule({ id: 'a', resourceType: 'kennis' }), rule({ id: 'b', resourceType: 'kennis' })]
    expect(defaultRuleFor(two, 'kennis')?.id).toBe('a')
  })
})

// --- properties -----------------------------------------------------------------------------------

const ruleArb: fc.Arbitrary<ValuationRule> = fc.record({
  id: fc.constantFrom('r1', 'r2', 'r3'),
  name: fc.constant({ nl: 'Regel', en: 'Rule' }),
  method: fc.constantFrom('hours', 'stated', 'fixed'),
  resourceType: fc.constantFrom(null, 'kennis'),
  rateCents: fc.integer({ min: 0, max: 20_000 }),
  capCents: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }),
  source: fc.constant('Test'),
})
/** Inputs whose value fits a valuation, also twice over (hours × people × rate ≤ 40 million cents). */
const inputArb = (ruleId: string): fc.Arbitrary<ValuationInput> =>
  fc.record({
    ruleId: fc.constant(ruleId),
    hours: fc.double({ min: 0, max: 100, noNaN: true }),
    people: fc.integer({ min: 1, max: 20 }),
    statedCents: fc.integer({ min: 0, max: 5_000_000 }),
  })

const participant = (id: string, memberId: string): Participant => ({
  id,
  eventId: 'ev-00000001',
  memberId,
  name: id,
  type: 'bedrijf',
  contactName: '',
  showName: true,
  checkInCode: 'ABCDEF',
  checkedInAt: null,
  source: 'staff',
  registeredBy: 'samira',
  registeredAt: '2026-03-01T09:00:00.000Z',
  version: 1,
})
const item = (id: string, kind: 'need' | 'offer', participantId: string): EventItem => ({
  id,
  eventId: 'ev-00000001',
  participantId,
  kind,
  cornerId: 'kennis',
  title: `Titel ${id}`,
  description: '',
  quantity: 1,
  matched: 0,
  wantsInReturn: '',
  createdAt: '2026-03-01T09:00:00.000Z',
})

describe('valuation properties', () => {
  it('refuses an hours give exactly when its value would not fit a valuation', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 10_000, noNaN: true }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 0, max: 100_000_000 }),
        (hours, people, rateCents) => {
          const rules = [rule({ rateCents })]
          const fits = Math.round(hours * people * rateCents) <= maxCents
          const outcome = refusal(() => valueGive(rules, { ruleId: 'regel', hours, people }, 'v'))
          expect(outcome === 'no error').toBe(fits)
        },
      ),
    )
  })

  it('is never negative, never above the cap of a stated rule, and always whole cents', () => {
    fc.assert(
      fc.property(
        ruleArb.chain((r) => fc.tuple(fc.constant(r), inputArb(r.id))),
        ([r, input]) => {
          const v = valueGive([r], input, 'v')
          expect(Number.isInteger(v.cents)).toBe(true)
          expect(v.cents).toBeGreaterThanOrEqual(0)
          expect(v.cents).toBeLessThanOrEqual(maxCents)
          if (r.method === 'stated' && r.capCents !== null) expect(v.cents).toBeLessThanOrEqual(r.capCents)
          if (r.method === 'fixed') expect(v.cents).toBe(r.rateCents)
          expect(valuationSchema.safeParse(v).success).toBe(true)
        },
      ),
    )
  })

  it('makes a floor match whose total is the sum of its gives, two-way exactly when the need gives back', () => {
    fc.assert(
      fc.property(
        ruleArb.chain((r) => fc.tuple(fc.constant(r), inputArb(r.id), fc.option(inputArb(r.id), { nil: null }))),
        ([r, offerInput, needInput]) => {
          const offerGives = { what: 'Twee uur advies', valuation: valueGive([r], offerInput, 'offerGives.valuation') }
          const needGives = needInput && {
            what: 'Een lunch voor het team',
            valuation: valueGive([r], needInput, 'needGives.valuation'),
          }
          const match = floorMatch({
            communityId: 'lindeveen',
            eventId: 'ev-00000001',
            cornerId: 'kennis',
            need: {
              participant: participant('pa-need-1', 'm-need'),
              item: item('it-need-1', 'need', 'pa-need-1'),
              typed: false,
            },
            offer: {
              participant: participant('pa-offer-1', 'm-offer'),
              item: item('it-offer-1', 'offer', 'pa-offer-1'),
              typed: false,
            },
            offerGives,
            needGives,
            when: 'in april',
            recordedBy: 'samira',
            viaBroker: true,
            now: new Date('2026-03-14T10:00:00.000Z'),
          })
          expect(match.event.totalCents).toBe(offerGives.valuation.cents + (needGives?.valuation.cents ?? 0))
          expect(match.event.twoWay).toBe(needGives !== null)
          expect(matchSchema.safeParse(match).success).toBe(true)
        },
      ),
    )
  })
})
