import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CheckInCodeTaken, createEventStore } from '../../shared/db/event-store'
import { createMatchStore } from '../../shared/db/match-store'
import { DomainError } from '../../shared/domain/errors'
import type { BeursEvent, EventItem, Participant } from '../../shared/schemas/event'
import type { Match } from '../../shared/schemas/match'
import { defaultValuationRules } from '../../shared/schemas/valuation'
import { createTestTable, testDocumentClient } from '../support/dynamodb'

/**
 * The event store against DynamoDB Local: registration, check-in, and above all the floor-match
 * transaction under concurrency: however many hoekmannen record at once, no offer is matched
 * beyond its quantity and the tally is exactly the sum of the listed matches.
 */
const c = 'lindeveen'
let db: ReturnType<typeof testDocumentClient>
let events: ReturnType<typeof createEventStore>
let matches: ReturnType<typeof createMatchStore>
const at = '2026-11-24T09:00:00.000Z'

beforeAll(async () => {
  const { endpoint, tableName } = await createTestTable()
  db = testDocumentClient(endpoint)
  events = createEventStore(db, tableName)
  matches = createMatchStore(db, tableName)
}, 60_000)

afterAll(() => db?.destroy())

const event = (id: string): BeursEvent => ({
  id,
  communityId: c,
  name: 'Beursvloer Lindeveen',
  date: '2026-11-24',
  place: 'Dorpshuis',
  floorStart: '09:00',
  floorEnd: '11:00',
  corners: [
    { id: 'menskracht', name: { nl: 'Menskracht', en: 'Manpower' }, hoekmannen: [] },
    { id: 'kennis', name: { nl: 'Kennis', en: 'Knowledge' }, hoekmannen: [] },
  ],
  valuationRules: defaultValuationRules,
  status: 'live',
  createdBy: 'jeroen',
  createdAt: at,
  updatedAt: at,
  version: 1,
})

/** A distinct code per participant number: n written in the check-in alphabet. */
const checkInCode = (n: number) => {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
  let code = ''
  for (let i = 0, rest = n; i < 6; i++, rest = Math.floor(rest / 32)) code += alphabet[rest % 32]
  return code
}

const participant = (eventId: string, n: number): Participant => ({
  id: `participant${String(n).padStart(4, '0')}`,
  eventId,
  memberId: `org-${n}`,
  name: `Organisatie ${n}`,
  type: 'vrijwilligersorganisatie',
  contactName: '',
  showName: n % 2 === 0,
  checkInCode: checkInCode(n),
  checkedInAt: null,
  source: 'staff',
  registeredBy: 'jeroen',
  registeredAt: at,
  version: 1,
})

const item = (eventId: string, owner: Participant, kind: 'need' | 'offer', n: number, quantity = 1): EventItem => ({
  id: `${kind}item${String(n).padStart(4, '0')}`,
  eventId,
  participantId: owner.id,
  kind,
  cornerId: 'menskracht',
  title: `${kind} ${n}`,
  description: '',
  quantity,
  matched: 0,
  wantsInReturn: '',
  createdAt: at,
})

