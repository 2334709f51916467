/**
 * Who may do what: every route of the API (`httpRoutes`) × every role × whose data, against the
 * real handlers and DynamoDB Local. Each route has one entry in `matrix`: how to build a valid
 * request for a cell (so that only authorisation decides) and the expected outcome per role and
 * target. A route that is declared but missing from the matrix fails the suite.
 *
 * Targets: `own` is the caller's own data (their member record, their post, their community),
 * `other` is another member of the same community, `otherCommunity` is Andere Stad (Piet, his
 * post). Where a route has no target (health, /api/me, sign-out…) the three cells send the same
 * request. Anonymous callers have no data of their own: their `own` cells use Anna's.
 */
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type HttpRoute, httpRoutes, matchRoute, type routes } from '../../functions/routes'
import { throwawayKeys } from '../../scripts/lib/local-keys'
import { createStores } from '../../shared/db/index'
import { checkInCodeFrom, floorMatch, newEvent, newEventItems, newParticipant } from '../../shared/domain/event'
import { followUpsFor } from '../../shared/domain/follow-up'
import { proposedMatch } from '../../shared/domain/match'
import { valueGive } from '../../shared/domain/valuation'
import { type ErrorCode, errorCatalogue } from '../../shared/schemas/errors'
import type { BeursEvent, EventItem, Participant } from '../../shared/schemas/event'
import { defaultLifecycleSettings, matchSchema } from '../../shared/schemas/match'
import { type MemberDetails, newMemberMatching } from '../../shared/schemas/member'
import type { EventStatus } from '../../shared/schemas/vocabulary'
import { createAuditLog } from '../../shared/services/audit-service'
import { createCredentials, deriveKeys } from '../../shared/services/credentials'
import { participantIdOf } from '../../shared/services/event-service'
import { everyService } from '../../shared/services/every-service'
import { createServices } from '../../shared/services/index'
import { createQueueService } from '../../shared/services/queue-service'
import { startTestApi, type TestApi } from '../support/api'
import { testDocumentClient } from '../support/dynamodb'
import { validPostBody } from '../support/fixtures'

let api: TestApi
beforeAll(async () => {
  api = await startTestApi()
})
afterAll(async () => {
  await api?.close()
})

const roles = ['anonymous', 'resident', 'organisation', 'broker', 'coordinator'] as const
type Role = (typeof roles)[number]
const targets = ['own', 'other', 'otherCommunity'] as const
type Target = (typeof targets)[number]
type OperationId = (typeof routes)[keyof typeof routes]['operationId']

/** The demo member who plays each role. */
const playedBy: Record<Role, string | null> = {
  anonymous: null,
  resident: 'anna',
  organisation: 'stichting-de-brug',
  broker: 'samira',
  coordinator: 'jeroen',
}

interface Cell {
  role: Role
  target: Target
  /** The member playing the role; Anna for an anonymous caller (whose `own` cells use her data). */
  me: string
}

interface Request {
  method: HttpRoute['method']
  path: string
  json?: unknown
  actFor?: string
  /** Who calls, when not the member playing the role (a throwaway member, a separate session). */
  as?: string | null
}

/** `allow`: the route's own success status; otherwise the refusal, with its status from the catalogue. */
type Outcome = 'allow' | ErrorCode
type Row = readonly [own: Outcome, other: Outcome, otherCommunity: Outcome]
type Grid = Record<Role, Row>

interface RouteCase {
  /** What own / other / otherCommunity mean for this route. */
  targets: string
  /** The cells change the same versioned item (a member, the community): run them one at a time. */
  serial?: boolean
  /** Needs what the other routes' cells did (verify: the codes register sent): runs after them. */
  runLast?: boolean
  request(cell: Cell): Request | Promise<Request>
  expected: Grid
  /** More checks on an allowed response. */
  allowed?(body: Record<string, unknown>, cell: Cell): void
}

// --- the grids that recur -------------------------------------------------------------------------

const ok = 'allow'
const U = 'UNAUTHENTICATED'
const F = 'FORBIDDEN'
const CF = 'COMMUNITY_FORBIDDEN'
const nobodySignedIn: Row = [U, U, U]

const everyone: Grid = {
  anonymous: [ok, ok, ok],
  resident: [ok, ok, ok],
  organisation: [ok, ok, ok],
  broker: [ok, ok, ok],
  coordinator: [ok, ok, ok],
}
/** Every member, whatever the target (routes about the caller only). */
const anyMember: Grid = { ...everyone, anonymous: nobodySignedIn }
/** Every member of the community in the path. */
const communityMembers: Grid = {
  anonymous: nobodySignedIn,
  resident: [ok, ok, CF],
  organisation: [ok, ok, CF],
  broker: [ok, ok, CF],
  coordinator: [ok, ok, CF],
}
/** The member themself, brokers and coordinators. */
const selfOrStaff: Grid = {
  anonymous: nobodySignedIn,
  resident: [ok, F, CF],
  organisation: [ok, F, CF],
  broker: [ok, ok, CF],
  coordinator: [ok, ok, CF],
}
/** Brokers and coordinators only (for themselves too). */
const staffOnly: Grid = {
  anonymous: nobodySignedIn,
  resident: [F, F, CF],
  organisation: [F, F, CF],
  broker: [ok, ok, CF],
  coordinator: [ok, ok, CF],
}
/** Brokers and coordinators, for others only: nobody records their own consent or screening. */
const staffForOthers: Grid = {
  anonymous: nobodySignedIn,
  resident: [F, F, CF],
  organisation: [F, F, CF],
  broker: [F, ok, CF],
  coordinator: [F, ok, CF],
}
/** The member themself and coordinators (audited). */
const selfOrCoordinator: Grid = {
  anonymous: nobodySignedIn,
  resident: [ok, F, CF],
  organisation: [ok, F, CF],
  broker: [ok, F, CF],
  coordinator: [ok, ok, CF],
}
const coordinatorOnly: Grid = {
  anonymous: nobodySignedIn,
  resident: [F, F, CF],
  organisation: [F, F, CF],
  broker: [F, F, CF],
  coordinator: [ok, ok, CF],
}
/** The member alone (or a broker acting for them, which the matrix does not do): personal choices. */
const selfOnly: Grid = {
  anonymous: nobodySignedIn,
  resident: [ok, F, CF],
  organisation: [ok, F, CF],
  broker: [ok, F, CF],
  coordinator: [ok, F, CF],
}
const NB = 'NOT_A_BROKER'
/** The work queue: brokers and coordinators of the community. */
const queueWorkers: Grid = {
  anonymous: nobodySignedIn,
  resident: [NB, NB, CF],
  organisation: [NB, NB, CF],
  broker: [ok, ok, CF],
  coordinator: [ok, ok, CF],
}
const NP = 'NOT_A_PARTY'
/** Matches: the parties; brokers and coordinators for a resident whose consent covers matches (Henk). */
const partiesOrStaff: Grid = {
  anonymous: nobodySignedIn,
  resident: [ok, NP, CF],
  organisation: [ok, NP, CF],
  broker: [ok, ok, CF],
  coordinator: [ok, ok, CF],
}
/** Posts: the author, brokers and coordinators may change them. */
const authorOrStaff: Grid = {
  anonymous: nobodySignedIn,
  resident: [ok, 'NOT_POST_OWNER', CF],
  organisation: [ok, 'NOT_POST_OWNER', CF],
  broker: [ok, ok, CF],
  coordinator: [ok, ok, CF],
}

// --- request helpers -------------------------------------------------------------------------------

const communityOf = (target: Target) => (target === 'otherCommunity' ? 'andere-stad' : 'lindeveen')
const slug = (cell: Cell) => `${cell.role}-${cell.target.toLowerCase()}`
const today = () => new Date().toISOString().slice(0, 10)
const nextYear = () => `${Number(today().slice(0, 4)) + 1}${today().slice(4)}`
const req = (method: HttpRoute['method'], path: string, json?: unknown): Request => ({ method, path, json })

/** The member a cell is about: the caller, another Lindeveen member, or Piet in Andere Stad. */
const subjectOf = (cell: Cell, other = 'fatima') =>
  cell.target === 'own' ? cell.me : cell.target === 'other' ? other : 'piet'
const memberPath = (cell: Cell, suffix = '', other?: string) =>
  `/api/communities/${communityOf(cell.target)}/members/${subjectOf(cell, other)}${suffix}`
