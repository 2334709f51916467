/**
 * The Beursvloer through the HTTP API (the real handlers, the local gateway, DynamoDB Local),
 * one event from set-up to the report: registration by staff and by members themselves, an
 * import checked and committed (and committed again), check-in, floor matches (one-way, two-way,
 * with a side typed on the floor) and the refusals that change nothing, the public tally, the
 * match form with its audit trail, a cancellation, and the lifecycle afterwards: the stream
 * worker's messages and event follow-ups, and an outcome that touches no post and no helper.
 * The tests run in order and build on each other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { streamHandler } from '../../functions/stream/stream-handler'
import { processLifecycleChange } from '../../functions/worker-lifecycle/handler'
import { createStores } from '../../shared/db/index'
import type { NotificationJob } from '../../shared/schemas/match'
import { createCredentials, deriveKeys } from '../../shared/services/credentials'
import { everyService } from '../../shared/services/every-service'
import { createServices } from '../../shared/services/index'
import type { Stores } from '../../shared/services/ports'
import { startTestApi, type TestApi } from '../support/api'
import { testDocumentClient } from '../support/dynamodb'
import { startTestStreamRunner, type TestStreamRunner } from '../support/stream'

let api: TestApi
let stores: Stores
const cleanups: (() => Promise<void> | void)[] = []
beforeAll(async () => {
  api = await startTestApi()
  const db = testDocumentClient(api.endpoint)
  cleanups.push(() => db.destroy())
  stores = createStores(db, api.tableName)
})
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  await api?.close()
})

const c = '/api/communities/lindeveen'
const as = (member: string) => `lindeveen/${member}`
let eventId = ''
const ev = (suffix = '') => `${c}/events/${eventId}${suffix}`

/** What the tests learn along the way: participants and items by a short name, matches by number. */
const p: Record<string, { id: string; memberId: string; items: Record<string, string> }> = {}
const matchIds: Record<string, string> = {}

const call = (path: string, member: string | null, method = 'GET', json?: unknown) =>
  api.call(path, { as: member === null ? null : as(member), method, ...(json !== undefined ? { json } : {}) })

const auditOf = async (action: string, memberId: string) => {
  const { status, body } = await api.call(`${c}/audit?action=${action}&memberId=${memberId}&limit=200`, {
    as: as('jeroen'),
  })
  expect(status).toBe(200)
  return body.items as { action: string; actorId: string; memberId: string; reason: string }[]
}

const itemOf = (registered: { items: { id: string; kind: string; title: string }[] }, title: string) => {
  const found = registered.items.find((i) => i.title === title)
  if (!found) throw new Error(`No item ${title}`)
  return found.id
}

const give = (ruleId: string, input: Record<string, number> = {}, what = 'Wat er gegeven wordt') => ({
  what,
  valuation: { ruleId, ...input },
})
const deal = (need: unknown, offer: unknown, extra: Record<string, unknown> = {}) => ({
  need,
  offer,
  offerGives: give('standaard'),
  needGives: null,
  when: 'in het voorjaar',
  confirmedByBoth: true,
  ...extra,
})

describe('setting up a Beursvloer', () => {
  it('is for coordinators; a draft is seen only by staff', async () => {
    const body = {
      name: 'Beursvloer Lindeveen 2026',
      date: '2026-03-14',
      place: 'Het Dorpshuis',
      floorStart: '16:00',
      floorEnd: '19:00',
    }
    expect((await call(`${c}/events`, 'samira', 'POST', body)).body.error).toBe('FORBIDDEN')
    const bad = await call(`${c}/events`, 'jeroen', 'POST', { ...body, floorEnd: '15:00' })
    expect(bad).toMatchObject({ status: 422, body: { error: 'VALIDATION_FAILED' } })

    const created = await call(`${c}/events`, 'jeroen', 'POST', body)
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ ...body, status: 'draft', version: 1, createdBy: 'jeroen' })
    expect(created.body.corners.map((x: { id: string }) => x.id)).toEqual([
      'menskracht',
      'kennis',
      'netwerk',
      'materiaal',
      'faciliteiten',
      'creativiteit',
    ])
    const community = await call(c, null)
    expect(created.body.valuationRules).toEqual(community.body.valuationRules)
    eventId = created.body.id

    expect((await call(ev(), 'anna')).body.error).toBe('EVENT_NOT_FOUND')
    expect((await call(ev(), 'samira')).status).toBe(200)
    const listed = (member: string) =>
      call(`${c}/events`, member).then((r) => r.body.items.map((e: { id: string }) => e.id))
    expect(await listed('anna')).not.toContain(eventId)
    expect(await listed('samira')).toContain(eventId)
    expect((await call(ev('/tally'), null)).body.error).toBe('EVENT_NOT_FOUND')
  })

  it('takes hoekmannen only from staff, and refuses a stale version', async () => {
    const { body: event } = await call(ev(), 'jeroen')
    const { id: _id, communityId: _c, status, createdBy: _b, createdAt: _a, updatedAt: _u, ...fields } = event
    const corners = event.corners.map((corner: { id: string }) =>
      corner.id === 'kennis' ? { ...corner, hoekmannen: ['samira', 'anna'] } : corner,
    )
    const notStaff = await call(ev(), 'jeroen', 'PUT', { ...fields, status, corners })
    expect(notStaff.body).toMatchObject({
      error: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'corners.1.hoekmannen.1', code: 'not_staff' })],
    })
    const withSamira = event.corners.map((corner: { id: string }) =>
      corner.id === 'kennis' ? { ...corner, hoekmannen: ['samira'] } : corner,
    )
    const changed = await call(ev(), 'jeroen', 'PUT', { ...fields, status, corners: withSamira })
    expect(changed.body).toMatchObject({ version: 2, corners: expect.arrayContaining([{ ...withSamira[1] }]) })
    expect((await call(ev(), 'samira', 'PUT', { ...fields, status, version: 2 })).body.error).toBe('FORBIDDEN')
    expect((await call(ev(), 'jeroen', 'PUT', { ...fields, status, version: 1 })).body.error).toBe('EVENT_CHANGED')
  })
})

