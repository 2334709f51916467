/**
 * The Beursvloer rules (shared/domain/event.ts): who and when, a new event, check-in codes,
 * members made for participants, reading spreadsheet rows, floor matches and the tally.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Caller } from '../../shared/domain/caller'
import { DomainError } from '../../shared/domain/errors'
import {
  assertEventOpenFor,
  boardOf,
  cancelledFloorMatch,
  checkCornersKept,
  checkFloorSides,
  checkHoekmannen,
  checkInCodeAlphabet,
  checkInCodeFrom,
  dealCorner,
  dealLabels,
  dealSideKey,
  type eventActionStatuses,
  type FloorSide,
  floorMatch,
  isEventCoordinator,
  isEventStaff,
  isVisibleTo,
  newEvent,
  newEventItems,
  newParticipantMember,
  normalizeName,
  parseImportRow,
  readCorner,
  readParticipantType,
  readYesNo,
  tallyOf,
  topAreaId,
  typeFitsMember,
} from '../../shared/domain/event'
import { valueGive } from '../../shared/domain/valuation'
import {
  type BeursEvent,
  type EventItem,
  type EventMatchSummary,
  eventSchema,
  type ImportRow,
  importRowSchema,
  type Participant,
  participantSchema,
  type RegisterParticipantBody,
  registerParticipantBodySchema,
} from '../../shared/schemas/event'
import { matchSchema } from '../../shared/schemas/match'
import { memberContactSchema, memberDetailsSchema } from '../../shared/schemas/member'
import { eventStatuses, participantTypes } from '../../shared/schemas/vocabulary'
import { member, testCommunity } from '../support/fixtures'

const now = new Date('2026-03-14T10:00:00.000Z')

const codeOf = (run: () => unknown) => {
  try {
    run()
  } catch (error) {
    if (error instanceof DomainError) return error.code
    throw error
  }
  return 'no error'
}
const detailsOf = (run: () => unknown) => {
  try {
    run()
  } catch (error) {
    if (error instanceof DomainError) return error.details
    throw error
  }
  return undefined
}

const event = (overrides: Partial<BeursEvent> = {}): BeursEvent =>
  eventSchema.parse({
    ...newEvent({
      id: 'ev-00000001',
      community: testCommunity,
      body: {
        name: 'Beursvloer Lindeveen',
        date: '2026-03-14',
        place: 'Het Dorpshuis',
        floorStart: '16:00',
        floorEnd: '19:00',
      },
      createdBy: 'jeroen',
      now,
    }),
    status: 'live',
    ...overrides,
  })

const participant = (id: string, memberId: string, overrides: Partial<Participant> = {}): Participant => ({
  id,
  eventId: 'ev-00000001',
  memberId,
  name: `Deelnemer ${id}`,
  type: 'bedrijf',
  contactName: 'Contact',
  showName: true,
  checkInCode: 'ABCDEF',
  checkedInAt: null,
  source: 'staff',
  registeredBy: 'samira',
  registeredAt: now.toISOString(),
  version: 1,
  ...overrides,
})
const item = (id: string, kind: 'need' | 'offer', participantId: string, overrides: Partial<EventItem> = {}) =>
  ({
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
    createdAt: now.toISOString(),
    ...overrides,
  }) satisfies EventItem
const side = (p: Participant, i: EventItem, typed = false): FloorSide => ({ participant: p, item: i, typed })

describe('who and when', () => {
  const samira: Caller = { ...member('samira'), role: 'broker' }
  const jeroen: Caller = { ...member('jeroen'), role: 'coordinator' }
  const anna: Caller = member('anna')

  it('counts brokers and coordinators as staff only when they act as themselves', () => {
    expect([samira, jeroen, anna].map(isEventStaff)).toEqual([true, true, false])
    expect(isEventStaff({ ...member('henk'), actedBy: samira })).toBe(false)
    expect([samira, jeroen, anna].map(isEventCoordinator)).toEqual([false, true, false])
  })

  it('hides a draft from everyone but staff', () => {
    for (const status of eventStatuses) {
      const e = { status }
      expect(isVisibleTo(e, null)).toBe(status !== 'draft')
      expect(isVisibleTo(e, anna)).toBe(status !== 'draft')
      expect(isVisibleTo(e, samira)).toBe(true)
    }
  })

  it('opens each action in the documented statuses, refusing the others with EVENT_NOT_OPEN', () => {
    const table = {
      register: { member: 'open live', staff: 'draft open live closed' },
      'check-in': { member: '', staff: 'open live closed' },
      record: { member: 'live', staff: 'live closed' },
      cancel: { member: '', staff: 'draft open live closed' },
    }
    for (const [action, allowed] of Object.entries(table)) {
      for (const status of eventStatuses) {
        for (const who of ['member', 'staff'] as const) {
          const expected = allowed[who].split(' ').includes(status) ? 'no error' : 'EVENT_NOT_OPEN'
          const outcome = codeOf(() =>
            assertEventOpenFor({ status }, action as keyof typeof eventActionStatuses, who === 'staff'),
          )
          expect(`${action} ${status} ${who}: ${outcome}`).toBe(`${action} ${status} ${who}: ${expected}`)
        }
      }
    }
  })

  it('lets a resident take part as a volunteer and an organisation as any organisation type', () => {
    expect(participantTypes.filter((t) => typeFitsMember('resident', t))).toEqual(['vrijwilliger'])
    expect(participantTypes.filter((t) => typeFitsMember('organisation', t))).not.toContain('vrijwilliger')
    expect(participantTypes.filter((t) => typeFitsMember('organisation', t))).toHaveLength(participantTypes.length - 1)
  })
})

describe('a new event', () => {
  it('starts as a draft with the community’s resource types as corners and a copy of its rules', () => {
    const e = newEvent({
      id: 'ev-00000002',
      community: testCommunity,
      body: { name: 'Beurs', date: '2026-03-14', place: 'Dorpshuis', floorStart: '16:00', floorEnd: '19:00' },
      createdBy: 'jeroen',
      now,
    })
    expect(eventSchema.parse(e)).toEqual(e)
    expect(e).toMatchObject({ status: 'draft', version: 1, createdBy: 'jeroen', createdAt: now.toISOString() })
    expect(e.corners.map((c) => c.id)).toEqual(testCommunity.resourceTypes.map((r) => r.id))
    expect(e.corners.every((c) => c.hoekmannen.length === 0)).toBe(true)
    expect(e.valuationRules).toEqual(testCommunity.valuationRules)
    // A copy: changing the event's rules later does not change the community's.
    expect(e.valuationRules).not.toBe(testCommunity.valuationRules)
  })

  it('needs a corner and a rule when the community has none', () => {
    const bare = { ...testCommunity, resourceTypes: [], valuationRules: [] }
    expect(
      detailsOf(() =>
        newEvent({
          id: 'ev-00000003',
          community: bare,
          body: { name: 'Beurs', date: '2026-03-14', place: 'Dorpshuis', floorStart: '16:00', floorEnd: '19:00' },
          createdBy: 'jeroen',
          now,
        }),
      )?.map((d) => `${d.path} ${d.code}`),
    ).toEqual(['corners required', 'valuationRules required'])
  })

  it('accepts only staff as hoekmannen, and keeps corners that still have items', () => {
    const corners = [
      { id: 'kennis', name: { nl: 'Kennis', en: 'Knowledge' }, hoekmannen: ['samira', 'anna'] },
      { id: 'netwerk', name: { nl: 'Netwerk', en: 'Network' }, hoekmannen: ['jeroen'] },
    ]
    const staff = new Set(['samira', 'jeroen'])
    expect(checkHoekmannen(corners, (id) => staff.has(id))).toEqual([
      { path: 'corners.0.hoekmannen.1', code: 'not_staff', message: '' },
    ])
    expect(checkCornersKept(corners, [{ cornerId: 'kennis' }, { cornerId: 'netwerk' }])).toEqual([])
    expect(checkCornersKept(corners, [{ cornerId: 'materiaal' }])).toEqual([
      { path: 'corners', code: 'corner_in_use', message: '' },
    ])
  })
})

describe('participants', () => {
  it('makes six-character check-in codes from the unambiguous alphabet, every character equally likely', () => {
    expect(checkInCodeAlphabet).toHaveLength(32)
    expect(checkInCodeAlphabet).not.toMatch(/[01IO]/)
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 6, maxLength: 6 }), (bytes) => {
        expect(participantSchema.shape.checkInCode.safeParse(checkInCodeFrom(bytes)).success).toBe(true)
      }),
    )
    // Each character is hit by exactly 8 of the 256 byte values.
    const counts = new Map<string, number>()
    for (let b = 0; b < 256; b++) {
      const c = checkInCodeFrom([b, 0, 0, 0, 0, 0])[0] ?? ''
      counts.set(c, (counts.get(c) ?? 0) + 1)
    }
    expect([...counts.values()]).toEqual(Array(32).fill(8))
    expect(() => checkInCodeFrom([1, 2, 3])).toThrow()
  })

  it('normalises names: accents, case, punctuation and spaces do not count', () => {
    expect(normalizeName('  Café  De Zwaan, B.V. ')).toBe('cafe de zwaan b v')
    expect(normalizeName('CAFÉ de zwaan b.v.')).toBe(normalizeName('Cafe De Zwaan B V'))
    expect(dealSideKey({ participantId: 'p1', title: 'Ládders!' })).toBe(
      dealSideKey({ participantId: 'p1', title: 'ladders' }),
    )
    expect(dealSideKey({ itemId: 'abc' })).toBe('item:abc')
  })

  it('makes an organisation account, or a resident for a volunteer, with consent and the right channel', () => {
    const base: Pick<RegisterParticipantBody, 'name' | 'type' | 'contactName' | 'email' | 'phone'> = {
      name: 'Bakkerij Bol',
      type: 'bedrijf',
      contactName: 'Els Bol',
      email: null,
      phone: null,
    }
    const made = (body: Partial<typeof base>, method: 'online' | 'paper') =>
      newParticipantMember({
        id: 'm-test',
        communityId: 'lindeveen',
        areaId: topAreaId(testCommunity),
        body: { ...base, ...body },
        consentMethod: method,
        recordedBy: 'samira',
        now,
      })
    const org = made({ email: 'info@bol.nl' }, 'online')
    expect(memberDetailsSchema.parse(org.member)).toEqual(org.member)
    expect(memberContactSchema.parse(org.contact)).toEqual(org.contact)
    expect(org.member).toMatchObject({
      kind: 'organisation',
      role: 'organisation',
      displayName: 'Bakkerij Bol',
      areaId: 'lindeveen',
      managedByBroker: false,
      contactPreference: 'email',
      consents: [{ method: 'online', covers: ['matches', 'contact'], recordedBy: 'samira', givenOn: '2026-03-14' }],
    })
    expect(org.contact).toEqual({
      fullName: 'Els Bol',
      email: 'info@bol.nl',
      phone: null,
      address: null,
      representatives: [],
    })
    const volunteer = made({ type: 'vrijwilliger', name: 'Kees', contactName: '', phone: '06 12345678' }, 'paper')
    expect(volunteer.member).toMatchObject({ kind: 'resident', role: 'resident', contactPreference: 'sms' })
    expect(volunteer.member.consents[0]?.method).toBe('paper')
    expect(volunteer.contact.fullName).toBe('Kees')
    const unreachable = made({}, 'paper')
    expect(unreachable.member).toMatchObject({ managedByBroker: true, contactPreference: 'none' })
  })

  it('refuses items in a corner the event does not have', () => {
    const e = event()
    const body = { kind: 'need' as const, title: 'Een ladder', description: '', quantity: 1, wantsInReturn: '' }
    expect(
      detailsOf(() =>
        newEventItems({
          event: e,
          participantId: 'pa-1',
          bodies: [
            { ...body, cornerId: 'materiaal' },
            { ...body, cornerId: 'ruimtevaart' },
          ],
          ids: ['it-00000001', 'it-00000002'],
          now,
        }),
      ),
    ).toEqual([{ path: 'items.1.cornerId', code: 'unknown_corner', message: '' }])
    const [made] = newEventItems({
      event: e,
      participantId: 'pa-1',
      bodies: [{ ...body, cornerId: 'materiaal' }],
      ids: ['it-00000001'],
      now,
    })
    expect(made).toMatchObject({ id: 'it-00000001', participantId: 'pa-1', matched: 0, eventId: e.id })
  })

  it('shows the board without check-in codes', () => {
    const board = boardOf(event(), [participant('pa-00000001', 'm-a')], [])
    expect(board.participants[0]).not.toHaveProperty('checkInCode')
    expect(board.participants[0]).toMatchObject({ id: 'pa-00000001', memberId: 'm-a' })
  })
})

describe('reading spreadsheet rows', () => {
  const row = (cells: Partial<ImportRow>): ImportRow => importRowSchema.parse({ row: 7, ...cells })
  const e = event()

  it('reads types and corners by id or Dutch or English name, in any case and with accents', () => {
    expect(readParticipantType('Bedrijf')).toBe('bedrijf')
    expect(readParticipantType('  BEDRIJVEN ')).toBe('bedrijf')
    expect(readParticipantType('Company')).toBe('bedrijf')
    expect(readParticipantType('maatschappelijke-organisatie')).toBe('maatschappelijke-organisatie')
    expect(readParticipantType('Maatschappelijke organisatie')).toBe('maatschappelijke-organisatie')
    expect(readParticipantType('Service club')).toBe('serviceclub')
    expect(readParticipantType('Volunteer')).toBe('vrijwilliger')
    expect(readParticipantType('ruimtevaart')).toBeUndefined()
    expect(readCorner(e, 'Kennis')).toBe('kennis')
    expect(readCorner(e, 'knowledge')).toBe('kennis')
    expect(readCorner(e, 'Toegang tot netwerken')).toBe('netwerk')
    expect(readCorner(e, 'Faciliteiten')).toBe('faciliteiten')
    expect(readCorner(e, 'ruimte')).toBe('faciliteiten')
    expect(readCorner(e, 'CREATIVITÉIT')).toBe('creativiteit')
    expect(readCorner(e, 'ideeën')).toBe('creativiteit')
    expect(readCorner(e, '')).toBeUndefined()
    expect(readCorner(e, 'ruimtevaart')).toBeUndefined()
  })

  it('reads yes and no in the ways people write them', () => {
    for (const word of ['ja', 'Ja', 'JA', 'yes', 'y', '1', 'x', 'X', 'true', 'TRUE']) expect(readYesNo(word)).toBe(true)
    for (const word of ['', ' ', 'nee', 'Nee', 'no', 'n', '0', 'false', 'FALSE']) expect(readYesNo(word)).toBe(false)
    expect(readYesNo('misschien')).toBeUndefined()
  })

  it('turns a good row into a registration', () => {
    const parsed = parseImportRow(
      row({
        name: ' Bakkerij Bol ',
        type: 'Bedrijf',
        contactName: 'Els Bol',
        email: 'Info@Bol.nl',
        phone: '06 12345678',
        showName: 'ja',
        offerCorner: 'Materiaal',
        offerTitle: 'Brood voor de vrijwilligersdag',
        offerQuantity: '3',
        needCorner: 'knowledge',
        needTitle: 'Hulp met de website',
        wantsInReturn: 'Een stagiair',
      }),
      e,
    )
    expect(parsed).toEqual({
      body: {
        name: 'Bakkerij Bol',
        type: 'bedrijf',
        contactName: 'Els Bol',
        email: 'info@bol.nl',
        phone: '06 12345678',
        showName: true,
        items: [
          {
            kind: 'need',
            cornerId: 'kennis',
            title: 'Hulp met de website',
            description: '',
            quantity: 1,
            wantsInReturn: '',
          },
          {
            kind: 'offer',
            cornerId: 'materiaal',
            title: 'Brood voor de vrijwilligersdag',
            description: '',
            quantity: 3,
            wantsInReturn: 'Een stagiair',
          },
        ],
      },
    })
    if ('body' in parsed) expect(registerParticipantBodySchema.parse(parsed.body)).toEqual(parsed.body)
  })

  it('says per column what is wrong with a bad row', () => {
    const parsed = parseImportRow(
      row({
        name: 'B',
        type: 'Ruimtevaartbedrijf',
        email: 'geen-adres',
        phone: '12',
        showName: 'misschien',
        needTitle: 'Hulp',
        needCorner: 'Ruimtevaart',
        needQuantity: '0',
        offerCorner: 'Kennis',
        offerQuantity: '2,5',
      }),
      e,
    )
    expect('errors' in parsed && parsed.errors.map((x) => `${x.field} ${x.code}`)).toEqual([
      'name too_short',
      'type unknown_type',
      'email invalid_email',
      'phone invalid_phone',
      'showName invalid_yes_no',
      'needCorner unknown_corner',
      'needQuantity invalid_quantity',
      'offerTitle required',
      'offerQuantity invalid_quantity',
    ])
    expect('errors' in parsed && parsed.errors.every((x) => x.message.length > 0)).toBe(true)
  })

  it('needs a name, a type, and a need or an offer', () => {
    const parsed = parseImportRow(row({}), e)
    expect('errors' in parsed && parsed.errors.map((x) => `${x.field} ${x.code}`)).toEqual([
      'name required',
      'type required',
      'needTitle need_or_offer_required',
    ])
    const quantity = parseImportRow(
      row({
        name: 'Kees',
        type: 'vrijwilliger',
        offerTitle: 'Klussen',
        offerCorner: 'menskracht',
        offerQuantity: '100',
      }),
      e,
    )
    expect('errors' in quantity && quantity.errors.map((x) => x.code)).toEqual(['invalid_quantity'])
  })

  const cornerNames = testCommunity.resourceTypes.flatMap((r) => [r.id, r.name.nl, r.name.en.toUpperCase()])
  const typeNames = [...participantTypes, 'Bedrijf', 'School', 'Overheid', 'Vrijwilliger', 'Volunteer']
  const text = (min: number, max: number) =>
    fc.string({ minLength: min, maxLength: max }).filter((s) => s.trim().length >= min && s.trim() === s)

  it('accepts every row made of good cells, and the result is a valid registration', () => {
    fc.assert(
      fc.property(
        fc.record({
          name: text(2, 120),
          type: fc.constantFrom(...typeNames),
          showName: fc.constantFrom('', 'ja', 'nee', 'yes', 'no', '1', '0', 'x', 'true', 'false'),
          email: fc.constantFrom('', 'a@b.nl', 'Info@Bakkerij.NL'),
          phone: fc.constantFrom('', '06 12345678', '+31 6 1234 5678', '(010) 123-4567'),
          needCorner: fc.constantFrom(...cornerNames),
          needTitle: text(3, 120),
          needQuantity: fc.constantFrom('', '1', '7', '99'),
          offerCorner: fc.constantFrom(...cornerNames),
          offerTitle: fc.oneof(fc.constant(''), text(3, 120)),
        }),
        (cells) => {
          const parsed = parseImportRow(row({ ...cells, offerCorner: cells.offerTitle ? cells.offerCorner : '' }), e)
          expect(parsed).toHaveProperty('body')
          if (!('body' in parsed)) return
          expect(registerParticipantBodySchema.safeParse(parsed.body).success).toBe(true)
          expect(parsed.body.items.length).toBe(cells.offerTitle ? 2 : 1)
        },
      ),
    )
  })

  it('never throws, and either gives a valid registration or names a column for every reason', () => {
    const fields = Object.keys(importRowSchema.shape).filter((k) => k !== 'row')
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom(...fields),
          fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom(...cornerNames, ...typeNames)),
        ),
        (cells) => {
          const parsed = parseImportRow(row(cells), e)
          if ('body' in parsed) {
            expect(registerParticipantBodySchema.safeParse(parsed.body).success).toBe(true)
          } else {
            expect(parsed.errors.length).toBeGreaterThan(0)
            for (const error of parsed.errors) expect(fields).toContain(error.field)
          }
        },
      ),
    )
  })
})

describe('floor matches', () => {
  const e = event()
  const a = participant('pa-aaaaaaaa', 'm-a', { showName: true, name: 'Bakkerij Bol' })
  const b = participant('pa-bbbbbbbb', 'm-b', { showName: false, name: 'Stichting Stil' })
  const need = item('it-need-001', 'need', a.id)
  const offer = item('it-offer-01', 'offer', b.id, { cornerId: 'netwerk', quantity: 2 })
  const gives = (ruleId: string, hours?: number) => ({
    what: 'Twee uur hulp',
    valuation: valueGive(e.valuationRules, { ruleId, ...(hours !== undefined ? { hours } : {}) }, 'v'),
  })

  it('is an accepted match of origin event, with the deal, one history entry and both yeses', () => {
    const match = floorMatch({
      communityId: 'lindeveen',
      eventId: e.id,
      cornerId: 'netwerk',
      need: side(a, need),
      offer: side(b, offer),
      offerGives: gives('netwerk-vast'),
      needGives: gives('kennis-uur', 2),
      when: 'in april',
      recordedBy: 'samira',
      viaBroker: true,
      now,
    })
    expect(matchSchema.parse(match)).toEqual(match)
    expect(match).toMatchObject({
      id: 'it-need-001_it-offer-01',
      requestId: 'it-need-001',
      offerId: 'it-offer-01',
      requestMemberId: 'm-a',
      offerMemberId: 'm-b',
      origin: 'event',
      status: 'accepted',
      acceptedAt: now.toISOString(),
      history: [{ from: null, to: 'accepted', by: 'samira', viaBroker: true, side: null, reason: 'beursvloer' }],
      interest: { request: { by: 'samira', viaBroker: true }, offer: { by: 'samira', viaBroker: true } },
      event: {
        eventId: e.id,
        cornerId: 'netwerk',
        need: { participantId: a.id, itemId: need.id, name: 'Bakkerij Bol', showName: true, title: need.title },
        offer: { participantId: b.id, itemId: offer.id, showName: false },
        twoWay: true,
        totalCents: 25_000 + 10_000,
        recordedBy: 'samira',
      },
    })
    const oneWay = floorMatch({
      communityId: 'lindeveen',
      eventId: e.id,
      cornerId: 'netwerk',
      need: side(a, need),
      offer: side(b, offer),
      offerGives: gives('netwerk-vast'),
      needGives: null,
      when: 'in april',
      recordedBy: 'm-a',
      viaBroker: false,
      now,
    })
    expect(oneWay.event).toMatchObject({ twoWay: false, totalCents: 25_000, needGives: null })
    expect(oneWay.history[0]).toMatchObject({ by: 'm-a', viaBroker: false })
    expect(dealLabels(oneWay)).toEqual({
      requestTitle: need.title,
      offerTitle: offer.title,
      requestName: 'Bakkerij Bol',
      offerName: 'Stichting Stil',
    })
    expect(dealLabels({ origin: 'suggestion', event: null })).toBeUndefined()
  })

  it('needs a need and an offer of two participants, each with a unit left', () => {
    expect(detailsOf(() => checkFloorSides(side(a, offer), side(b, need)))?.map((d) => `${d.path} ${d.code}`)).toEqual([
      'need.itemId wrong_kind',
      'offer.itemId wrong_kind',
    ])
    const ownOffer = item('it-offer-02', 'offer', a.id)
    expect(detailsOf(() => checkFloorSides(side(a, need), side(a, ownOffer)))).toEqual([
      { path: 'offer', code: 'same_participant', message: '' },
    ])
    expect(codeOf(() => checkFloorSides(side(a, { ...need, matched: 1 }), side(b, offer)))).toBe('NEED_MATCHED')
    expect(codeOf(() => checkFloorSides(side(a, need), side(b, { ...offer, matched: 2 })))).toBe('OFFER_FULL')
    expect(codeOf(() => checkFloorSides(side(a, need), side(b, { ...offer, matched: 1 })))).toBe('no error')
    // A typed item is made with its one unit used by this match.
    expect(codeOf(() => checkFloorSides(side(a, { ...need, matched: 1 }, true), side(b, offer)))).toBe('no error')
  })

  it('is made in the corner given, else the offer’s, else the need’s, and only in a corner of the event', () => {
    expect(dealCorner(e, 'kennis', offer, need)).toBe('kennis')
    expect(dealCorner(e, undefined, offer, need)).toBe('netwerk')
    expect(dealCorner(e, undefined, undefined, need)).toBe('kennis')
    expect(detailsOf(() => dealCorner(e, undefined, undefined, undefined))).toEqual([
      { path: 'cornerId', code: 'required', message: '' },
    ])
    expect(detailsOf(() => dealCorner(e, 'ruimtevaart', offer, need))).toEqual([
      { path: 'cornerId', code: 'unknown_corner', message: '' },
    ])
  })

  it('is cancelled only while accepted, with one more history entry for both parties', () => {
    const match = floorMatch({
      communityId: 'lindeveen',
      eventId: e.id,
      cornerId: 'netwerk',
      need: side(a, need),
      offer: side(b, offer),
      offerGives: gives('netwerk-vast'),
      needGives: null,
      when: 'in april',
      recordedBy: 'samira',
      viaBroker: true,
      now,
    })
    const later = new Date(now.getTime() + 60_000)
    const cancelled = cancelledFloorMatch(match, 'jeroen', later, 'Dubbel ingevoerd')
    expect(matchSchema.parse(cancelled)).toEqual(cancelled)
    expect(cancelled).toMatchObject({ status: 'cancelled', version: 2, endedAt: later.toISOString() })
    expect(cancelled.history.at(-1)).toEqual({
      at: later.toISOString(),
      from: 'accepted',
      to: 'cancelled',
      by: 'jeroen',
      viaBroker: true,
      side: null,
      reason: 'Dubbel ingevoerd',
    })
    expect(codeOf(() => cancelledFloorMatch(cancelled, 'jeroen', later, 'Nog eens'))).toBe('TRANSITION_NOT_ALLOWED')
  })
})

describe('the tally', () => {
  const e = event()
  const summary = (
    n: number,
    status: EventMatchSummary['status'],
    names: [boolean, boolean],
    cents: number,
  ): EventMatchSummary => ({
    matchId: `it-need-00${n}_it-offer-0${n}`,
    status,
    deal: {
      eventId: e.id,
      cornerId: 'kennis',
      need: {
        participantId: 'pa-a',
        itemId: `it-need-00${n}`,
        name: 'Bakkerij Bol',
        type: 'bedrijf',
        showName: names[0],
        title: 'x',
      },
      offer: {
        participantId: 'pa-b',
        itemId: `it-offer-0${n}`,
        name: 'Stichting Stil',
        type: 'school',
        showName: names[1],
        title: 'y',
      },
      offerGives: { what: 'x', valuation: valueGive(e.valuationRules, { ruleId: 'standaard' }, 'v') },
      needGives: null,
      twoWay: n % 2 === 0,
      totalCents: cents,
      when: 'ooit',
      recordedBy: 'samira',
      recordedAt: new Date(now.getTime() - n * 60_000).toISOString(),
    },
  })

  it('shows totals, every corner, and the latest standing matches with names only by consent', () => {
    const figures = {
      matches: 3,
      cents: 45_000,
      twoWay: 1,
      byCorner: { kennis: { matches: 3, cents: 45_000, twoWay: 1 } },
    }
    const latest = [
      summary(1, 'accepted', [true, false], 10_000),
      summary(2, 'cancelled', [true, true], 99_999),
      summary(3, 'carried-out', [false, true], 35_000),
      ...Array.from({ length: 10 }, (_, i) => summary(i + 4, 'accepted', [true, true], 1)),
    ]
    const tally = tallyOf(e, figures, latest, now)
    expect(tally).toMatchObject({
      event: { name: e.name, date: e.date, place: e.place, status: 'live' },
      matches: 3,
      cents: 45_000,
      twoWay: 1,
      updatedAt: now.toISOString(),
    })
    expect(tally.corners).toHaveLength(e.corners.length)
    expect(tally.corners.find((c) => c.cornerId === 'kennis')).toMatchObject({ matches: 3, cents: 45_000 })
    expect(tally.corners.find((c) => c.cornerId === 'netwerk')).toMatchObject({ matches: 0, cents: 0 })
    expect(tally.latest).toHaveLength(8)
    expect(tally.latest.slice(0, 2)).toEqual([
      {
        at: latest[0]?.deal.recordedAt,
        cornerId: 'kennis',
        needName: 'Bakkerij Bol',
        offerName: null,
        cents: 10_000,
        twoWay: false,
      },
      {
        at: latest[2]?.deal.recordedAt,
        cornerId: 'kennis',
        needName: null,
        offerName: 'Stichting Stil',
        cents: 35_000,
        twoWay: false,
      },
    ])
  })
})