/** The member reads their own record: current version and contact, without an audit entry. */
const readSelf = async (cell: Cell, suffix: '' | '/contact', other?: string) => {
  const { status, body } = await api.call(memberPath(cell, suffix, other), {
    as: `${communityOf(cell.target)}/${subjectOf(cell, other)}`,
  })
  expect(status).toBe(200)
  return body
}
const memberVersion = async (cell: Cell, other?: string): Promise<number> => (await readSelf(cell, '', other)).version

/** A new open post (version 1), so that changing or closing it affects no other cell. */
const freshPost = async (author: string): Promise<string> => {
  const { status, body } = await api.call('/api/communities/lindeveen/posts', {
    as: `lindeveen/${author}`,
    method: 'POST',
    json: validPostBody({ title: `Matrixbericht van ${author}` }),
  })
  expect(status).toBe(201)
  return body.id
}
/** The caller's own post, Fatima's, or Piet's post in Andere Stad (never changed: version 1). */
const postPath = async (cell: Cell) =>
  cell.target === 'otherCommunity'
    ? '/api/communities/andere-stad/posts/other-community-post'
    : `/api/communities/lindeveen/posts/${await freshPost(cell.target === 'own' ? cell.me : 'fatima')}`

const communityVersion = async (target: Target): Promise<number> => {
  const { status, body } = await api.call(`/api/communities/${communityOf(target)}`, { as: null })
  expect(status).toBe(200)
  return body.version
}

const consent = () => ({ givenOn: today(), method: 'paper', covers: ['posts', 'contact'] })

/** A member made by the coordinator for one cell: erasing them affects nobody else. */
const throwaway = async (role: Exclude<Role, 'anonymous'>, tag: string): Promise<string> => {
  const kind = role === 'organisation' ? 'organisation' : 'resident'
  const { status, body } = await api.call('/api/communities/lindeveen/members', {
    as: 'lindeveen/jeroen',
    method: 'POST',
    json: {
      kind,
      role,
      displayName: 'Wegwerp',
      areaId: 'havenbuurt',
      contact: {
        fullName: 'Wegwerp Lid',
        email: `wegwerp-${tag}@example.nl`,
        phone: null,
        address: null,
        representatives: [],
      },
      ...(role === 'resident' ? { consent: consent() } : {}),
    },
  })
  expect(status).toBe(201)
  return body.id
}

/**
 * A second session for a member, made as `api.tokenFor` makes one (a session item and a token
 * signed with the throwaway key the test API gave its local gateway). Signing out ends a
 * session, so the sign-out cells must not use the session the other cells share.
 */
const separateSession = async (memberId: string): Promise<string> => {
  const secret = process.env.BUURTBEURS_KEYS
  if (!secret) throw new Error('The test API is not running')
  const db = testDocumentClient(api.endpoint)
  try {
    const sessionId = `matrix-${memberId}-${Math.random().toString(36).slice(2, 10)}`
    const created = new Date()
    const ends = new Date(created.getTime() + 60 * 60 * 1000)
    await createStores(db, api.tableName).auth.putSession(
      { sessionId, communityId: 'lindeveen', memberId, createdAt: created.toISOString(), endsAt: ends.toISOString() },
      Math.floor(ends.getTime() / 1000),
    )
    return await createCredentials(deriveKeys(secret)).signToken(
      { memberId, communityId: 'lindeveen', sessionId },
      created,
      ends,
    )
  } finally {
    db.destroy()
  }
}

/**
 * A fresh task (version 1, due) in the target's community: Lindeveen's about a new post of
 * Fatima's, Andere Stad's about Piet's post. For `other`, another broker or coordinator took it
 * first (taking, snoozing or finishing it is a hand-over). Raised as the matching worker does, for
 * a match of its own, so no two cells share a task.
 */
/**
 * A fresh request (the caller's, or Fatima's) and a fitting fresh offer by Tom, both with their
 * authors' matching facts stamped (the stream worker does that in the running system): a pair
 * that passes every hard constraint, so only authorisation decides.
 */
const freshPair = async (cell: Cell): Promise<{ path: string; offerId: string }> => {
  if (cell.target === 'otherCommunity') {
    return { path: '/api/communities/andere-stad/posts/other-community-post', offerId: 'other-community-post' }
  }
  const requestId = await freshPost(cell.target === 'own' ? cell.me : 'fatima')
  const { body: offer } = await api.call('/api/communities/lindeveen/posts', {
    as: 'lindeveen/tom',
    method: 'POST',
    json: validPostBody({ kind: 'offer', title: 'Matrixaanbod van Tom' }),
  })
  const db = testDocumentClient(api.endpoint)
  try {
    const runtime = {
      now: () => new Date(),
      newId: () => Math.random().toString(36).slice(2, 14),
      newCode: () => '000000',
    }
    const services = createServices(
      createStores(db, api.tableName),
      runtime,
      createCredentials(deriveKeys(throwawayKeys())),
      { send: async () => {} },
      everyService,
    )
    await services.matching.refreshAuthorFacts('lindeveen', cell.target === 'own' ? cell.me : 'fatima')
    await services.matching.refreshAuthorFacts('lindeveen', 'tom')
  } finally {
    db.destroy()
  }
  return { path: `/api/communities/lindeveen/posts/${requestId}`, offerId: offer.id }
}

const freshQueueItem = async (cell: Cell): Promise<{ path: string; version: number }> => {
  const communityId = communityOf(cell.target)
  const postId = cell.target === 'otherCommunity' ? 'other-community-post' : await freshPost('fatima')
  const db = testDocumentClient(api.endpoint)
  try {
    const stores = createStores(db, api.tableName)
    const runtime = {
      now: () => new Date(),
      newId: () => Math.random().toString(36).slice(2, 14),
      newCode: () => '000000',
    }
    const queue = createQueueService(stores, runtime, createAuditLog(stores, runtime))
    const stored = await stores.posts.get(communityId, postId)
    if (!stored) throw new Error(`No post ${postId}`)
    const id = await queue.raise({
      kind: 'interest-no-reply',
      post: stored.post,
      areaPath: stored.areaPath,
      memberName: stored.post.author.displayName,
      matchId: `matrix-${slug(cell)}-${Math.random().toString(36).slice(2, 10)}`,
      dueAt: new Date(Date.now() - 60_000),
    })
    let version = 1
    if (cell.target === 'other') {
      const taker = await stores.members.get('lindeveen', cell.me === 'samira' ? 'jeroen' : 'samira')
      if (!taker) throw new Error('No demo broker')
      version = (await queue.take(taker, 'lindeveen', id, { version: 1 })).version
    }
    return { path: `/api/communities/${communityId}/queue/${id}`, version }
  } finally {
    db.destroy()
  }
}
const tomorrow = () => new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString()

/**
 * A signed link to a fresh follow-up question (sent, unanswered), for the request side of a new
 * accepted match of the cell's subject (the caller, Fatima, or Piet in Andere Stad), signed with
 * the test API's key: one question per cell, so answering it affects no other cell.
 */
const freshFollowUpLink = async (cell: Cell): Promise<string> => {
  const secret = process.env.BUURTBEURS_KEYS
  if (!secret) throw new Error('The test API is not running')
  const communityId = communityOf(cell.target)
  const now = new Date()
  const tag = Math.random().toString(36).slice(2, 10)
  const match = matchSchema.parse({
    id: `mxreq${tag}_mxoff${tag}`,
    communityId,
    requestId: `mxreq${tag}`,
    offerId: `mxoff${tag}`,
    requestMemberId: subjectOf(cell),
    // Andere Stad has only Piet: the helper there needs no member record for this.
    offerMemberId: cell.target === 'otherCommunity' ? 'andere-helper' : 'tom',
    status: 'accepted',
    interest: { request: null, offer: null },
    score: 50,
    acceptedAt: now.toISOString(),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 2,
  })
  const [question] = followUpsFor(match, defaultLifecycleSettings, now)
  if (!question) throw new Error('No follow-up')
  const db = testDocumentClient(api.endpoint)
  try {
    const stores = createStores(db, api.tableName)
    await stores.matches.create(match)
    await stores.followUps.create({ ...question, status: 'sent', sentAt: now.toISOString(), version: 2 })
  } finally {
    db.destroy()
  }
  return createCredentials(deriveKeys(secret)).signFollowUpLink(
    { communityId, followUpId: question.id, side: 'request' },
    new Date(now.getTime() + 24 * 60 * 60 * 1000),
  )
}