const floorMatch = (
  e: BeursEvent,
  need: EventItem,
  offer: EventItem,
  owners: Map<string, Participant>,
  cents = 5000,
  needGivesCents: number | null = null,
): Match => {
  const needOwner = owners.get(need.participantId) as Participant
  const offerOwner = owners.get(offer.participantId) as Participant
  const valuation = {
    ruleId: 'standaard',
    ruleName: { nl: 'Standaard', en: 'Default' },
    method: 'fixed' as const,
    source: 'test',
    rateCents: cents,
    capCents: null,
    hours: null,
    people: null,
    statedCents: null,
    cents,
  }
  const valued = (amount: number) => ({ ...valuation, rateCents: amount, cents: amount })
  const party = (p: Participant, i: EventItem) => ({
    participantId: p.id,
    itemId: i.id,
    name: p.name,
    type: p.type,
    showName: p.showName,
    title: i.title,
  })
  const recordedAt = new Date(Date.parse(at) + Math.floor(Math.random() * 1e6)).toISOString()
  return {
    id: `${need.id}_${offer.id}`,
    communityId: c,
    requestId: need.id,
    offerId: offer.id,
    requestMemberId: needOwner.memberId,
    offerMemberId: offerOwner.memberId,
    origin: 'event',
    status: 'accepted',
    interest: {
      request: { at: recordedAt, by: 'samira', viaBroker: true, message: '' },
      offer: { at: recordedAt, by: 'samira', viaBroker: true, message: '' },
    },
    score: 0,
    agreement: null,
    outcome: null,
    event: {
      eventId: e.id,
      cornerId: offer.cornerId,
      need: party(needOwner, need),
      offer: party(offerOwner, offer),
      offerGives: { what: 'helpen', valuation: valued(cents) },
      needGives: needGivesCents === null ? null : { what: 'koffie', valuation: valued(needGivesCents) },
      twoWay: needGivesCents !== null,
      totalCents: cents + (needGivesCents ?? 0),
      when: 'in maart',
      recordedBy: 'samira',
      recordedAt,
    },
    history: [
      { at: recordedAt, from: null, to: 'accepted', by: 'samira', viaBroker: true, side: null, reason: 'beursvloer' },
    ],
    acceptedAt: recordedAt,
    endedAt: null,
    createdAt: recordedAt,
    updatedAt: recordedAt,
    version: 1,
  }
}

// Match ids are `<needId>_<offerId>` in the community's partition: every test uses item numbers of its own.
const refusal = async (promise: Promise<unknown>) => {
  try {
    await promise
    return 'ok'
  } catch (error) {
    if (error instanceof DomainError) return error.code
    throw error
  }
}