describe('registration', () => {
  it('lets staff register an organisation in the draft: a new member with the contact on it, audited', async () => {
    const registered = await call(ev('/participants'), 'samira', 'POST', {
      name: 'Bakkerij Bol',
      type: 'bedrijf',
      contactName: 'Els Bol',
      email: 'Info@Bakkerij-Bol.nl',
      showName: true,
      items: [
        { kind: 'offer', cornerId: 'materiaal', title: 'Brood voor een feest', quantity: 2 },
        { kind: 'need', cornerId: 'kennis', title: 'Hulp met de website' },
      ],
    })
    expect(registered.status).toBe(201)
    expect(registered.body).toMatchObject({
      name: 'Bakkerij Bol',
      source: 'staff',
      registeredBy: 'samira',
      showName: true,
      checkedInAt: null,
      checkInCode: expect.stringMatching(/^[A-HJ-NP-Z2-9]{6}$/),
    })
    expect(registered.body.items).toHaveLength(2)
    const memberId = registered.body.memberId
    p.bol = {
      id: registered.body.id,
      memberId,
      items: {
        brood: itemOf(registered.body, 'Brood voor een feest'),
        website: itemOf(registered.body, 'Hulp met de website'),
      },
    }
    // The member: an organisation account that can sign in with that address later.
    const member = await call(`${c}/members/${memberId}`, 'jeroen')
    expect(member.body).toMatchObject({
      kind: 'organisation',
      role: 'organisation',
      displayName: 'Bakkerij Bol',
      contactPreference: 'email',
      consents: [expect.objectContaining({ covers: ['matches', 'contact'], method: 'online', recordedBy: 'samira' })],
    })
    const contact = await call(`${c}/members/${memberId}/contact`, 'jeroen')
    expect(contact.body).toMatchObject({ email: 'info@bakkerij-bol.nl', fullName: 'Els Bol' })
    expect(await auditOf('event.participant-registered-for', memberId)).toEqual([
      expect.objectContaining({ actorId: 'samira', reason: `event ${eventId}` }),
    ])
    // Members cannot register while the event is a draft: for them it does not exist yet.
    const early = await call(ev('/participants'), 'stichting-de-brug', 'POST', { name: 'De Brug', type: 'school' })
    expect(early.body.error).toBe('EVENT_NOT_FOUND')
  })

  it('opens registration; a member registers itself with its own account, whatever address it types', async () => {
    const { body: event } = await call(ev(), 'jeroen')
    const { id: _id, communityId: _c, createdBy: _b, createdAt: _a, updatedAt: _u, ...fields } = event
    expect((await call(ev(), 'jeroen', 'PUT', { ...fields, status: 'open' })).body.status).toBe('open')

    const contactBefore = (await call(`${c}/members/stichting-de-brug/contact`, 'jeroen')).body
    const self = await call(ev('/participants'), 'stichting-de-brug', 'POST', {
      name: 'Stichting De Brug',
      type: 'maatschappelijke-organisatie',
      email: 'iemand-anders@example.nl',
      items: [{ kind: 'need', cornerId: 'kennis', title: 'Hulp met de boekhouding' }],
    })
    expect(self.status).toBe(201)
    expect(self.body).toMatchObject({ memberId: 'stichting-de-brug', source: 'self', showName: false })
    expect((await call(`${c}/members/stichting-de-brug/contact`, 'jeroen')).body).toEqual(contactBefore)
    // Registering again is the same participant: the items are added to it.
    const again = await call(ev('/participants'), 'stichting-de-brug', 'POST', {
      name: 'Stichting De Brug',
      type: 'maatschappelijke-organisatie',
      items: [{ kind: 'offer', cornerId: 'netwerk', title: 'Vrijwilligers uit ons netwerk', quantity: 3 }],
    })
    expect(again.body).toMatchObject({ id: self.body.id, checkInCode: self.body.checkInCode })
    expect(again.body.items).toHaveLength(2)
    p.brug = {
      id: self.body.id,
      memberId: 'stichting-de-brug',
      items: {
        boekhouding: itemOf(again.body, 'Hulp met de boekhouding'),
        vrijwilligers: itemOf(again.body, 'Vrijwilligers uit ons netwerk'),
      },
    }
    // Nobody audits what a member does for itself.
    expect(await auditOf('event.participant-registered-for', 'stichting-de-brug')).toEqual([])

    const asCompany = await call(ev('/participants'), 'anna', 'POST', { name: 'Anna', type: 'bedrijf' })
    expect(asCompany.body).toMatchObject({
      error: 'VALIDATION_FAILED',
      details: [{ path: 'type', code: 'type_not_for_member' }],
    })
    const anna = await call(ev('/participants'), 'anna', 'POST', {
      name: 'Anna de Vries',
      type: 'vrijwilliger',
      showName: true,
      items: [{ kind: 'offer', cornerId: 'menskracht', title: 'Klussen in huis' }],
    })
    expect(anna.body).toMatchObject({ memberId: 'anna', source: 'self' })
    p.anna = { id: anna.body.id, memberId: 'anna', items: { klussen: itemOf(anna.body, 'Klussen in huis') } }
  })

  it('uses the member whose address a participant has, instead of making a second account', async () => {
    const registered = await call(ev('/participants'), 'samira', 'POST', {
      name: 'Fatima (Buurtcomité)',
      type: 'vrijwilliger',
      email: 'FATIMA@example.nl',
      items: [{ kind: 'need', cornerId: 'menskracht', title: 'Hulp bij het verhuizen', quantity: 3 }],
    })
    expect(registered.body).toMatchObject({ memberId: 'fatima', source: 'staff' })
    p.fatima = {
      id: registered.body.id,
      memberId: 'fatima',
      items: { verhuizen: itemOf(registered.body, 'Hulp bij het verhuizen') },
    }
    // Someone reachable by phone only: a new member that signs in by SMS.
    const kees = await call(ev('/participants'), 'samira', 'POST', {
      name: 'Kees de Klusser',
      type: 'vrijwilliger',
      phone: '06 12345670',
      items: [{ kind: 'offer', cornerId: 'menskracht', title: 'Kleine klussen' }],
    })
    expect((await call(`${c}/members/${kees.body.memberId}`, 'jeroen')).body).toMatchObject({
      kind: 'resident',
      contactPreference: 'sms',
      managedByBroker: false,
    })
    const unknownCorner = await call(ev('/participants'), 'samira', 'POST', {
      name: 'Ergens',
      type: 'school',
      items: [{ kind: 'need', cornerId: 'ruimtevaart', title: 'Een raket' }],
    })
    expect(unknownCorner.body).toMatchObject({ details: [{ path: 'items.0.cornerId', code: 'unknown_corner' }] })
  })

  it('shows a participant with its check-in code to staff and to itself only', async () => {
    expect((await call(ev(`/participants/${p.brug?.id}`), 'stichting-de-brug')).body.checkInCode).toMatch(
      /^[A-Z2-9]{6}$/,
    )
    expect((await call(ev(`/participants/${p.brug?.id}`), 'samira')).status).toBe(200)
    expect((await call(ev(`/participants/${p.brug?.id}`), 'anna')).body.error).toBe('FORBIDDEN')
    expect((await call(ev('/participants/geen-deelnemer'), 'samira')).body.error).toBe('PARTICIPANT_NOT_FOUND')
    const added = await call(ev(`/participants/${p.anna?.id}/items`), 'anna', 'POST', {
      items: [{ kind: 'need', cornerId: 'materiaal', title: 'Een ladder' }],
    })
    expect(added.status).toBe(201)
    expect(added.body.items.map((i: { title: string }) => i.title).sort()).toEqual(['Een ladder', 'Klussen in huis'])
    if (p.anna) p.anna.items.ladder = itemOf(added.body, 'Een ladder')
    expect(
      (
        await call(ev(`/participants/${p.anna?.id}/items`), 'tom', 'POST', {
          items: [{ kind: 'need', cornerId: 'materiaal', title: 'Zaag' }],
        })
      ).body.error,
    ).toBe('FORBIDDEN')
  })
})