/**
 * A fresh match for one cell, at a stage of its life. `own`: about a new request of the caller
 * (anonymous: Anna); `other`: about a new request of Henk's, posted for him by Samira (his consent
 * covers matches, so brokers may act for him); `otherCommunity`: a match in Andere Stad. The
 * helper is a new member each time (no helper runs out of capacity) who said yes first, so the
 * request's side is the one to answer. `accepted`: both said yes; `agreed`: and the helper wrote
 * the agreement.
 */
const freshMatch = async (
  cell: Cell,
  stage: 'proposed' | 'accepted' | 'agreed' = 'proposed',
): Promise<{ path: string; version: number }> => {
  const tag = Math.random().toString(36).slice(2, 10)
  const db = testDocumentClient(api.endpoint)
  try {
    const runtime = {
      now: () => new Date(),
      newId: () => `mx${Math.random().toString(36).slice(2, 14)}`,
      newCode: () => '000000',
    }
    const services = createServices(
      createStores(db, api.tableName),
      runtime,
      createCredentials(deriveKeys(throwawayKeys())),
      { send: async () => {} },
      everyService,
    )
    const { stores } = services
    if (cell.target === 'otherCommunity') {
      const match = proposedMatch({
        communityId: 'andere-stad',
        request: { id: 'other-community-post', memberId: 'piet' },
        offer: { id: `mxoff${tag}`, memberId: 'andere-helper' },
        side: 'offer',
        actor: { by: 'andere-helper', sides: [{ side: 'offer', viaBroker: false }] },
        message: '',
        score: 1,
        now: new Date(),
      })
      await stores.matches.create(match)
      return { path: `/api/communities/andere-stad/matches/${match.id}`, version: 1 }
    }
    const requester = await stores.members.get('lindeveen', cell.target === 'own' ? cell.me : 'henk')
    const samira = await stores.members.get('lindeveen', 'samira')
    if (!requester || !samira) throw new Error('No demo member')
    const at = new Date().toISOString()
    const helper: MemberDetails = {
      id: `mx-${tag}`,
      communityId: 'lindeveen',
      kind: 'resident',
      role: 'resident',
      displayName: 'Matrixhelper',
      areaId: 'de-akkers',
      managedByBroker: false,
      status: 'active',
      ...newMemberMatching(),
      contactPreference: 'email',
      language: 'nl',
      consents: [],
      screenings: [],
      version: 1,
      createdAt: at,
      lastActiveAt: at,
      retentionNoticeAt: null,
    }
    const contact = { fullName: 'Matrix Helper', email: null, phone: null, address: null, representatives: [] }
    await stores.members.create(helper, contact, [])
    const request = await services.posts.create(
      requester.managedByBroker ? { ...requester, actedBy: samira } : requester,
      'lindeveen',
      validPostBody({ title: `Matrixvraag van ${requester.id}` }),
    )
    const offer = await services.posts.create(
      helper,
      'lindeveen',
      validPostBody({ kind: 'offer', title: 'Matrixaanbod' }),
    )
    const [requestStored, offerStored] = await Promise.all([
      stores.posts.get('lindeveen', request.id),
      stores.posts.get('lindeveen', offer.id),
    ])
    if (!requestStored || !offerStored) throw new Error('The posts are missing')
    let match = await services.matches.propose(helper, {
      own: offerStored,
      other: requestStored,
      message: '',
      assess: async () => 1,
    })
    if (stage !== 'proposed') {
      match = await services.matches.acceptMatch(requester, 'lindeveen', match.id, {
        version: match.version,
        message: '',
      })
    }
    if (stage === 'agreed') {
      match = await services.matches.putAgreement(helper, 'lindeveen', match.id, {
        what: 'Boodschappen doen',
        startsOn: nextYear(),
        startTime: null,
        durationMinutes: 60,
        recurrence: 'once',
        endsOn: null,
        place: '',
        version: match.version,
      })
    }
    return { path: `/api/communities/lindeveen/matches/${match.id}`, version: match.version }
  } finally {
    db.destroy()
  }
}

// --- Beursvloer events -----------------------------------------------------------------------------

/** An event written straight to the table (status as asked), with a need and an offer per participant. */
const writeEvent = async (
  communityId: string,
  status: EventStatus,
  memberIds: string[],
): Promise<{
  event: BeursEvent
  of: Record<string, { participant: Participant; need: EventItem; offer: EventItem }>
}> => {
  const db = testDocumentClient(api.endpoint)
  try {
    const stores = createStores(db, api.tableName)
    const community = await stores.communities.get(communityId)
    if (!community) throw new Error(`No community ${communityId}`)
    const now = new Date()
    const tag = Math.random().toString(36).slice(2, 10)
    const event: BeursEvent = {
      ...newEvent({
        id: `mxev-${tag}`,
        community,
        body: { name: 'Matrixbeurs', date: today(), place: 'Dorpshuis', floorStart: '16:00', floorEnd: '19:00' },
        createdBy: 'jeroen',
        now,
      }),
      status,
    }
    await stores.events.create(event)
    const of: Record<string, { participant: Participant; need: EventItem; offer: EventItem }> = {}
    for (const memberId of memberIds) {
      const participant = newParticipant({
        id: participantIdOf(event.id, memberId),
        eventId: event.id,
        memberId,
        body: { name: `Deelnemer ${memberId}`, type: 'vrijwilliger', contactName: '', showName: true },
        checkInCode: checkInCodeFrom(randomBytes(6)),
        source: 'staff',
        registeredBy: 'jeroen',
        now,
      })
      const [need, offer] = newEventItems({
        event,
        participantId: participant.id,
        bodies: [
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
            cornerId: 'kennis',
            title: 'Een cursus Excel',
            description: '',
            quantity: 5,
            wantsInReturn: '',
          },
        ],
        ids: [`mxne-${tag}-${memberId}`.slice(0, 40), `mxof-${tag}-${memberId}`.slice(0, 40)],
        now,
      })
      if (!need || !offer) throw new Error('No items')
      await stores.events.registerParticipant(communityId, participant, [need, offer])
      of[memberId] = { participant, need, offer }
    }
    return { event, of }
  } finally {
    db.destroy()
  }
}

/** Who takes part in the shared event: every member who plays a role, Fatima (`other`) and Tom (the other side). */
const sharedMembers = ['anna', 'stichting-de-brug', 'samira', 'jeroen', 'fatima', 'tom']
let shared: ReturnType<typeof writeEvent> | undefined
/** One live event for the cells that only read (or change nothing twice). */
const sharedEvent = () => {
  shared ??= writeEvent('lindeveen', 'live', sharedMembers)
  return shared
}
let stranger: ReturnType<typeof writeEvent> | undefined
/** A live event the members who play a role do not take part in (only Fatima and Tom). */
const strangerEvent = () => {
  stranger ??= writeEvent('lindeveen', 'live', ['fatima', 'tom'])
  return stranger
}
let andere: ReturnType<typeof writeEvent> | undefined
/** A live event in Andere Stad, with Piet. */
const andereEvent = () => {
  andere ??= writeEvent('andere-stad', 'live', ['piet'])
  return andere
}

/** Ids that look right, for cells in Andere Stad that are refused before anything is looked up. */
const fakeEvent = 'mxev-andere-stad'
const eventsPath = (target: Target) => `/api/communities/${communityOf(target)}/events`

/** The event path for a cell: the shared event (own), the event without the caller (other), Andere Stad's. */
const eventPathOf = async (cell: Cell) => {
  if (cell.target === 'otherCommunity') return `${eventsPath(cell.target)}/${(await andereEvent()).event.id}`
  const { event } = cell.target === 'own' ? await sharedEvent() : await strangerEvent()
  return `${eventsPath(cell.target)}/${event.id}`
}

/** A fresh event with the caller (own; anonymous: Anna), Fatima and Tom taking part. */
const freshEventFor = async (cell: Cell, status: EventStatus = 'live') =>
  writeEvent('lindeveen', status, [...new Set([cell.me, 'fatima', 'tom'])])

