import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { computeProposals, eventWords } from '../../shared/domain/event-matching'
import { buildEventReport } from '../../shared/domain/event-report'
import type { BeursEvent, EventDeal, EventItem, Participant } from '../../shared/schemas/event'
import type { Match } from '../../shared/schemas/match'
import { defaultValuationRules } from '../../shared/schemas/valuation'
import type { ParticipantType } from '../../shared/schemas/vocabulary'

const at = '2026-11-24T09:00:00.000Z'
const event: BeursEvent = {
  id: 'event00001',
  communityId: 'lindeveen',
  name: 'Beursvloer',
  date: '2026-11-24',
  place: 'Dorpshuis',
  floorStart: '09:00',
  floorEnd: '11:00',
  corners: ['menskracht', 'kennis', 'materiaal'].map((id) => ({ id, name: { nl: id, en: id }, hoekmannen: [] })),
  valuationRules: defaultValuationRules,
  status: 'live',
  createdBy: 'jeroen',
  createdAt: at,
  updatedAt: at,
  version: 1,
}
const participant = (
  n: number,
  type: ParticipantType = 'vrijwilligersorganisatie',
  checkedIn = false,
): Participant => ({
  id: `participant${n}`,
  eventId: event.id,
  memberId: `org-${n}`,
  name: `Organisatie ${n}`,
  type,
  contactName: '',
  showName: true,
  checkInCode: 'AAAAAA',
  checkedInAt: checkedIn ? at : null,
  source: 'staff',
  registeredBy: 'jeroen',
  registeredAt: at,
  version: 1,
})
let ids = 0
const item = (
  owner: number,
  kind: 'need' | 'offer',
  cornerId: string,
  title: string,
  quantity = 1,
  matched = 0,
): EventItem => ({
  id: `item${String(ids++).padStart(5, '0')}`,
  eventId: event.id,
  participantId: `participant${owner}`,
  kind,
  cornerId,
  title,
  description: '',
  quantity,
  matched,
  wantsInReturn: '',
  createdAt: new Date(Date.parse(at) + ids * 1000).toISOString(),
})
const now = new Date(at)

describe('event proposals', () => {
  it('reads words without stop words and with simple plurals cut', () => {
    expect([...eventWords('Wij zoeken vrijwilligers voor de Voedselbank')]).toEqual(['vrijwilliger', 'voedselbank'])
  })

  it('beats first come, first served where the first need takes the offer another needs more', () => {
    const participants = [participant(1), participant(2), participant(3), participant(4)]
    const items = [
      // Registered first: fits both offers, the first a little better.
      item(1, 'need', 'menskracht', 'Verven en sjouwen'),
      // Registered second: only the first offer fits.
      item(2, 'need', 'menskracht', 'Verven en schuren'),
      item(3, 'offer', 'menskracht', 'Verven, sjouwen en schuren'),
      item(4, 'offer', 'menskracht', 'Sjouwen'),
    ]
    const result = computeProposals({ event, participants, items, now })
    // Greedy: the first need takes the first offer (40 + 5 waiting), the second gets "Sjouwen" (10).
    expect(result.greedy).toEqual({ pairs: 2, score: 55 })
    // Optimal: the first need takes "Sjouwen" (25 + 5), the second the first offer (40).
    expect(result.optimal).toEqual({ pairs: 2, score: 70 })
    expect(result.proposals.map((p) => [p.needId, p.offerId])).toContainEqual([items[1]?.id, items[2]?.id])
    for (const p of result.proposals) expect(p.score).toBe(p.reasons.reduce((s, r) => s + r.points, 0))
  })

  it('never pairs across corners, within one participant, or beyond what is left of an offer', () => {
    const participantsOf = fc.integer({ min: 1, max: 5 })
    const itemArb = fc.record({
      owner: participantsOf,
      kind: fc.constantFrom('need' as const, 'offer' as const),
      corner: fc.constantFrom('menskracht', 'kennis'),
      title: fc.constantFrom('verven', 'sjouwen', 'koken', 'website maken'),
      quantity: fc.integer({ min: 1, max: 3 }),
      matched: fc.integer({ min: 0, max: 3 }),
    })
    fc.assert(
      fc.property(fc.array(itemArb, { maxLength: 16 }), (specs) => {
        const participants = [1, 2, 3, 4, 5].map((n) => participant(n, n % 2 ? 'bedrijf' : 'school', n > 3))
        const items = specs.map((s) =>
          item(s.owner, s.kind, s.corner, s.title, s.quantity, Math.min(s.matched, s.quantity)),
        )
        const result = computeProposals({ event, participants, items, now })
        const byId = new Map(items.map((i) => [i.id, i]))
        const used = new Map<string, number>()
        const needsUsed = new Set<string>()
        for (const p of result.proposals) {
          const need = byId.get(p.needId) as EventItem
          const offer = byId.get(p.offerId) as EventItem
          expect(need.kind).toBe('need')
          expect(offer.kind).toBe('offer')
          expect(need.cornerId).toBe(offer.cornerId)
          expect(need.participantId).not.toBe(offer.participantId)
          expect(need.matched).toBeLessThan(need.quantity)
          expect(needsUsed.has(need.id)).toBe(false)
          needsUsed.add(need.id)
          used.set(offer.id, (used.get(offer.id) ?? 0) + 1)
        }
        for (const [offerId, n] of used) {
          const offer = byId.get(offerId) as EventItem
          expect(n).toBeLessThanOrEqual(offer.quantity - offer.matched)
        }
        expect(result.greedy.score).toBeLessThanOrEqual(result.optimal.score)
      }),
      { numRuns: 200 },
    )
  })

  it('keeps to one corner when asked', () => {
    const participants = [participant(1), participant(2)]
    const items = [
      item(1, 'need', 'menskracht', 'verven'),
      item(2, 'offer', 'menskracht', 'verven'),
      item(1, 'need', 'kennis', 'boekhouding'),
      item(2, 'offer', 'kennis', 'boekhouding'),
    ]
    const result = computeProposals({ event, participants, items, corner: 'kennis', now })
    expect(result.proposals.map((p) => p.cornerId)).toEqual(['kennis'])
    expect(result.needsOpen).toBe(1)
  })
})