describe('importing a spreadsheet', () => {
  const rows = [
    {
      row: 2,
      name: 'Sportclub Vooruit',
      type: 'Vrijwilligersorganisatie',
      email: 'bestuur@vooruit.nl',
      showName: 'ja',
      needCorner: 'Materiaal',
      needTitle: 'Nieuwe ballen',
      offerCorner: 'ruimte',
      offerTitle: 'Onze kantine op zaterdag',
    },
    { row: 3, name: 'Kapot', type: 'Bedrijf', email: 'geen adres', needCorner: 'Ruimtevaart', needTitle: 'Een raket' },
    {
      row: 4,
      name: 'Buurthuis Zonder Mail',
      type: 'maatschappelijke organisatie',
      offerCorner: 'Knowledge',
      offerTitle: 'Een cursus Excel',
    },
    // Anna's e-mail address with Kees's phone number: which member is meant?
    {
      row: 5,
      name: 'Dubbel',
      type: 'vrijwilliger',
      email: 'anna@example.nl',
      phone: '0612345670',
      offerTitle: 'Koken',
      offerCorner: 'menskracht',
    },
  ]

  it('checks rows without writing anything, and says which row is wrong and why', async () => {
    const before = await api.snapshot()
    const checked = await call(ev('/imports'), 'samira', 'POST', { importId: 'import-0001', mode: 'check', rows })
    expect(checked.status).toBe(200)
    expect(checked.body.rows).toEqual([
      { row: 2, status: 'valid', participantId: null, errors: [] },
      {
        row: 3,
        status: 'failed',
        participantId: null,
        errors: [
          expect.objectContaining({ field: 'email', code: 'invalid_email' }),
          expect.objectContaining({ field: 'needCorner', code: 'unknown_corner' }),
        ],
      },
      { row: 4, status: 'valid', participantId: null, errors: [] },
      {
        row: 5,
        status: 'failed',
        participantId: null,
        errors: [expect.objectContaining({ field: 'phone', code: 'address_of_other_member' })],
      },
    ])
    expect(await api.snapshot()).toBe(before)
    expect(
      (await call(ev('/imports'), 'anna', 'POST', { importId: 'import-0001', mode: 'check', rows })).body.error,
    ).toBe('FORBIDDEN')
  })

  it('commits the good rows, and a commit sent again writes nothing twice', async () => {
    const committed = await call(ev('/imports'), 'samira', 'POST', { importId: 'import-0001', mode: 'commit', rows })
    expect(committed.body.rows.map((r: { status: string }) => r.status)).toEqual([
      'imported',
      'failed',
      'imported',
      'failed',
    ])
    const [vooruit, , buurthuis] = committed.body.rows
    const before = await api.snapshot()
    const again = await call(ev('/imports'), 'samira', 'POST', { importId: 'import-0001', mode: 'commit', rows })
    expect(again.body).toEqual(committed.body)
    expect(await api.snapshot()).toBe(before)

    const read = async (id: string) => (await call(ev(`/participants/${id}`), 'samira')).body
    const sport = await read(vooruit.participantId)
    expect(sport).toMatchObject({
      name: 'Sportclub Vooruit',
      type: 'vrijwilligersorganisatie',
      source: 'import',
      showName: true,
    })
    expect(sport.items.map((i: { cornerId: string; kind: string }) => `${i.kind} ${i.cornerId}`).sort()).toEqual([
      'need materiaal',
      'offer faciliteiten',
    ])
    p.sport = {
      id: sport.id,
      memberId: sport.memberId,
      items: { ballen: itemOf(sport, 'Nieuwe ballen'), kantine: itemOf(sport, 'Onze kantine op zaterdag') },
    }
    const member = (await call(`${c}/members/${sport.memberId}`, 'jeroen')).body
    expect(member.consents[0]).toMatchObject({ method: 'paper', covers: ['matches', 'contact'] })
    const house = await read(buurthuis.participantId)
    expect((await call(`${c}/members/${house.memberId}`, 'jeroen')).body).toMatchObject({
      managedByBroker: true,
      contactPreference: 'none',
    })
    p.buurthuis = { id: house.id, memberId: house.memberId, items: { excel: itemOf(house, 'Een cursus Excel') } }
  })
})