/** A floor match in a fresh event: the caller's need (own) or Fatima's (other), met by Tom's offer. */
const freshFloorMatch = async (cell: Cell): Promise<string> => {
  if (cell.target === 'otherCommunity') return `${eventsPath(cell.target)}/${fakeEvent}/matches/mxneed00001_mxoffer0001`
  const { event, of } = await freshEventFor(cell)
  const needer = of[cell.target === 'own' ? cell.me : 'fatima']
  const giver = of.tom
  if (!needer || !giver) throw new Error('No participants')
  const match = floorMatch({
    communityId: 'lindeveen',
    eventId: event.id,
    cornerId: 'kennis',
    need: { participant: needer.participant, item: needer.need, typed: false },
    offer: { participant: giver.participant, item: giver.offer, typed: false },
    offerGives: { what: 'Een cursus', valuation: valueGive(event.valuationRules, { ruleId: 'standaard' }, 'v') },
    needGives: null,
    when: 'in april',
    recordedBy: 'samira',
    viaBroker: true,
    now: new Date(),
  })
  const db = testDocumentClient(api.endpoint)
  try {
    await createStores(db, api.tableName).events.recordMatch({
      match,
      newItems: [],
      takeItemIds: [needer.need.id, giver.offer.id],
    })
  } finally {
    db.destroy()
  }
  return `${eventsPath(cell.target)}/${event.id}/matches/${match.id}`
}

/** The caller's own participant (own) or Fatima's (other) in the shared event; a made-up one in Andere Stad. */
const participantPathOf = async (cell: Cell, event?: Awaited<ReturnType<typeof writeEvent>>) => {
  if (cell.target === 'otherCommunity') return `${eventsPath(cell.target)}/${fakeEvent}/participants/mxpart00001`
  const { event: e, of } = event ?? (await sharedEvent())
  const participant = of[cell.target === 'own' ? cell.me : 'fatima']?.participant
  if (!participant) throw new Error('No participant')
  return `${eventsPath(cell.target)}/${e.id}/participants/${participant.id}`
}
const eventBody = () => ({
  name: 'Matrixbeurs',
  date: today(),
  place: 'Dorpshuis',
  floorStart: '16:00',
  floorEnd: '19:00',
})
/** Self-registration must fit the member: a volunteer for a resident, an organisation type for an organisation. */
const participantType = (cell: Cell) => (cell.role === 'organisation' ? 'maatschappelijke-organisatie' : 'vrijwilliger')

// --- sign-in addresses -----------------------------------------------------------------------------
// Sign-in requests are limited to 30 per client per quarter of an hour and per community, and to 5
// codes per address: the 30 Lindeveen cells of code/register/verify use exactly that budget, and
// every cell uses its own addresses. Verify uses the code the register cell of the same role and
// target sent.

/** Another Lindeveen member per role, so that no address gets more than a few codes. */
const codeRecipient: Record<Role, string> = {
  anonymous: 'lars',
  resident: 'mieke',
  organisation: 'yusuf',
  broker: 'joost',
  coordinator: 'priya',
}
const codeAddress = (cell: Cell) =>
  cell.target === 'own'
    ? cell.role === 'anonymous'
      ? 'niemand@example.nl' // nobody's: the answer is the same
      : `${cell.me}@example.nl`
    : cell.target === 'other'
      ? `${codeRecipient[cell.role]}@example.nl`
      : cell.role === 'anonymous'
        ? 'niemand@example.nl'
        : 'piet@example.nl'
/** Already a member: registering is then a sign-in request for them, with the same answer. */
const knownRegistrant: Record<Role, string> = {
  anonymous: 'tom',
  resident: 'sanne',
  organisation: 'ruud',
  broker: 'bram',
  coordinator: 'nadia',
}
const registerAddress = (cell: Cell) =>
  cell.target === 'other' ? `${knownRegistrant[cell.role]}@example.nl` : `nieuw-${slug(cell)}@example.nl`

// --- the matrix ------------------------------------------------------------------------------------