describe('the event store', () => {
  it('creates, reads, replaces on version and lists events newest date first', async () => {
    const first = event('eventstore0001')
    await events.create(first)
    await events.create({ ...event('eventstore0002'), date: '2027-03-01' })
    expect(await refusal(events.create(first))).toBe('EVENT_CHANGED')
    await events.replace({ ...first, name: 'Beursvloer 2026', version: 2 }, 1)
    expect(await refusal(events.replace({ ...first, version: 3 }, 1))).toBe('EVENT_CHANGED')
    expect((await events.get(c, first.id))?.name).toBe('Beursvloer 2026')
    expect((await events.list(c)).map((e) => e.id)).toEqual(['eventstore0002', 'eventstore0001'])
  })

  it('registers a participant once, adds new items on a second registration, and checks in once', async () => {
    const e = event('eventstore0003')
    await events.create(e)
    const p = participant(e.id, 1)
    expect(await events.registerParticipant(c, p, [item(e.id, p, 'need', 1)])).toEqual({ created: true })
    expect(
      await events.registerParticipant(c, { ...p, checkInCode: 'ZZZZZZ' }, [
        item(e.id, p, 'need', 1),
        item(e.id, p, 'offer', 2),
      ]),
    ).toEqual({ created: false })
    const board = await events.readBoard(c, e.id)
    expect(board.participants.map((x) => x.id)).toEqual([p.id])
    expect(board.items.map((x) => x.id).sort()).toEqual(['needitem0001', 'offeritem0002'])
    expect(await events.findByCheckInCode(c, e.id, p.checkInCode)).toBe(p.id)
    expect(await events.findByCheckInCode(c, e.id, 'ZZZZZZ')).toBeUndefined()
    expect(await events.checkIn(c, e.id, p.id, at)).toBe(true)
    expect(await events.checkIn(c, e.id, p.id, '2026-11-24T10:00:00.000Z')).toBe(false)
    expect((await events.getParticipant(c, e.id, p.id))?.checkedInAt).toBe(at)
    expect(await refusal(events.checkIn(c, e.id, 'participant9999', at))).toBe('PARTICIPANT_NOT_FOUND')
  })

  it('records 50 concurrent matches on an offer of quantity 3: exactly 3 stand, the tally is their sum', async () => {
    const e = event('eventstore0004')
    await events.create(e)
    const owners = new Map<string, Participant>()
    const giver = participant(e.id, 100)
    owners.set(giver.id, giver)
    const offer = item(e.id, giver, 'offer', 100, 3)
    await events.registerParticipant(c, giver, [offer])
    const needs: EventItem[] = []
    for (let n = 0; n < 50; n++) {
      const asker = participant(e.id, n)
      owners.set(asker.id, asker)
      const need = item(e.id, asker, 'need', n)
      needs.push(need)
      await events.registerParticipant(c, asker, [need])
    }
    const outcomes = await Promise.all(
      needs.map((need) =>
        refusal(
          events.recordMatch({
            match: floorMatch(e, need, offer, owners),
            newItems: [],
            takeItemIds: [need.id, offer.id],
          }),
        ),
      ),
    )
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(3)
    expect(outcomes.filter((o) => o === 'OFFER_FULL')).toHaveLength(47)
    const board = await events.readBoard(c, e.id)
    expect(board.items.find((i) => i.id === offer.id)?.matched).toBe(3)
    expect(board.items.filter((i) => i.kind === 'need' && i.matched === 1)).toHaveLength(3)
    const listed = await events.listMatches(c, e.id)
    expect(listed).toHaveLength(3)
    const tally = await events.readTally(c, e.id)
    expect(tally.matches).toBe(3)
    expect(tally.cents).toBe(listed.reduce((sum, m) => sum + m.deal.totalCents, 0))
    expect(tally.byCorner.menskracht).toEqual({ matches: 3, cents: 15000, twoWay: 0 })
    expect(
      await matches.getMany(
        c,
        listed.map((m) => m.matchId),
      ),
    ).toHaveLength(3)
  }, 60_000)

  it('refuses a matched need, a pair recorded twice and a missing item, changing nothing', async () => {
    const e = event('eventstore0005')
    await events.create(e)
    const owners = new Map<string, Participant>()
    const [a, b, d] = [participant(e.id, 1), participant(e.id, 2), participant(e.id, 3)]
    for (const p of [a, b, d]) owners.set(p.id, p)
    const need = item(e.id, a, 'need', 1)
    const offer = item(e.id, b, 'offer', 2, 5)
    const other = item(e.id, d, 'offer', 3, 5)
    await events.registerParticipant(c, a, [need])
    await events.registerParticipant(c, b, [offer])
    await events.registerParticipant(c, d, [other])
    const record = (o: EventItem) =>
      events.recordMatch({ match: floorMatch(e, need, o, owners), newItems: [], takeItemIds: [need.id, o.id] })
    expect(await refusal(record(offer))).toBe('ok')
    expect(await refusal(record(offer))).toBe('EVENT_MATCH_EXISTS')
    expect(await refusal(record(other))).toBe('NEED_MATCHED')
    const ghost = item(e.id, a, 'need', 9)
    expect(
      await refusal(
        events.recordMatch({
          match: floorMatch(e, ghost, other, owners),
          newItems: [],
          takeItemIds: [ghost.id, other.id],
        }),
      ),
    ).toBe('EVENT_ITEM_NOT_FOUND')
    const board = await events.readBoard(c, e.id)
    expect(board.items.find((i) => i.id === other.id)?.matched).toBe(0)
    expect((await events.readTally(c, e.id)).matches).toBe(1)
  })

  it('cancels a floor match: the units, the listing and the tally go back', async () => {
    const e = event('eventstore0006')
    await events.create(e)
    const owners = new Map<string, Participant>()
    const [a, b] = [participant(e.id, 1), participant(e.id, 2)]
    owners.set(a.id, a)
    owners.set(b.id, b)
    const need = item(e.id, a, 'need', 11)
    const offer = item(e.id, b, 'offer', 12)
    await events.registerParticipant(c, a, [need])
    await events.registerParticipant(c, b, [offer])
    const match = floorMatch(e, need, offer, owners, 7500)
    await events.recordMatch({ match, newItems: [], takeItemIds: [need.id, offer.id] })
    const cancelled: Match = { ...match, status: 'cancelled', version: 2 }
    expect(await refusal(events.cancelMatch(cancelled, 5))).toBe('MATCH_CHANGED')
    await events.cancelMatch(cancelled, 1)
    const board = await events.readBoard(c, e.id)
    expect(board.items.map((i) => i.matched)).toEqual([0, 0])
    expect((await events.listMatches(c, e.id))[0]?.status).toBe('cancelled')
    expect(await events.readTally(c, e.id)).toMatchObject({ matches: 0, cents: 0 })
  })
  it('refuses a check-in code another participant holds with CheckInCodeTaken, writing nothing', async () => {
    const e = event('eventstore0007')
    await events.create(e)
    const first = participant(e.id, 1)
    await events.registerParticipant(c, first, [])
    const second = { ...participant(e.id, 2), checkInCode: first.checkInCode }
    await expect(events.registerParticipant(c, second, [item(e.id, second, 'need', 72)])).rejects.toBeInstanceOf(
      CheckInCodeTaken,
    )
    expect(await events.getParticipant(c, e.id, second.id)).toBeUndefined()
    expect((await events.readBoard(c, e.id)).items).toEqual([])
    expect(await events.findByCheckInCode(c, e.id, first.checkInCode)).toBe(first.id)
    // With another code the same participant goes in.
    expect(await events.registerParticipant(c, { ...second, checkInCode: checkInCode(2) }, [])).toEqual({
      created: true,
    })
  })

  it('records a match with a need typed on the floor, lists it for both members, reads matches in the asked order', async () => {
    const e = event('eventstore0008')
    await events.create(e)
    const owners = new Map<string, Participant>()
    const [a, b] = [participant(e.id, 1), participant(e.id, 2)]
    owners.set(a.id, a)
    owners.set(b.id, b)
    const offer = item(e.id, b, 'offer', 82, 2)
    await events.registerParticipant(c, a, [])
    await events.registerParticipant(c, b, [offer])
    const typed = { ...item(e.id, a, 'need', 81), matched: 1 }
    const match = floorMatch(e, typed, offer, owners)
    const record = () => events.recordMatch({ match, newItems: [typed], takeItemIds: [offer.id] })
    await record()
    expect(await refusal(record())).toBe('EVENT_MATCH_EXISTS')
    const board = await events.readBoard(c, e.id)
    expect(Object.fromEntries(board.items.map((i) => [i.id, i.matched]))).toEqual({ [typed.id]: 1, [offer.id]: 1 })
    for (const memberId of [a.memberId, b.memberId]) {
      // The members took part in the other tests' events too.
      const page = await matches.listOfMember(c, memberId, { limit: 50 })
      expect(page.items.map((m) => m.id)).toContain(match.id)
    }
    const second = item(e.id, a, 'need', 83)
    await events.registerParticipant(c, a, [second])
    const other = floorMatch(e, second, offer, owners)
    await events.recordMatch({ match: other, newItems: [], takeItemIds: [second.id, offer.id] })
    const read = await matches.getMany(c, [other.id, 'nomatch_here', match.id])
    expect(read.map((m) => m.id)).toEqual([other.id, match.id])
    expect(read[1]?.event?.need.itemId).toBe(typed.id)
    expect((await events.listMatches(c, e.id, 1)).map((m) => m.matchId)).toEqual([
      [match, other].sort((x, y) => (y.event?.recordedAt ?? '').localeCompare(x.event?.recordedAt ?? ''))[0]?.id,
    ])
  })

  it('counts the tally per corner, two-way deals and both gives included', async () => {
    const e = event('eventstore0009')
    await events.create(e)
    const owners = new Map<string, Participant>()
    const [a, b] = [participant(e.id, 1), participant(e.id, 2)]
    owners.set(a.id, a)
    owners.set(b.id, b)
    const needs = [item(e.id, a, 'need', 91), { ...item(e.id, a, 'need', 92), cornerId: 'kennis' }]
    const offers = [item(e.id, b, 'offer', 93), { ...item(e.id, b, 'offer', 94), cornerId: 'kennis' }]
    await events.registerParticipant(c, a, needs)
    await events.registerParticipant(c, b, offers)
    const [n1, n2] = needs as [EventItem, EventItem]
    const [o1, o2] = offers as [EventItem, EventItem]
    await events.recordMatch({ match: floorMatch(e, n1, o1, owners, 5000), newItems: [], takeItemIds: [n1.id, o1.id] })
    await events.recordMatch({
      match: floorMatch(e, n2, o2, owners, 3000, 1200),
      newItems: [],
      takeItemIds: [n2.id, o2.id],
    })
    expect(await events.readTally(c, e.id)).toEqual({
      matches: 2,
      cents: 9200,
      twoWay: 1,
      byCorner: {
        menskracht: { matches: 1, cents: 5000, twoWay: 0 },
        kennis: { matches: 1, cents: 4200, twoWay: 1 },
      },
    })
  })
})