describe('check-in', () => {
  it('checks in by code or from the list, once, and only by staff', async () => {
    const { body: brug } = await call(ev(`/participants/${p.brug?.id}`), 'samira')
    const byCode = await call(ev('/check-ins'), 'samira', 'POST', { code: brug.checkInCode.toLowerCase() })
    expect(byCode.body).toMatchObject({
      alreadyCheckedIn: false,
      participant: { id: brug.id, checkedInAt: expect.any(String) },
    })
    const twice = await call(ev('/check-ins'), 'jeroen', 'POST', { participantId: brug.id })
    expect(twice.body).toMatchObject({
      alreadyCheckedIn: true,
      participant: { checkedInAt: byCode.body.participant.checkedInAt },
    })
    const byId = await call(ev('/check-ins'), 'samira', 'POST', { participantId: p.bol?.id })
    expect(byId.body.alreadyCheckedIn).toBe(false)
    expect((await call(ev('/check-ins'), 'samira', 'POST', { code: 'ZZZZZZ' })).body.error).toBe(
      'CHECK_IN_CODE_UNKNOWN',
    )
    expect((await call(ev('/check-ins'), 'stichting-de-brug', 'POST', { participantId: brug.id })).body.error).toBe(
      'FORBIDDEN',
    )
    expect(await auditOf('event.checked-in-for', 'stichting-de-brug')).toHaveLength(1)
  })
})