const matrix: Record<OperationId, RouteCase> = {
  getHealth: {
    targets: 'no target',
    request: () => req('GET', '/api/health'),
    expected: everyone,
  },
  getOpenApiDocument: {
    targets: 'no target',
    request: () => req('GET', '/api/openapi.json'),
    expected: everyone,
  },
  getCaller: {
    targets: 'no target: always the caller',
    request: () => req('GET', '/api/me'),
    expected: anyMember,
    allowed: (body, cell) => expect(body.id).toBe(cell.me),
  },
  listCommunities: {
    targets: 'no target: the caller’s communities',
    request: () => req('GET', '/api/communities'),
    expected: anyMember,
    allowed: (body) => expect(body.items).toEqual([expect.objectContaining({ id: 'lindeveen' })]),
  },
  getCommunity: {
    targets: 'Lindeveen / Lindeveen / Andere Stad (public: the sign-up form needs it)',
    request: (cell) => req('GET', `/api/communities/${communityOf(cell.target)}`),
    expected: everyone,
  },
  putArea: {
    targets: 'a new area in Lindeveen (own and other alike) / one in Andere Stad',
    serial: true,
    request: async (cell) =>
      req('PUT', `/api/communities/${communityOf(cell.target)}/areas/matrix-${slug(cell)}`, {
        name: 'Matrixbuurt',
        level: 'buurt',
        parentId: 'noord',
        version: await communityVersion(cell.target),
      }),
    expected: coordinatorOnly,
  },
  putCategory: {
    targets: 'a new category in Lindeveen (own and other alike) / one in Andere Stad',
    serial: true,
    request: async (cell) =>
      req('PUT', `/api/communities/${communityOf(cell.target)}/categories/matrix-${slug(cell)}`, {
        name: { nl: 'Matrix', en: 'Matrix' },
        resourceType: 'menskracht',
        riskLevel: 'light',
        version: await communityVersion(cell.target),
      }),
    expected: coordinatorOnly,
  },
  putCommunitySettings: {
    targets: 'Lindeveen (own and other alike) / Andere Stad',
    serial: true,
    request: async (cell) =>
      req('PUT', `/api/communities/${communityOf(cell.target)}/settings`, {
        helpdesk: { name: 'Makelaars', phone: '0123 45 67 89', email: null },
        retention: { closedPostDays: 365, inactiveMemberDays: 730 },
        version: await communityVersion(cell.target),
      }),
    expected: coordinatorOnly,
  },
  listOpenPosts: {
    targets: 'Lindeveen / Lindeveen / Andere Stad',
    request: (cell) => req('GET', `/api/communities/${communityOf(cell.target)}/posts`),
    expected: communityMembers,
  },
  createPost: {
    targets: 'a post of one’s own / one for Henk (x-act-for, his consent covers posts) / one in Andere Stad',
    request: (cell) => ({
      ...req('POST', `/api/communities/${communityOf(cell.target)}/posts`, validPostBody()),
      ...(cell.target === 'other' ? { actFor: 'henk' } : {}),
    }),
    expected: {
      anonymous: nobodySignedIn,
      // Only brokers and coordinators act for a resident.
      resident: [ok, F, CF],
      organisation: [ok, F, CF],
      broker: [ok, ok, CF],
      coordinator: [ok, ok, CF],
    },
    allowed: (body, cell) =>
      expect(body).toMatchObject({
        author: { memberId: cell.target === 'other' ? 'henk' : cell.me },
        viaBroker: cell.target === 'other',
      }),
  },
  getPost: {
    targets: 'a post of one’s own / Fatima’s / Piet’s in Andere Stad',
    request: async (cell) => req('GET', await postPath(cell)),
    expected: communityMembers,
  },
  updatePost: {
    targets: 'a post of one’s own / Fatima’s / Piet’s in Andere Stad',
    request: async (cell) => req('PATCH', await postPath(cell), { version: 1, title: 'Gewijzigd in de matrix' }),
    expected: authorOrStaff,
    allowed: (body) => expect(body).toMatchObject({ version: 2, title: 'Gewijzigd in de matrix' }),
  },
  closePost: {
    targets: 'a post of one’s own / Fatima’s / Piet’s in Andere Stad',
    request: async (cell) => req('POST', `${await postPath(cell)}/close`, { version: 1, reason: 'fulfilled' }),
    expected: authorOrStaff,
    allowed: (body) => expect(body).toMatchObject({ status: 'closed', closeReason: 'fulfilled' }),
  },
  requestSignInCode: {
    targets: 'one’s own address (anonymous: an unknown one) / another member’s / an address in Andere Stad',
    request: (cell) =>
      req('POST', '/api/auth/code', { communityId: communityOf(cell.target), address: codeAddress(cell) }),
    expected: everyone,
    allowed: (body) => expect(body).toEqual({ sent: true, expiresInSeconds: 600 }),
  },
  registerResident: {
    targets: 'a new resident / an address another member already uses / a new resident in Andere Stad',
    request: (cell) =>
      req('POST', '/api/auth/register', {
        communityId: communityOf(cell.target),
        address: registerAddress(cell),
        displayName: 'Nieuwkomer',
        areaId: 'havenbuurt',
      }),
    expected: everyone,
    allowed: (body) => expect(body).toEqual({ sent: true, expiresInSeconds: 600 }),
  },
  verifySignInCode: {
    targets: 'the code the register cell of the same role and target sent',
    runLast: true,
    request: async (cell) =>
      req('POST', '/api/auth/verify', {
        communityId: communityOf(cell.target),
        address: registerAddress(cell),
        code: (await api.latestCode(registerAddress(cell))) ?? 'no code was sent',
      }),
    expected: everyone,
    allowed: (body, cell) =>
      expect(body.member).toMatchObject(
        cell.target === 'other'
          ? { id: knownRegistrant[cell.role] }
          : { communityId: communityOf(cell.target), displayName: 'Nieuwkomer' },
      ),
  },
  renewSession: {
    targets: 'no target: the caller’s session',
    request: () => req('POST', '/api/auth/renew'),
    expected: anyMember,
  },
  signOut: {
    targets: 'no target: the caller’s session (a separate one per cell)',
    request: async (cell) => ({
      ...req('POST', '/api/auth/sign-out'),
      as: cell.role === 'anonymous' ? null : await separateSession(cell.me),
    }),
    expected: anyMember,
  },
  listMembers: {
    targets: 'Lindeveen / Lindeveen / Andere Stad',
    request: (cell) => req('GET', `/api/communities/${communityOf(cell.target)}/members`),
    expected: staffOnly,
  },
  createMember: {
    targets: 'an intake of a resident (with consent) / an invitation of a broker / an intake in Andere Stad',
    request: (cell) => {
      const invite = cell.target === 'other'
      return req('POST', `/api/communities/${communityOf(cell.target)}/members`, {
        kind: 'resident',
        role: invite ? 'broker' : 'resident',
        displayName: 'Intake',
        areaId: 'havenbuurt',
        contact: {
          fullName: 'Intake Matrix',
          email: `intake-${slug(cell)}@example.nl`,
          phone: null,
          address: null,
          representatives: [],
        },
        ...(invite ? {} : { consent: consent() }),
      })
    },
    expected: {
      anonymous: nobodySignedIn,
      resident: [F, F, CF],
      organisation: [F, F, CF],
      // A broker registers residents; only a coordinator invites brokers and coordinators.
      broker: [ok, F, CF],
      coordinator: [ok, ok, CF],
    },
  },
  getMember: {
    targets: 'oneself / Fatima / Piet in Andere Stad',
    request: (cell) => req('GET', memberPath(cell)),
    expected: selfOrStaff,
  },
  getMemberContact: {
    targets: 'oneself / Fatima / Piet in Andere Stad',
    request: (cell) => req('GET', memberPath(cell, '/contact')),
    expected: selfOrStaff,
    allowed: (body, cell) => expect(body.email).toBe(`${subjectOf(cell)}@example.nl`),
  },
  putMemberContact: {
    targets: 'oneself / Henk (his consent covers contact) / Piet in Andere Stad; the details as they are',
    serial: true,
    request: async (cell) => {
      const [member, contact] = await Promise.all([readSelf(cell, '', 'henk'), readSelf(cell, '/contact', 'henk')])
      return req('PUT', memberPath(cell, '/contact', 'henk'), {
        ...contact,
        contactPreference: member.contactPreference,
        language: member.language,
        version: member.version,
      })
    },
    expected: selfOrStaff,
  },
  setMemberRole: {
    targets: 'oneself / Fatima / Piet in Andere Stad; the role they already have',
    serial: true,
    request: async (cell) => {
      const member = await readSelf(cell, '')
      return req('PUT', memberPath(cell, '/role'), {
        role: member.role,
        version: member.version,
        reason: 'Matrix: de rol blijft gelijk',
      })
    },
    expected: {
      anonymous: nobodySignedIn,
      resident: [F, F, CF],
      organisation: [F, F, CF],
      broker: [F, F, CF],
      // Nobody changes their own role.
      coordinator: ['OWN_ROLE', ok, CF],
    },
  },
  recordConsent: {
    targets: 'oneself / Fatima / Piet in Andere Stad',
    serial: true,
    request: async (cell) =>
      req('POST', memberPath(cell, '/consents'), { ...consent(), version: await memberVersion(cell) }),
    expected: staffForOthers,
  },
  withdrawConsent: {
    targets: 'oneself / Fatima / Piet in Andere Stad (never Henk: other cells act for him)',
    serial: true,
    request: async (cell) =>
      req('POST', memberPath(cell, '/consents/withdraw'), { version: await memberVersion(cell) }),
    expected: selfOrStaff,
  },
  recordScreening: {
    targets: 'oneself / Fatima / Piet in Andere Stad',
    serial: true,
    request: async (cell) =>
      req('POST', memberPath(cell, '/screenings'), {
        kind: 'vog',
        checkedOn: today(),
        validUntil: nextYear(),
        note: '',
        version: await memberVersion(cell),
      }),
    // A broker cannot screen themselves into sensitive help.
    expected: staffForOthers,
  },
  listMemberPosts: {
    targets: 'oneself / Fatima / Piet in Andere Stad',
    request: (cell) => req('GET', memberPath(cell, '/posts')),
    expected: selfOrStaff,
  },
  getMemberSummary: {
    targets: 'oneself / Fatima / Piet in Andere Stad',
    request: (cell) => req('GET', memberPath(cell, '/summary')),
    // What a broker prints for a resident: staff only, also for one's own record.
    expected: staffOnly,
  },
  exportMemberData: {
    targets: 'oneself / Fatima / Piet in Andere Stad',
    request: (cell) => req('GET', memberPath(cell, '/export')),
    expected: selfOrCoordinator,
    allowed: (body, cell) => expect(body.member).toMatchObject({ id: subjectOf(cell) }),
  },
  eraseMember: {
    targets:
      'a throwaway member of the same role erasing themself / a throwaway resident / Piet in Andere Stad (never erased)',
    request: async (cell) => {
      const body = { confirm: true, reason: 'Matrix' }
      if (cell.target === 'otherCommunity') return req('POST', memberPath(cell, '/erase'), body)
      const id = await throwaway(
        cell.target === 'own' && cell.role !== 'anonymous' ? cell.role : 'resident',
        `${slug(cell)}-${Math.random().toString(36).slice(2, 8)}`,
      )
      const self = cell.target === 'own' && cell.role !== 'anonymous'
      return {
        ...req('POST', `/api/communities/lindeveen/members/${id}/erase`, body),
        ...(self ? { as: `lindeveen/${id}` } : {}),
      }
    },
    expected: selfOrCoordinator,
    allowed: (body) => expect(body).toMatchObject({ status: 'erased', displayName: 'Oud-lid' }),
  },
  putHelping: {
    targets: 'oneself / Fatima / Piet in Andere Stad; the capacity and languages they already have',
    serial: true,
    request: async (cell) => {
      const member = await readSelf(cell, '')
      return req('PUT', memberPath(cell, '/helping'), {
        ...member.helping,
        languages: member.languages,
        version: member.version,
      })
    },
    expected: selfOrStaff,
  },
  blockMember: {
    targets: 'oneself, blocking the author of Lars’s new post / the same for Fatima / Piet, his own post',
    serial: true,
    request: async (cell) =>
      req('POST', memberPath(cell, '/blocks'), {
        postId: cell.target === 'otherCommunity' ? 'other-community-post' : await freshPost('lars'),
        version: await memberVersion(cell),
      }),
    // Blocks are personal: the member (or a broker acting for them), never staff as such.
    expected: selfOnly,
    allowed: (body) =>
      expect(body.blocked).toEqual(expect.arrayContaining([expect.objectContaining({ memberId: 'lars' })])),
  },
  unblockMember: {
    targets: 'oneself, lifting a block of Lars / the same for Fatima / the same for Piet',
    serial: true,
    request: async (cell) =>
      req('POST', memberPath(cell, '/blocks/remove'), { memberId: 'lars', version: await memberVersion(cell) }),
    expected: selfOnly,
    allowed: (body) =>
      expect(body.blocked).not.toEqual(expect.arrayContaining([expect.objectContaining({ memberId: 'lars' })])),
  },
  listSuggestions: {
    targets: 'a post of one’s own / Fatima’s / Piet’s in Andere Stad',
    request: async (cell) => req('GET', `${await postPath(cell)}/suggestions`),
    expected: authorOrStaff,
  },
  listPostMatches: {
    targets: 'a post of one’s own / Fatima’s / Piet’s in Andere Stad',
    request: async (cell) => req('GET', `${await postPath(cell)}/matches`),
    expected: authorOrStaff,
  },
  expressInterest: {
    targets: 'a request of one’s own / Fatima’s / Piet’s in Andere Stad; in a fitting offer of Tom',
    request: async (cell) => {
      const { path, offerId } = await freshPair(cell)
      return req('POST', `${path}/interest`, { otherPostId: offerId })
    },
    expected: authorOrStaff,
    allowed: (body) => expect(body).toMatchObject({ status: 'proposed', version: 1 }),
  },
  putMatchingSettings: {
    targets: 'Lindeveen (own and other alike) / Andere Stad',
    serial: true,
    request: async (cell) => {
      const { body } = await api.call(`/api/communities/${communityOf(cell.target)}`, { as: null })
      return req('PUT', `/api/communities/${communityOf(cell.target)}/matching`, {
        ...body.matching,
        version: await communityVersion(cell.target),
      })
    },
    expected: coordinatorOnly,
  },
  getMemberAttributes: {
    targets: 'oneself / Fatima / Piet in Andere Stad',
    request: (cell) => req('GET', memberPath(cell, '/attributes')),
    // Only the member: never a broker or coordinator, not even acting for them.
    expected: selfOnly,
  },
  putMemberAttributes: {
    targets: 'oneself / Fatima / Piet in Andere Stad; an age band, with consent',
    request: (cell) => req('PUT', memberPath(cell, '/attributes'), { ageBand: '45-64', consent: true }),
    expected: selfOnly,
    allowed: (body) => expect(body).toMatchObject({ ageBand: '45-64', consentedAt: expect.any(String) }),
  },
  putNotificationPreference: {
    targets: 'oneself / Henk (his consent covers contact) / Piet in Andere Stad; the channel they already have',
    serial: true,
    request: async (cell) => {
      const member = await readSelf(cell, '', 'henk')
      return req('PUT', memberPath(cell, '/notifications', 'henk'), {
        contactPreference: member.contactPreference,
        version: member.version,
      })
    },
    expected: selfOrStaff,
    allowed: (body, cell) =>
      expect(body).toMatchObject({ id: subjectOf(cell, 'henk'), contactPreference: expect.any(String) }),
  },
  listFollowUps: {
    targets: 'Lindeveen’s follow-ups (own and other alike) / Andere Stad’s',
    request: (cell) => req('GET', `/api/communities/${communityOf(cell.target)}/follow-ups`),
    expected: queueWorkers,
  },
  lookupFollowUp: {
    targets: 'a link to a question about a match of oneself (anonymous: Anna) / of Fatima / of Piet in Andere Stad',
    request: async (cell) => req('POST', '/api/follow-up/question', { token: await freshFollowUpLink(cell) }),
    // The signed link is the right, whoever sends it: no sign-in needed, none gives more.
    expected: everyone,
    allowed: (body) => expect(body).toMatchObject({ step: 'contact', side: 'request', answered: null }),
  },
  answerFollowUp: {
    targets: 'a link to a question about a match of oneself (anonymous: Anna) / of Fatima / of Piet in Andere Stad',
    request: async (cell) =>
      req('POST', '/api/follow-up/answer', { token: await freshFollowUpLink(cell), answer: 'still-running' }),
    expected: everyone,
    allowed: (body) => expect(body).toMatchObject({ answer: 'still-running', via: 'link' }),
  },
  putLifecycleSettings: {
    targets: 'Lindeveen (own and other alike) / Andere Stad',
    serial: true,
    request: async (cell) => {
      const { body } = await api.call(`/api/communities/${communityOf(cell.target)}`, { as: null })
      return req('PUT', `/api/communities/${communityOf(cell.target)}/lifecycle`, {
        ...body.lifecycle,
        version: await communityVersion(cell.target),
      })
    },
    expected: coordinatorOnly,
  },
  getMatch: {
    targets: 'a match of a request of one’s own / of Henk’s (consent covers matches) / one in Andere Stad',
    request: async (cell) => req('GET', (await freshMatch(cell)).path),
    expected: partiesOrStaff,
    allowed: (body) => expect(body).toMatchObject({ match: { status: 'proposed' } }),
  },
  acceptMatch: {
    targets: 'a proposed match of a request of one’s own / of Henk’s / one in Andere Stad (the helper said yes first)',
    request: async (cell) => {
      const { path, version } = await freshMatch(cell)
      return req('POST', `${path}/accept`, { version })
    },
    expected: partiesOrStaff,
    allowed: (body) => expect(body).toMatchObject({ status: 'accepted' }),
  },
  declineMatch: {
    targets: 'a proposed match of a request of one’s own / of Henk’s / one in Andere Stad (the helper said yes first)',
    request: async (cell) => {
      const { path, version } = await freshMatch(cell)
      return req('POST', `${path}/decline`, { version, reason: 'Matrix' })
    },
    expected: partiesOrStaff,
    allowed: (body) => expect(body).toMatchObject({ status: 'declined' }),
  },
  cancelMatch: {
    targets: 'an accepted match of a request of one’s own / of Henk’s / one in Andere Stad',
    request: async (cell) => {
      const { path, version } = await freshMatch(cell, 'accepted')
      return req('POST', `${path}/cancel`, { version, reason: 'Matrix: toch niet' })
    },
    expected: partiesOrStaff,
    allowed: (body) => expect(body).toMatchObject({ status: 'cancelled' }),
  },
  putAgreement: {
    targets: 'an accepted match of a request of one’s own / of Henk’s / one in Andere Stad',
    request: async (cell) => {
      const { path, version } = await freshMatch(cell, 'accepted')
      return req('PUT', `${path}/agreement`, {
        what: 'Boodschappen doen',
        startsOn: nextYear(),
        startTime: '10:00',
        durationMinutes: 60,
        recurrence: 'weekly',
        endsOn: null,
        version,
      })
    },
    expected: partiesOrStaff,
    allowed: (body) => expect(body).toMatchObject({ agreement: { what: 'Boodschappen doen' } }),
  },
  confirmAgreement: {
    targets:
      'an accepted match of a request of one’s own / of Henk’s / one in Andere Stad; the helper wrote the agreement',
    request: async (cell) => {
      const { path, version } = await freshMatch(cell, 'agreed')
      return req('POST', `${path}/agreement/confirm`, { version })
    },
    expected: partiesOrStaff,
    allowed: (body) =>
      expect(body).toMatchObject({
        agreement: { confirmed: { request: expect.any(String), offer: expect.any(String) } },
      }),
  },
  recordOutcome: {
    targets: 'an accepted match of a request of one’s own / of Henk’s / one in Andere Stad',
    request: async (cell) => {
      const { path, version } = await freshMatch(cell, 'accepted')
      return req('POST', `${path}/outcome`, { version, answer: 'partly', hours: 1 })
    },
    expected: partiesOrStaff,
    allowed: (body) => expect(body).toMatchObject({ status: 'partly', outcome: { answer: 'partly' } }),
  },
  listMatches: {
    targets: 'Lindeveen’s proposed matches / Lindeveen’s accepted matches / Andere Stad’s',
    request: (cell) =>
      req(
        'GET',
        `/api/communities/${communityOf(cell.target)}/matches${cell.target === 'other' ? '?status=accepted' : ''}`,
      ),
    expected: queueWorkers,
  },
  listMemberMatches: {
    targets: 'oneself / Fatima / Piet in Andere Stad',
    request: (cell) => req('GET', memberPath(cell, '/matches')),
    expected: selfOrStaff,
  },
  listQueue: {
    targets: 'Lindeveen’s queue / one’s own list in Lindeveen (view=mine) / Andere Stad’s queue',
    request: (cell) =>
      req('GET', `/api/communities/${communityOf(cell.target)}/queue${cell.target === 'other' ? '?view=mine' : ''}`),
    expected: queueWorkers,
  },
  takeQueueItem: {
    targets: 'a new task in Lindeveen / one another broker took (a hand-over) / one in Andere Stad',
    request: async (cell) => {
      const { path, version } = await freshQueueItem(cell)
      return req('POST', `${path}/take`, { version })
    },
    expected: queueWorkers,
    allowed: (body, cell) => expect(body).toMatchObject({ status: 'taken', takenBy: { memberId: cell.me } }),
  },
  snoozeQueueItem: {
    targets: 'a new task in Lindeveen / one another broker took / one in Andere Stad; until tomorrow',
    request: async (cell) => {
      const { path, version } = await freshQueueItem(cell)
      return req('POST', `${path}/snooze`, { version, until: tomorrow(), reason: 'Matrix: morgen verder' })
    },
    expected: queueWorkers,
    allowed: (body) => expect(body).toMatchObject({ status: 'snoozed', snooze: { reason: 'Matrix: morgen verder' } }),
  },
  finishQueueItem: {
    targets: 'a new task in Lindeveen / one another broker took / one in Andere Stad',
    request: async (cell) => {
      const { path, version } = await freshQueueItem(cell)
      return req('POST', `${path}/finish`, { version, note: 'Matrix' })
    },
    expected: queueWorkers,
    allowed: (body, cell) =>
      expect(body).toMatchObject({ status: 'done', resolution: { by: cell.me, note: 'Matrix' } }),
  },
  listAuditEntries: {
    targets: 'entries about oneself / about Fatima / Andere Stad’s log',
    request: (cell) => req('GET', `/api/communities/${communityOf(cell.target)}/audit?memberId=${subjectOf(cell)}`),
    expected: coordinatorOnly,
  },
  listEvents: {
    targets: 'Lindeveen’s events (own and other alike) / Andere Stad’s',
    request: (cell) => req('GET', eventsPath(cell.target)),
    expected: communityMembers,
  },
  createEvent: {
    targets: 'a new event in Lindeveen (own and other alike) / one in Andere Stad',
    request: (cell) => req('POST', eventsPath(cell.target), eventBody()),
    expected: coordinatorOnly,
    allowed: (body) => expect(body).toMatchObject({ status: 'draft', version: 1, createdBy: 'jeroen' }),
  },
  getEvent: {
    targets: 'an event the caller takes part in / one without the caller / one in Andere Stad',
    request: async (cell) => req('GET', await eventPathOf(cell)),
    expected: communityMembers,
  },
  updateEvent: {
    targets:
      'a fresh event with the caller / a fresh event (other alike) / one in Andere Stad; the details as they are',
    request: async (cell) => {
      const { event } = cell.target === 'otherCommunity' ? await andereEvent() : await freshEventFor(cell)
      const { id: _id, communityId: _c, createdBy: _b, createdAt: _a, updatedAt: _u, ...fields } = event
      return req('PUT', `${eventsPath(cell.target)}/${event.id}`, fields)
    },
    expected: coordinatorOnly,
    allowed: (body) => expect(body).toMatchObject({ version: 2 }),
  },
  getEventBoard: {
    targets: 'an event the caller takes part in / one without the caller / one in Andere Stad',
    request: async (cell) => req('GET', `${await eventPathOf(cell)}/board`),
    // Staff, and the event's participants (who see no check-in codes).
    expected: selfOrStaff,
    allowed: (body) =>
      expect((body.participants as object[]).every((participant) => !('checkInCode' in participant))).toBe(true),
  },
  registerParticipant: {
    targets:
      'oneself, with one’s own address / a participant with Fatima’s address / one in Andere Stad; a fresh open event',
    request: async (cell) => {
      const path =
        cell.target === 'otherCommunity'
          ? `${eventsPath(cell.target)}/${fakeEvent}`
          : `${eventsPath(cell.target)}/${(await freshEventFor(cell, 'open')).event.id}`
      return req('POST', `${path}/participants`, {
        name: 'Matrixdeelnemer',
        type: participantType(cell),
        email: cell.target === 'other' ? 'fatima@example.nl' : `${cell.me}@example.nl`,
        items: [{ kind: 'offer', cornerId: 'kennis', title: 'Een cursus Excel' }],
      })
    },
    // Every member may register itself; only staff register someone else: a member's request
    // registers the member, whatever address it names.
    expected: communityMembers,
    allowed: (body, cell) =>
      expect(body.memberId).toBe(
        cell.target === 'other' && (cell.role === 'broker' || cell.role === 'coordinator') ? 'fatima' : cell.me,
      ),
  },
  getParticipant: {
    targets: 'one’s own participant / Fatima’s / one in Andere Stad',
    request: async (cell) => req('GET', await participantPathOf(cell)),
    expected: selfOrStaff,
    allowed: (body) => expect(body.checkInCode).toMatch(/^[A-HJ-NP-Z2-9]{6}$/),
  },
  addEventItems: {
    targets: 'one’s own participant / Fatima’s / one in Andere Stad; a fresh event',
    request: async (cell) =>
      req(
        'POST',
        `${await participantPathOf(cell, cell.target === 'otherCommunity' ? undefined : await freshEventFor(cell))}/items`,
        { items: [{ kind: 'need', cornerId: 'materiaal', title: 'Een ladder' }] },
      ),
    expected: selfOrStaff,
    allowed: (body) => expect(body.items).toHaveLength(3),
  },
  importParticipants: {
    targets: 'an event the caller takes part in / one without the caller / one in Andere Stad; a check only',
    request: async (cell) =>
      req('POST', `${await eventPathOf(cell)}/imports`, {
        importId: `matrix-${slug(cell)}`,
        mode: 'check',
        rows: [{ row: 2, name: 'Sportclub', type: 'bedrijf', offerCorner: 'kennis', offerTitle: 'Een cursus' }],
      }),
    expected: staffOnly,
    allowed: (body) => expect(body.rows).toEqual([expect.objectContaining({ row: 2, status: 'valid' })]),
  },
  checkInParticipant: {
    targets: 'one’s own participant / Fatima’s / one in Andere Stad; in the shared event',
    request: async (cell) => {
      if (cell.target === 'otherCommunity') {
        return req('POST', `${eventsPath(cell.target)}/${fakeEvent}/check-ins`, { participantId: 'mxpart00001' })
      }
      const { event, of } = await sharedEvent()
      const participant = of[cell.target === 'own' ? cell.me : 'fatima']?.participant
      return req('POST', `${eventsPath(cell.target)}/${event.id}/check-ins`, { participantId: participant?.id })
    },
    expected: staffOnly,
    allowed: (body) => expect(body).toMatchObject({ participant: { checkedInAt: expect.any(String) } }),
  },
  recordEventMatch: {
    targets: 'one’s own need met by Tom’s offer / Fatima’s need met by Tom’s offer / one in Andere Stad; a fresh event',
    request: async (cell) => {
      const give = { what: 'Een cursus Excel', valuation: { ruleId: 'standaard' } }
      if (cell.target === 'otherCommunity') {
        return req('POST', `${eventsPath(cell.target)}/${fakeEvent}/matches`, {
          need: { itemId: 'mxneed00001' },
          offer: { itemId: 'mxoffer0001' },
          offerGives: give,
          needGives: null,
          when: 'in april',
          confirmedByBoth: true,
        })
      }
      const { event, of } = await freshEventFor(cell)
      return req('POST', `${eventsPath(cell.target)}/${event.id}/matches`, {
        need: { itemId: of[cell.target === 'own' ? cell.me : 'fatima']?.need.id },
        offer: { itemId: of.tom?.offer.id },
        offerGives: give,
        needGives: null,
        when: 'in april',
        confirmedByBoth: true,
      })
    },
    // Staff record any deal; a participant only a deal it is part of.
    expected: selfOrStaff,
    allowed: (body) => expect(body).toMatchObject({ status: 'accepted', deal: { totalCents: 10_000 } }),
  },
  listEventMatches: {
    targets: 'an event the caller takes part in / one without the caller / one in Andere Stad',
    request: async (cell) => req('GET', `${await eventPathOf(cell)}/matches`),
    expected: selfOrStaff,
  },
  getEventMatchForm: {
    targets: 'a floor match of one’s own / one of Fatima and Tom / one in Andere Stad',
    request: async (cell) => req('GET', await freshFloorMatch(cell)),
    expected: selfOrStaff,
    allowed: (body) => expect(body).toMatchObject({ status: 'accepted', offerParty: { email: 'tom@example.nl' } }),
  },
  cancelEventMatch: {
    targets: 'a floor match of one’s own / one of Fatima and Tom / one in Andere Stad',
    request: async (cell) => req('POST', `${await freshFloorMatch(cell)}/cancel`, { reason: 'Matrix: vergissing' }),
    expected: staffOnly,
    allowed: (body) => expect(body).toMatchObject({ status: 'cancelled' }),
  },
  getEventProposals: {
    targets: 'an event the caller takes part in / one without the caller / one in Andere Stad',
    request: async (cell) => req('GET', `${await eventPathOf(cell)}/proposals`),
    expected: staffOnly,
  },
  getEventTally: {
    targets: 'an event the caller takes part in / one without the caller / one in Andere Stad (public: the big screen)',
    request: async (cell) => req('GET', `${await eventPathOf(cell)}/tally`),
    expected: everyone,
  },
  getEventReport: {
    targets: 'an event the caller takes part in / one without the caller / one in Andere Stad',
    request: async (cell) => req('GET', `${await eventPathOf(cell)}/report`),
    expected: staffOnly,
  },
  putValuationRules: {
    targets: 'Lindeveen (own and other alike) / Andere Stad; the rules as they are',
    serial: true,
    request: async (cell) => {
      const { body } = await api.call(`/api/communities/${communityOf(cell.target)}`, { as: null })
      return req('PUT', `/api/communities/${communityOf(cell.target)}/valuation`, {
        rules: body.valuationRules,
        version: await communityVersion(cell.target),
      })
    },
    expected: coordinatorOnly,
  },
}