describe('the event report', () => {
  const valuation = (cents: number, ruleId = 'standaard') => ({
    ruleId,
    ruleName: { nl: ruleId, en: ruleId },
    method: 'fixed' as const,
    source: '',
    rateCents: cents,
    capCents: null,
    hours: null,
    people: null,
    statedCents: null,
    cents,
  })
  const match = (
    n: number,
    status: Match['status'],
    cornerId: string,
    offerCents: number,
    backCents: number | null,
  ): Match => {
    const deal: EventDeal = {
      eventId: event.id,
      cornerId,
      need: {
        participantId: 'participant1',
        itemId: `need${n}`,
        name: 'A',
        type: 'school',
        showName: true,
        title: 'x',
      },
      offer: {
        participantId: 'participant2',
        itemId: `offer${n}`,
        name: 'B',
        type: 'bedrijf',
        showName: false,
        title: 'y',
      },
      offerGives: { what: 'y', valuation: valuation(offerCents, 'menskracht-uur') },
      needGives: backCents === null ? null : { what: 'x', valuation: valuation(backCents) },
      twoWay: backCents !== null,
      totalCents: offerCents + (backCents ?? 0),
      when: 'maart',
      recordedBy: 'samira',
      recordedAt: new Date(Date.parse(at) + n * 60_000).toISOString(),
    }
    return {
      id: `need${n}_offer${n}xxxxxxxx`,
      communityId: 'lindeveen',
      requestId: `need${n}xxxxx`,
      offerId: `offer${n}xxxx`,
      requestMemberId: 'org-1',
      offerMemberId: 'org-2',
      origin: 'event',
      status,
      interest: { request: null, offer: null },
      score: 0,
      agreement: null,
      outcome: null,
      event: deal,
      history: [],
      acceptedAt: at,
      endedAt: null,
      createdAt: at,
      updatedAt: at,
      version: 1,
    }
  }

  it('adds up matches, euros per corner and per rule, two-way share and the carried-out rate', () => {
    const matches = [
      match(1, 'carried-out', 'menskracht', 10_000, 5_000),
      match(2, 'partly', 'menskracht', 20_000, null),
      match(3, 'not-carried-out', 'kennis', 30_000, null),
      match(4, 'accepted', 'kennis', 40_000, 2_500),
      match(5, 'cancelled', 'kennis', 99_900, null),
    ]
    const participants = [participant(1, 'school', true), participant(2, 'bedrijf'), participant(3, 'bedrijf', true)]
    const report = buildEventReport({ event, participants, items: [], matches, now })
    expect(report.matches).toBe(4)
    expect(report.cents).toBe(10_000 + 5_000 + 20_000 + 30_000 + 40_000 + 2_500)
    expect(report.twoWay).toBe(2)
    expect(report.twoWayShare).toBe(0.5)
    expect(report.byCorner.find((c) => c.cornerId === 'menskracht')).toMatchObject({
      matches: 2,
      cents: 35_000,
      twoWay: 1,
    })
    expect(report.byCorner.find((c) => c.cornerId === 'kennis')).toMatchObject({ matches: 2, cents: 72_500, twoWay: 1 })
    expect(report.byRule.reduce((sum, r) => sum + r.cents, 0)).toBe(report.cents)
    expect(report.byRule.find((r) => r.ruleId === 'standaard')).toMatchObject({ gives: 2, cents: 7_500 })
    expect(report.followUp).toMatchObject({
      answered: 3,
      carriedOut: 1,
      partly: 1,
      notCarriedOut: 1,
      running: 1,
      cancelled: 1,
    })
    expect(report.followUp.carriedOutRate).toBeCloseTo(2 / 3)
    expect(report.participants.byType).toEqual([
      { type: 'bedrijf', registered: 2, checkedIn: 1 },
      { type: 'school', registered: 1, checkedIn: 1 },
    ])
    expect(report.matchList.map((m) => m.matchId)[0]).toBe(matches[4]?.id)
  })

  it('has no carried-out rate before any answer', () => {
    const report = buildEventReport({ event, participants: [], items: [], matches: [], now })
    expect(report.followUp.carriedOutRate).toBeNull()
    expect(report.twoWayShare).toBe(0)
  })
})