describe('floor matches', () => {
  it('are not recorded before the floor is live', async () => {
    const early = await call(
      ev('/matches'),
      'samira',
      'POST',
      deal({ itemId: p.brug?.items.boekhouding }, { itemId: p.bol?.items.brood }),
    )
    expect(early.body.error).toBe('EVENT_NOT_OPEN')
    const { body: event } = await call(ev(), 'jeroen')
    const { id: _id, communityId: _c, createdBy: _b, createdAt: _a, updatedAt: _u, ...fields } = event
    expect((await call(ev(), 'jeroen', 'PUT', { ...fields, status: 'live' })).body.status).toBe('live')
  })

  it('records a one-way match in the offer’s corner, valued by the event’s rule', async () => {
    const recorded = await call(
      ev('/matches'),
      'samira',
      'POST',
      deal(
        { itemId: p.brug?.items.boekhouding },
        { itemId: p.bol?.items.brood },
        {
          offerGives: give('materiaal-waarde', { statedCents: 30_000 }, 'Brood en koffie voor 40 mensen'),
        },
      ),
    )
    expect(recorded.status).toBe(201)
    expect(recorded.body).toMatchObject({
      status: 'accepted',
      deal: {
        cornerId: 'materiaal',
        twoWay: false,
        totalCents: 30_000,
        needGives: null,
        recordedBy: 'samira',
        need: { participantId: p.brug?.id, name: 'Stichting De Brug', showName: false },
        offer: { participantId: p.bol?.id, name: 'Bakkerij Bol', showName: true },
        offerGives: { valuation: { ruleId: 'materiaal-waarde', method: 'stated', statedCents: 30_000, cents: 30_000 } },
      },
    })
    matchIds.one = recorded.body.matchId
    expect(matchIds.one).toBe(`${p.brug?.items.boekhouding}_${p.bol?.items.brood}`)
    // A real match of the lifecycle, in both parties' lists.
    const match = await call(`${c}/matches/${matchIds.one}`, 'stichting-de-brug')
    expect(match.body.match).toMatchObject({
      origin: 'event',
      status: 'accepted',
      requestMemberId: 'stichting-de-brug',
    })
    const mine = await call(`${c}/members/stichting-de-brug/matches`, 'stichting-de-brug')
    expect(mine.body.items).toEqual([
      expect.objectContaining({
        id: matchIds.one,
        requestTitle: 'Hulp met de boekhouding',
        offerTitle: 'Brood voor een feest',
        offerName: 'Bakkerij Bol',
      }),
    ])
    expect(await auditOf('event.match-recorded-for', p.bol?.memberId ?? '')).toHaveLength(1)
  })

  it('records a two-way match: the total is the sum of both gives', async () => {
    const recorded = await call(
      ev('/matches'),
      'samira',
      'POST',
      deal(
        { itemId: p.sport?.items.ballen },
        { itemId: p.bol?.items.brood },
        {
          offerGives: give('materiaal-waarde', { statedCents: 5_000 }),
          needGives: give('faciliteiten-uur', { hours: 3 }, 'De kantine voor het personeelsfeest'),
        },
      ),
    )
    expect(recorded.body.deal).toMatchObject({
      twoWay: true,
      totalCents: 5_000 + 3 * 3_000,
      needGives: { valuation: { method: 'hours', hours: 3, people: 1, rateCents: 3_000, cents: 9_000 } },
    })
    matchIds.two = recorded.body.matchId
  })

  it('records a match with an offer typed on the floor, by one of the parties itself', async () => {
    const recorded = await call(
      ev('/matches'),
      'stichting-de-brug',
      'POST',
      deal(
        { itemId: p.fatima?.items.verhuizen },
        { participantId: p.brug?.id, title: 'Twee sterke vrijwilligers' },
        {
          offerGives: give('menskracht-uur', { hours: 4, people: 2 }),
        },
      ),
    )
    expect(recorded.status).toBe(201)
    expect(recorded.body.deal).toMatchObject({
      cornerId: 'menskracht',
      totalCents: 4 * 2 * 2_500,
      recordedBy: 'stichting-de-brug',
      offer: { participantId: p.brug?.id, title: 'Twee sterke vrijwilligers' },
    })
    matchIds.typed = recorded.body.matchId
    const board = (await call(ev('/board'), 'samira')).body
    const typed = board.items.find((i: { title: string }) => i.title === 'Twee sterke vrijwilligers')
    expect(typed).toMatchObject({
      kind: 'offer',
      participantId: p.brug?.id,
      cornerId: 'menskracht',
      quantity: 1,
      matched: 1,
    })
    // Recorded by a party for itself: nothing to audit.
    expect(await auditOf('event.match-recorded-for', 'fatima')).toEqual([])
    const four = await call(
      ev('/matches'),
      'samira',
      'POST',
      deal({ itemId: p.fatima?.items.verhuizen }, { itemId: p.brug?.items.vrijwilligers }),
    )
    expect(four.status).toBe(201)
    matchIds.four = four.body.matchId
  })

  it('refuses a full offer, a matched need, a pair recorded twice and a stranger, changing nothing', async () => {
    const refused = async (member: string, body: unknown, error: string) => {
      const before = await api.snapshot()
      const answer = await call(ev('/matches'), member, 'POST', body)
      expect({ status: answer.status, error: answer.body.error }).toMatchObject({ error })
      expect(await api.snapshot()).toBe(before)
      return answer
    }
    expect(
      (
        await refused(
          'samira',
          deal({ itemId: p.anna?.items.klussen ?? '' }, { itemId: p.bol?.items.brood }),
          'VALIDATION_FAILED',
        )
      ).body.details,
    ).toEqual([expect.objectContaining({ path: 'need.itemId', code: 'wrong_kind' })])
    const own = await refused(
      'samira',
      deal({ itemId: p.bol?.items.website }, { itemId: p.bol?.items.brood }),
      'VALIDATION_FAILED',
    )
    expect(own.body.details).toEqual([expect.objectContaining({ path: 'offer', code: 'same_participant' })])
    expect(
      (await refused('samira', deal({ itemId: p.anna?.items.ladder }, { itemId: p.bol?.items.brood }), 'OFFER_FULL'))
        .status,
    ).toBe(409)
    expect(
      (
        await refused(
          'samira',
          deal({ itemId: p.brug?.items.boekhouding }, { itemId: p.buurthuis?.items.excel }),
          'NEED_MATCHED',
        )
      ).status,
    ).toBe(409)
    expect(
      (
        await refused(
          'samira',
          deal({ itemId: p.fatima?.items.verhuizen }, { itemId: p.brug?.items.vrijwilligers }),
          'EVENT_MATCH_EXISTS',
        )
      ).status,
    ).toBe(409)
    await refused('anna', deal({ itemId: p.bol?.items.website }, { itemId: p.buurthuis?.items.excel }), 'FORBIDDEN')
    await refused('tom', deal({ itemId: p.bol?.items.website }, { itemId: p.buurthuis?.items.excel }), 'FORBIDDEN')
    await refused(
      'samira',
      deal({ itemId: 'bestaat-niet-1' }, { itemId: p.buurthuis?.items.excel }),
      'EVENT_ITEM_NOT_FOUND',
    )
    const unknownRule = await refused(
      'samira',
      deal({ itemId: p.bol?.items.website }, { itemId: p.buurthuis?.items.excel }, { offerGives: give('geen-regel') }),
      'VALIDATION_FAILED',
    )
    expect(unknownRule.body.details).toEqual([
      expect.objectContaining({ path: 'offerGives.valuation.ruleId', code: 'unknown_rule' }),
    ])
    const missingHours = await refused(
      'samira',
      deal({ itemId: p.bol?.items.website }, { itemId: p.buurthuis?.items.excel }, { offerGives: give('kennis-uur') }),
      'VALIDATION_FAILED',
    )
    expect(missingHours.body.details).toEqual([
      expect.objectContaining({ path: 'offerGives.valuation.hours', code: 'required' }),
    ])
  })

  it('lists all matches for staff, and a participant’s own for a participant', async () => {
    const ids = async (member: string) =>
      (await call(ev('/matches'), member)).body.items?.map((m: { matchId: string }) => m.matchId).sort()
    expect(await ids('samira')).toEqual([matchIds.one, matchIds.two, matchIds.typed, matchIds.four].sort())
    expect(await ids('stichting-de-brug')).toEqual([matchIds.one, matchIds.typed, matchIds.four].sort())
    expect(await ids('anna')).toEqual([])
    expect((await call(ev('/matches'), 'tom')).body.error).toBe('FORBIDDEN')
    expect((await call(ev('/board'), 'tom')).body.error).toBe('FORBIDDEN')
    const board = (await call(ev('/board'), 'anna')).body
    expect(board.participants.length).toBeGreaterThanOrEqual(6)
    expect(board.participants.every((x: object) => !('checkInCode' in x))).toBe(true)
  })
})