/**
 * Cells where the API does not do what the matrix expects: the cell asserts what the API does
 * today (`today`), so that it still fails if the outcome changes in any way, and its name says
 * what was intended. When the bug is fixed, the cell fails: remove the entry.
 */
interface KnownBug {
  today: Outcome
  why: string
}
// Cells whose answer today differs from the intended one, with why. Empty: keep it that way.
const knownBugs: Partial<Record<`${OperationId} ${Role}/${Target}`, KnownBug>> = {}

// --- running it ------------------------------------------------------------------------------------

const column = { own: 0, other: 1, otherCommunity: 2 } as const satisfies Record<Target, number>
const outcomeOf = (entry: RouteCase, cell: Cell): Outcome => entry.expected[cell.role][column[cell.target]]

const statusOf = (route: HttpRoute, outcome: Outcome) =>
  outcome === 'allow' ? route.response.status : errorCatalogue[outcome].status

const runCell = async (route: HttpRoute, entry: RouteCase, cell: Cell, outcome: Outcome) => {
  // prepare
  const request = await entry.request(cell)
  const { pathname } = new URL(request.path, 'http://localhost')
  expect(matchRoute(request.method, pathname).route?.operationId, 'the request reaches the route under test').toBe(
    route.operationId,
  )
  const as = request.as !== undefined ? request.as : cell.role === 'anonymous' ? null : `lindeveen/${cell.me}`

  // act
  const { status, body } = await api.call(request.path, {
    method: request.method,
    as,
    ...(request.json !== undefined ? { json: request.json } : {}),
    ...(request.actFor ? { actFor: request.actFor } : {}),
  })

  // assess
  expect({ status, error: body?.error }).toEqual({
    status: statusOf(route, outcome),
    error: outcome === 'allow' ? undefined : outcome,
  })
  if (outcome === 'allow') entry.allowed?.(body, cell)
}