describe('the tally', () => {
  it('is public, equals the sum of the matches, and names only those who agreed', async () => {
    const tally = await call(ev('/tally'), null)
    expect(tally.status).toBe(200)
    const matches = (await call(ev('/matches'), 'samira')).body.items as {
      deal: { totalCents: number; twoWay: boolean }
    }[]
    expect(tally.body).toMatchObject({
      matches: 4,
      cents: matches.reduce((sum, m) => sum + m.deal.totalCents, 0),
      twoWay: 1,
    })
    expect(tally.body.cents).toBe(30_000 + 14_000 + 20_000 + 10_000)
    expect(tally.body.corners.find((x: { cornerId: string }) => x.cornerId === 'materiaal')).toMatchObject({
      matches: 2,
      cents: 44_000,
    })
    const names = tally.body.latest.flatMap((m: { needName: string | null; offerName: string | null }) => [
      m.needName,
      m.offerName,
    ])
    expect(names).toContain('Bakkerij Bol')
    expect(names).toContain('Sportclub Vooruit')
    expect(names).not.toContain('Stichting De Brug')
    expect(JSON.stringify(tally.body)).not.toContain('@')
  })
})

describe('the match form', () => {
  it('shows both contacts to staff (audited) and to the parties, and is forbidden to anyone else', async () => {
    const form = await call(ev(`/matches/${matchIds.one}`), 'samira')
    expect(form.body).toMatchObject({
      event: { id: eventId, name: 'Beursvloer Lindeveen 2026' },
      status: 'accepted',
      needParty: { name: 'Stichting De Brug', email: 'stichting-de-brug@example.nl' },
      offerParty: { name: 'Bakkerij Bol', contactName: 'Els Bol', email: 'info@bakkerij-bol.nl' },
    })
    expect(await auditOf('event.contact-viewed', 'stichting-de-brug')).toEqual([
      expect.objectContaining({ actorId: 'samira', reason: `event ${eventId}` }),
    ])
    expect(await auditOf('event.contact-viewed', p.bol?.memberId ?? '')).toHaveLength(1)
    const party = await call(ev(`/matches/${matchIds.one}`), 'stichting-de-brug')
    expect(party.body.offerParty.email).toBe('info@bakkerij-bol.nl')
    expect(await auditOf('event.contact-viewed', p.bol?.memberId ?? '')).toHaveLength(1)
    expect((await call(ev(`/matches/${matchIds.one}`), 'anna')).body.error).toBe('FORBIDDEN')
    expect((await call(ev(`/matches/${matchIds.one}`), 'tom')).body.error).toBe('FORBIDDEN')
    expect((await call(ev('/matches/onbekend0001_onbekend0002'), 'samira')).body.error).toBe('MATCH_NOT_FOUND')
  })
})

describe('cancelling a floor match', () => {
  it('gives the units and the tally back, once, and only for staff', async () => {
    expect(
      (await call(ev(`/matches/${matchIds.four}/cancel`), 'stichting-de-brug', 'POST', { reason: 'Vergissing' })).body
        .error,
    ).toBe('FORBIDDEN')
    const cancelled = await call(ev(`/matches/${matchIds.four}/cancel`), 'samira', 'POST', {
      reason: 'Dubbel ingevoerd',
    })
    expect(cancelled.body).toMatchObject({ matchId: matchIds.four, status: 'cancelled' })
    const again = await call(ev(`/matches/${matchIds.four}/cancel`), 'samira', 'POST', { reason: 'Dubbel ingevoerd' })
    expect(again.body.error).toBe('TRANSITION_NOT_ALLOWED')
    const tally = (await call(ev('/tally'), null)).body
    expect(tally).toMatchObject({ matches: 3, cents: 30_000 + 14_000 + 20_000 })
    const board = (await call(ev('/board'), 'samira')).body
    expect(board.items.find((i: { id: string }) => i.id === p.brug?.items.vrijwilligers)?.matched).toBe(0)
    expect(board.items.find((i: { id: string }) => i.id === p.fatima?.items.verhuizen)?.matched).toBe(1)
    expect(await auditOf('event.match-cancelled-for', 'fatima')).toHaveLength(1)
  })
})