describe('the authorisation matrix', () => {
  it('has an entry for every declared route, and no other', () => {
    const declared = httpRoutes.map((r) => r.operationId).sort()
    expect(Object.keys(matrix).sort()).toEqual(declared)
  })

  const entryOf = (route: HttpRoute) => (matrix as Record<string, RouteCase | undefined>)[route.operationId]
  const ordered = [...httpRoutes].sort((a, b) => Number(entryOf(a)?.runLast ?? 0) - Number(entryOf(b)?.runLast ?? 0))
  for (const route of ordered) {
    const entry = entryOf(route)
    const title = `${route.method} ${route.path} (${route.operationId})`
    if (!entry) {
      it(`${title} is in the matrix`, () => {
        expect.fail(`Add ${route.operationId} to the authorisation matrix`)
      })
      continue
    }
    // One route after the other; a route's own cells at the same time, unless they change the
    // same versioned item.
    const test = entry.serial ? it : it.concurrent
    describe(`${title}: ${entry.targets}`, () => {
      for (const role of roles) {
        for (const target of targets) {
          const cell: Cell = { role, target, me: playedBy[role] ?? 'anna' }
          const intended = outcomeOf(entry, cell)
          const bug = knownBugs[`${route.operationId as OperationId} ${role}/${target}`]
          const label = (outcome: Outcome) => (outcome === 'allow' ? String(route.response.status) : outcome)
          const name = bug
            ? `${role} → ${target}: ${label(intended)} — BUG: ${label(bug.today)} today, ${bug.why}`
            : `${role} → ${target}: ${label(intended)}`
          test(name, () => runCell(route, entry, cell, bug ? bug.today : intended))
        }
      }
    })
  }
})