describe('proposals and the report', () => {
  it('proposes pairs for staff only', async () => {
    const proposals = await call(ev('/proposals'), 'samira')
    expect(proposals.status).toBe(200)
    expect(proposals.body.optimal.pairs).toBeGreaterThanOrEqual(proposals.body.greedy.pairs)
    // The only open need and offer in the knowledge corner, of two participants: proposed together.
    expect(proposals.body.proposals).toContainEqual(
      expect.objectContaining({ needId: p.bol?.items.website, offerId: p.buurthuis?.items.excel, cornerId: 'kennis' }),
    )
    const board = (await call(ev('/board'), 'samira')).body as {
      items: { id: string; participantId: string; cornerId: string }[]
    }
    const itemById = new Map(board.items.map((i) => [i.id, i]))
    for (const proposal of proposals.body.proposals as { needId: string; offerId: string; cornerId: string }[]) {
      const [need, offer] = [itemById.get(proposal.needId), itemById.get(proposal.offerId)]
      expect(need?.cornerId).toBe(proposal.cornerId)
      expect(offer?.cornerId).toBe(proposal.cornerId)
      expect(need?.participantId).not.toBe(offer?.participantId)
    }
    const kennis = await call(ev('/proposals?corner=kennis'), 'samira')
    expect(kennis.body.proposals.every((x: { cornerId: string }) => x.cornerId === 'kennis')).toBe(true)
    expect((await call(ev('/proposals?corner=ruimtevaart'), 'samira')).body.error).toBe('VALIDATION_FAILED')
    expect((await call(ev('/proposals'), 'stichting-de-brug')).body.error).toBe('FORBIDDEN')
  })

  it('reports the same figures as the tally', async () => {
    const report = await call(ev('/report'), 'jeroen')
    expect(report.status).toBe(200)
    const tally = (await call(ev('/tally'), null)).body
    expect(report.body).toMatchObject({ matches: tally.matches, cents: tally.cents, twoWay: tally.twoWay })
    expect((await call(ev('/report'), 'anna')).body.error).toBe('FORBIDDEN')
  })
})