describe('ids from another community', () => {
  it('are not found inside the caller’s own community', async () => {
    const byId = await api.call('/api/communities/lindeveen/posts/other-community-post', { as: 'lindeveen/jeroen' })
    expect(byId).toMatchObject({ status: 404, body: { error: 'POST_NOT_FOUND' } })
    const change = await api.call('/api/communities/lindeveen/posts/other-community-post', {
      as: 'lindeveen/jeroen',
      method: 'PATCH',
      json: { version: 1, title: 'Overgenomen' },
    })
    expect(change).toMatchObject({ status: 404, body: { error: 'POST_NOT_FOUND' } })
    for (const suffix of ['', '/contact', '/export']) {
      const member = await api.call(`/api/communities/lindeveen/members/piet${suffix}`, { as: 'lindeveen/jeroen' })
      expect(member).toMatchObject({ status: 404, body: { error: 'MEMBER_NOT_FOUND' } })
    }
    // Piet's post is untouched.
    const piet = await api.call('/api/communities/andere-stad/posts/other-community-post', { as: 'andere-stad/piet' })
    expect(piet.body).toMatchObject({ version: 1, title: 'Geheime vraag in een andere gemeente' })
  })
})

describe('acting for a resident (x-act-for)', () => {
  const henk = (path: string, as: string, init: { method?: string; json?: unknown } = {}) =>
    api.call(path, { as, actFor: 'henk', ...init })
  const members = '/api/communities/lindeveen/members'

  it('is for brokers and coordinators, with the resident’s consent, in their own community', async () => {
    expect((await henk('/api/me', 'lindeveen/samira')).body).toMatchObject({ id: 'henk' })
    expect((await henk('/api/me', 'lindeveen/jeroen')).body).toMatchObject({ id: 'henk' })
    expect(await henk('/api/me', 'lindeveen/anna')).toMatchObject({ status: 403, body: { error: 'FORBIDDEN' } })
    expect(await henk('/api/me', 'lindeveen/stichting-de-brug')).toMatchObject({
      status: 403,
      body: { error: 'FORBIDDEN' },
    })
    const fatima = await api.call('/api/me', { as: 'lindeveen/samira', actFor: 'fatima' })
    expect(fatima).toMatchObject({ status: 403, body: { error: 'CONSENT_REQUIRED' } })
    const piet = await api.call('/api/me', { as: 'lindeveen/samira', actFor: 'piet' })
    expect(piet).toMatchObject({ status: 404, body: { error: 'MEMBER_NOT_FOUND' } })
  })

  it('gives the resident’s rights on their own data, but no staff powers', async () => {
    expect((await henk(`${members}/henk/contact`, 'lindeveen/samira')).status).toBe(200)
    for (const path of [members, `${members}/henk/summary`, '/api/communities/lindeveen/audit']) {
      expect(await henk(path, 'lindeveen/samira')).toMatchObject({ status: 403, body: { error: 'FORBIDDEN' } })
    }
    // Export and erasure are the resident's own decision, not the broker's.
    expect(await henk(`${members}/henk/export`, 'lindeveen/samira')).toMatchObject({
      status: 403,
      body: { error: 'FORBIDDEN' },
    })
    const erase = await henk(`${members}/henk/erase`, 'lindeveen/samira', { method: 'POST', json: { confirm: true } })
    expect(erase).toMatchObject({ status: 403, body: { error: 'FORBIDDEN' } })
  })

  // BUG: shared/services/member-service.ts `loadForSelfOrStaff` is documented as "the member
  // themself, or a broker or coordinator of the community (not while acting for someone else)",
  // but it checks the staff role of the actor (`actorOf(caller)`), so a broker acting for Henk
  // still reads another member's contact details (and details and posts).
  it('does not let a broker acting for Henk read another member’s contact details', async () => {
    const other = await henk(`${members}/anna/contact`, 'lindeveen/samira')
    expect(other).toMatchObject({ status: 403, body: { error: 'FORBIDDEN' } })
  })
})