describe('after the floor: the match lifecycle', () => {
  let stream: TestStreamRunner
  const jobs: NotificationJob[] = []
  let clock = new Date()
  const makeServices = () => {
    const secret = process.env.BUURTBEURS_KEYS
    if (!secret) throw new Error('The test API is not running')
    return createServices(
      stores,
      { now: () => clock, newId: () => `ev${Math.random().toString(36).slice(2, 14)}`, newCode: () => '000000' },
      createCredentials(deriveKeys(secret)),
      { send: async () => {} },
      { ...everyService, notificationQueue: { enqueue: async (queued) => void jobs.push(...queued) } },
    )
  }

  it('tells both parties and schedules the event follow-ups; a cancelled match gets none', async () => {
    const services = makeServices()
    const handler = streamHandler('lifecycle', (change) => processLifecycleChange(services, change))
    stream = await startTestStreamRunner(
      { endpoint: api.endpoint, tableName: api.tableName },
      { name: 'lifecycle', entities: ['match'], handler },
    )
    cleanups.push(() => stream.stop())
    await stream.runner.drain()
    expect(stream.runner.deadLetters).toEqual([])

    const told = (matchId: string, template: string) =>
      jobs
        .filter((j) => j.kind === 'notify' && j.matchId === matchId && j.template === template)
        .map((j) => (j.kind === 'notify' ? j.memberId : ''))
        .sort()
    expect(told(matchIds.one ?? '', 'match-accepted')).toEqual([p.bol?.memberId, 'stichting-de-brug'].sort())
    expect(told(matchIds.four ?? '', 'match-cancelled')).toEqual(['fatima', 'stichting-de-brug'])

    const match = (await call(`${c}/matches/${matchIds.one}`, 'stichting-de-brug')).body.match
    const followUps = await stores.followUps.listForMatch('lindeveen', matchIds.one ?? '')
    const day = 24 * 60 * 60 * 1000
    expect(followUps.map((f) => [f.step, f.status, f.dueAt]).sort()).toEqual([
      ['event-3m', 'scheduled', new Date(Date.parse(match.acceptedAt) + 91 * day).toISOString()],
      ['event-6m', 'scheduled', new Date(Date.parse(match.acceptedAt) + 182 * day).toISOString()],
    ])
    // Recorded and cancelled before the worker saw it: no questions, or only cancelled ones.
    const cancelled = await stores.followUps.listForMatch('lindeveen', matchIds.four ?? '')
    expect(cancelled.filter((f) => f.status !== 'cancelled')).toEqual([])
  })

  it('ends an event match with an outcome from the app or a follow-up answer, touching no post or helper', async () => {
    const services = makeServices()
    // The offering member helps elsewhere too: ending a floor match must leave that count alone.
    const bol = await stores.members.get('lindeveen', p.bol?.memberId ?? '')
    if (!bol) throw new Error('No member')
    await stores.members.replace({ ...bol, activeMatches: 2, version: bol.version + 1 }, bol.version)
    const boardBefore = (await call(ev('/board'), 'samira')).body.items

    const one = (await call(`${c}/matches/${matchIds.one}`, 'stichting-de-brug')).body.match
    const outcome = await call(`${c}/matches/${matchIds.one}/outcome`, 'stichting-de-brug', 'POST', {
      version: one.version,
      answer: 'carried-out',
    })
    expect(outcome.body).toMatchObject({ status: 'carried-out', outcome: { answer: 'carried-out', via: 'app' } })

    // The 3-month question for the two-way match, answered through its link: not carried out.
    clock = new Date(Date.now() + 92 * 24 * 60 * 60 * 1000)
    await services.followUps.runDue('lindeveen')
    const question = jobs.find(
      (j) =>
        j.kind === 'notify' &&
        j.matchId === matchIds.two &&
        j.template === 'follow-up' &&
        j.memberId === p.sport?.memberId,
    )
    if (question?.kind !== 'notify' || !question.followUp) throw new Error('No follow-up question went out')
    expect(question.followUp.step).toBe('event-3m')
    // The brokers' list names both sides from the deal (a floor match has no posts).
    const samira = await stores.members.get('lindeveen', 'samira')
    if (!samira) throw new Error('No broker')
    const open = await services.followUps.listFollowUps(samira, 'lindeveen', { limit: 100 })
    expect(open.items.find((f) => f.matchId === matchIds.typed)?.summary).toMatchObject({
      requestTitle: 'Hulp bij het verhuizen',
      offerTitle: 'Twee sterke vrijwilligers',
      requestName: 'Fatima (Buurtcomité)',
      offerName: 'Stichting De Brug',
    })
    const lookup = await services.followUps.lookup(question.followUp.token)
    expect(lookup).toMatchObject({
      step: 'event-3m',
      requestTitle: 'Nieuwe ballen',
      offerTitle: 'Brood voor een feest',
      otherName: 'Bakkerij Bol',
    })
    await services.followUps.answer({
      token: question.followUp.token,
      answer: 'not-carried-out',
      hours: null,
      knewEachOther: null,
      story: null,
      storyConsent: false,
    })
    expect((await stores.matches.get('lindeveen', matchIds.two ?? ''))?.status).toBe('not-carried-out')

    expect((await stores.members.get('lindeveen', p.bol?.memberId ?? ''))?.activeMatches).toBe(2)
    expect((await call(ev('/board'), 'samira')).body.items).toEqual(boardBefore)
    await stream.runner.drain()
    expect(stream.runner.deadLetters).toEqual([])
    // The report counts how they ended.
    const report = (await call(ev('/report'), 'jeroen')).body
    expect(report.followUp).toMatchObject({ carriedOut: 1, notCarriedOut: 1, cancelled: 1 })
  })

  it('takes a floor match a party withdraws in the app off the floor: units, listing and tally together', async () => {
    const before = (await call(ev('/tally'), null)).body
    const typed = (await call(`${c}/matches/${matchIds.typed}`, 'stichting-de-brug')).body.match
    const offerItem = typed.event.offer.itemId
    const matchedBefore = (await call(ev('/board'), 'samira')).body.items.find(
      (i: { id: string }) => i.id === offerItem,
    ).matched
    const cancelled = await call(`${c}/matches/${matchIds.typed}/cancel`, 'stichting-de-brug', 'POST', {
      version: typed.version,
      reason: 'Het gaat toch niet door',
    })
    expect(cancelled.body).toMatchObject({ status: 'cancelled' })
    const after = (await call(ev('/tally'), null)).body
    expect(after.matches).toBe(before.matches - 1)
    expect(after.cents).toBe(before.cents - typed.event.totalCents)
    const board = (await call(ev('/board'), 'samira')).body.items
    expect(board.find((i: { id: string }) => i.id === offerItem).matched).toBe(matchedBefore - 1)
    const listed = (await call(ev('/matches'), 'samira')).body.items
    expect(listed.find((m: { matchId: string }) => m.matchId === matchIds.typed).status).toBe('cancelled')
  })
})

describe('the community’s valuation rules', () => {
  it('are set by coordinators with the version they saw; new events copy them, existing events keep theirs', async () => {
    const community = (await call(c, null)).body
    const rules = [
      {
        id: 'uur-2027',
        name: { nl: 'Uur vrijwilligerswerk', en: 'Volunteer hour' },
        method: 'hours',
        resourceType: null,
        rateCents: 1_650,
        capCents: null,
        source: 'Afspraak gemeente 2027',
      },
    ]
    expect((await call(`${c}/valuation`, 'samira', 'PUT', { rules, version: community.version })).body.error).toBe(
      'FORBIDDEN',
    )
    const stale = await call(`${c}/valuation`, 'jeroen', 'PUT', { rules, version: community.version + 1 })
    expect(stale.body.error).toBe('COMMUNITY_CHANGED')
    const changed = await call(`${c}/valuation`, 'jeroen', 'PUT', { rules, version: community.version })
    expect(changed.body).toMatchObject({ valuationRules: rules, version: community.version + 1 })

    const next = await call(`${c}/events`, 'jeroen', 'POST', {
      name: 'Beursvloer 2027',
      date: '2027-03-13',
      place: 'Het Dorpshuis',
      floorStart: '16:00',
      floorEnd: '19:00',
    })
    expect(next.body.valuationRules).toEqual(rules)
    expect((await call(ev(), 'jeroen')).body.valuationRules).toEqual(community.valuationRules)
  })
})
