/**
 * The Maatschappelijke Beursvloer: set-up, registration and import, check-in, floor matches
 * (real matches of the lifecycle, origin `event`, so the 3- and 6-month follow-ups and the
 * messages come from there), proposals, the public tally and the report. The rules (who, when,
 * what a floor match is) are in `shared/domain/event.ts`, the euros in `valuation.ts`.
 *
 * Participants are members: registering finds the member whose sign-in address the e-mail or
 * phone is, or makes one (an organisation account, or a resident for a volunteer), so contact
 * protection, export, erasure, messages and follow-up work as for anyone. Ids that a retry must
 * find again are hashed from what identifies them (`idSeeds`): the participant from event and
 * member, an unreachable participant's member from event and name, an import row's items from
 * the import, row and kind, an item typed on the floor from the deal.
 */
import { createHash, randomBytes } from 'node:crypto'
import { actorOf, type Caller, isStaff } from '../domain/caller'
import { DomainError, isDomainError } from '../domain/errors'
import {
  assertEventCoordinator,
  assertEventOpenFor,
  assertEventStaff,
  assertMayManageParticipant,
  boardOf,
  cancelledFloorMatch,
  changedEvent,
  checkContactAddresses,
  checkCornersKept,
  checkFloorSides,
  checkHoekmannen,
  checkInCodeFrom,
  checkItemCorners,
  dealCorner,
  dealSideKey,
  type FloorSide,
  floorMatch,
  floorMatchSummary,
  hasCorner,
  hoekmannenOf,
  type ImportError,
  idSeeds,
  isEventStaff,
  isFloorMatchOf,
  isVisibleTo,
  newEvent,
  newEventItems,
  newParticipant,
  newParticipantMember,
  parseImportRow,
  recorderOf,
  tallyLatest,
  tallyOf,
  topAreaId,
  typedItem,
  typeFitsMember,
} from '../domain/event'
import { computeProposals } from '../domain/event-matching'
import { buildEventReport } from '../domain/event-report'
import { contactsVisible } from '../domain/match'
import { assertMember } from '../domain/post'
import { valueGive } from '../domain/valuation'
import type { Community } from '../schemas/community'
import type {
  AddEventItemsBody,
  BeursEvent,
  CheckInBody,
  CheckInResult,
  CreateEventBody,
  DealSideBody,
  EventBoard,
  EventItem,
  EventItemBody,
  EventMatchForm,
  EventMatchSummary,
  EventReport,
  ImportBody,
  ImportReport,
  ImportRowResult,
  Participant,
  ParticipantWithItems,
  Proposals,
  RecordEventMatchBody,
  RegisterParticipantBody,
  Tally,
  UpdateEventBody,
} from '../schemas/event'
import type { MemberDetails } from '../schemas/member'
import type { ValuationRule } from '../schemas/valuation'
import type { AuditAction } from '../schemas/vocabulary'
import type { AuditLog } from './audit-service'
import type { createAuthService } from './auth-service'
import { loadCommunity } from './community-service'
import type { Runtime, Stores } from './ports'

export interface EventServiceDeps {
  stores: Stores
  runtime: Runtime
  audit: AuditLog
  /** For the sign-in address hashes of a participant's member (find or create it). */
  auth: ReturnType<typeof createAuthService>
}

export interface EventService {
  listEvents(caller: Caller, communityId: string): Promise<{ items: BeursEvent[] }>
  createEvent(caller: Caller, communityId: string, body: CreateEventBody): Promise<BeursEvent>
  getEvent(caller: Caller, communityId: string, eventId: string): Promise<BeursEvent>
  updateEvent(caller: Caller, communityId: string, eventId: string, body: UpdateEventBody): Promise<BeursEvent>
  getBoard(caller: Caller, communityId: string, eventId: string): Promise<EventBoard>
  registerParticipant(
    caller: Caller,
    communityId: string,
    eventId: string,
    body: RegisterParticipantBody,
  ): Promise<ParticipantWithItems>
  getParticipant(
    caller: Caller,
    communityId: string,
    eventId: string,
    participantId: string,
  ): Promise<ParticipantWithItems>
  addItems(
    caller: Caller,
    communityId: string,
    eventId: string,
    participantId: string,
    body: AddEventItemsBody,
  ): Promise<ParticipantWithItems>
  importRows(caller: Caller, communityId: string, eventId: string, body: ImportBody): Promise<ImportReport>
  checkIn(caller: Caller, communityId: string, eventId: string, body: CheckInBody): Promise<CheckInResult>
  recordMatch(
    caller: Caller,
    communityId: string,
    eventId: string,
    body: RecordEventMatchBody,
  ): Promise<EventMatchSummary>
  listMatches(caller: Caller, communityId: string, eventId: string): Promise<{ items: EventMatchSummary[] }>
  getMatchForm(caller: Caller, communityId: string, eventId: string, matchId: string): Promise<EventMatchForm>
  cancelMatch(
    caller: Caller,
    communityId: string,
    eventId: string,
    matchId: string,
    body: { reason: string },
  ): Promise<EventMatchSummary>
  getProposals(
    caller: Caller,
    communityId: string,
    eventId: string,
    query: { corner?: string | undefined },
  ): Promise<Proposals>
  /** Public: no caller. */
  getTally(communityId: string, eventId: string): Promise<Tally>
  getReport(caller: Caller, communityId: string, eventId: string): Promise<EventReport>
  putValuationRules(
    caller: Caller,
    communityId: string,
    body: { rules: ValuationRule[]; version: number },
  ): Promise<Community>
}

const sha256 = (seed: string) => createHash('sha256').update(seed)
/** A generated id (`generatedIdSchema`: 22 base64url characters, 132 bits) from what identifies it. */
export const hashedId = (seed: string): string => sha256(seed).digest('base64url').slice(0, 22)
/** A member id (`slugSchema`) from what identifies it: `m-` and 24 hex digits (96 bits), nothing readable. */
export const hashedMemberId = (seed: string): string => `m-${sha256(seed).digest('hex').slice(0, 24)}`
/** A random member id, as the member service makes them. */
const randomMemberId = (random: string) =>
  `m-${random
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 12)}`

/** The participant a member is at an event: one per member and event. */
export const participantIdOf = (eventId: string, memberId: string): string =>
  hashedId(idSeeds.participant(eventId, memberId))

/** How a registration came in, and who did it. */
interface Registration {
  source: Participant['source']
  /** The member of the participant: found or made already. */
  member: MemberDetails
  body: RegisterParticipantBody
  itemIds: string[]
}

export const createEventService = (deps: EventServiceDeps): EventService => {
  const { stores, runtime, audit, auth } = deps
  const reasonOf = (eventId: string) => `event ${eventId}`

  /** The event, in the caller's community; a draft only for staff (for everyone else it does not exist yet). */
  const loadEvent = async (caller: Caller, communityId: string, eventId: string): Promise<BeursEvent> => {
    assertMember(caller, communityId)
    const event = await stores.events.get(communityId, eventId)
    if (!event || !isVisibleTo(event, caller)) throw new DomainError('EVENT_NOT_FOUND')
    return event
  }

  const loadParticipant = async (event: BeursEvent, participantId: string): Promise<Participant> => {
    const participant = await stores.events.getParticipant(event.communityId, event.id, participantId)
    if (!participant) throw new DomainError('PARTICIPANT_NOT_FOUND')
    return participant
  }

  /** The caller's own participant at this event, if it takes part. */
  const ownParticipant = (caller: Caller, event: BeursEvent) =>
    stores.events.getParticipant(event.communityId, event.id, participantIdOf(event.id, caller.id))

  /** Staff, or a participant of the event (else FORBIDDEN); the participant, for a member. */
  const assertStaffOrParticipant = async (caller: Caller, event: BeursEvent): Promise<Participant | undefined> => {
    if (isEventStaff(caller)) return undefined
    const own = await ownParticipant(caller, event)
    if (!own) throw new DomainError('FORBIDDEN')
    return own
  }

  const withItems = async (event: BeursEvent, participant: Participant): Promise<ParticipantWithItems> => {
    const board = await stores.events.readBoard(event.communityId, event.id)
    return { ...participant, items: board.items.filter((i) => i.participantId === participant.id) }
  }

  /** Staff (or a broker acting for someone) touching someone else's data leave a trace. */
  const traceFor = async (caller: Caller, action: AuditAction, memberIds: string[], eventId: string) => {
    const actor = actorOf(caller)
    if (!isStaff(actor) && !caller.actedBy) return
    for (const memberId of new Set(memberIds)) {
      if (memberId === actor.id) continue
      await audit.record(caller, action, { memberId, reason: reasonOf(eventId) })
    }
  }

  /** Hoekmannen must be brokers or coordinators of the community (VALIDATION_FAILED `not_staff`). */
  const checkCornerStaff = async (communityId: string, corners: BeursEvent['corners']) => {
    const ids = hoekmannenOf(corners)
    const found = await Promise.all(ids.map((id) => stores.members.get(communityId, id)))
    const staff = new Set(found.flatMap((m) => (m?.status === 'active' && isStaff(m) ? [m.id] : [])))
    const details = checkHoekmannen(corners, (id) => staff.has(id))
    if (details.length > 0) throw new DomainError('VALIDATION_FAILED', details)
  }

  /** The active members whose sign-in addresses these are, in the order of the addresses (e-mail first). */
  const membersByAddress = async (communityId: string, body: Pick<RegisterParticipantBody, 'email' | 'phone'>) => {
    const found: MemberDetails[] = []
    for (const address of [body.email, body.phone]) {
      if (!address) continue
      const [hash] = auth.loginHashes(communityId, { email: address, phone: null })
      const id = hash ? await stores.auth.findLogin(communityId, hash) : undefined
      const member = id ? await stores.members.get(communityId, id) : undefined
      if (member?.status === 'active' && !found.some((m) => m.id === member.id)) found.push(member)
    }
    return found
  }

  /**
   * The member a participant registered by staff (or imported) becomes: the one whose sign-in
   * address its e-mail or phone is, else a new one (see `newParticipantMember`). A participant
   * without either gets a member id hashed from the event and its name, so an import that is
   * run again finds it. Someone registering the same address at the same moment wins: then
   * their member is used.
   */
  const findOrCreateMember = async (
    caller: Caller,
    community: Community,
    event: BeursEvent,
    body: RegisterParticipantBody,
    consentMethod: 'online' | 'paper',
  ): Promise<MemberDetails> => {
    const known = await membersByAddress(community.id, body)
    if (known[0]) return known[0]
    const reachable = body.email !== null || body.phone !== null
    const hashed = hashedMemberId(idSeeds.unreachableMember(event.id, body.name))
    const existing = reachable ? undefined : await stores.members.get(community.id, hashed)
    if (existing?.status === 'active') return existing
    // An erased member keeps its id: a participant of the same name then gets a new one.
    const id = reachable || existing ? randomMemberId(runtime.newId()) : hashed
    const { member, contact } = newParticipantMember({
      id,
      communityId: community.id,
      areaId: topAreaId(community),
      body,
      consentMethod,
      recordedBy: actorOf(caller).id,
      now: runtime.now(),
    })
    try {
      await stores.members.create(member, contact, auth.loginHashes(community.id, contact))
      return member
    } catch (error) {
      if (!isDomainError(error)) throw error
      if (error.code === 'ADDRESS_IN_USE') {
        const [winner] = await membersByAddress(community.id, body)
        if (winner) return winner
      }
      if (error.code === 'MEMBER_CHANGED' && !reachable) {
        const winner = await stores.members.get(community.id, id)
        if (winner?.status === 'active') return winner
      }
      throw error
    }
  }

  /**
   * Writes a registration: the participant (one per member and event, with a new check-in code)
   * and its items in one transaction. A participant that exists keeps what it had (its code, its
   * name) and gets the items it does not have yet. Returns the participant as stored.
   */
  const register = async (caller: Caller, event: BeursEvent, registration: Registration) => {
    const { member, body, source } = registration
    const now = runtime.now()
    const participantId = participantIdOf(event.id, member.id)
    const items = newEventItems({ event, participantId, bodies: body.items, ids: registration.itemIds, now })
    const attempt = () =>
      stores.events.registerParticipant(
        event.communityId,
        newParticipant({
          id: participantId,
          eventId: event.id,
          memberId: member.id,
          body,
          checkInCode: checkInCodeFrom(randomBytes(6)),
          source,
          registeredBy: actorOf(caller).id,
          now,
        }),
        items,
      )
    let created = false
    for (let tries = 1; ; tries++) {
      try {
        ;({ created } = await attempt())
        break
      } catch (error) {
        // Another participant of the event has this code (about one in a billion): draw another.
        if (!(error instanceof Error && error.name === 'CheckInCodeTaken') || tries >= 3) throw error
      }
    }
    if (created) await traceFor(caller, 'event.participant-registered-for', [member.id], event.id)
    return loadParticipant(event, participantId)
  }

  /** One side of a floor match: an item of the event, or a new one typed for a participant. */
  const resolveSide = async (
    event: BeursEvent,
    side: DealSideBody,
    found: Map<string, EventItem>,
  ): Promise<{ participant: Participant; item: EventItem | undefined; title: string }> => {
    if ('itemId' in side) {
      const item = found.get(side.itemId)
      if (!item) throw new DomainError('EVENT_ITEM_NOT_FOUND')
      return { participant: await loadParticipant(event, item.participantId), item, title: item.title }
    }
    return { participant: await loadParticipant(event, side.participantId), item: undefined, title: side.title }
  }

  const itemIdsOf = (bodies: EventItemBody[]) => bodies.map(() => runtime.newId())

  return {
    async listEvents(caller, communityId) {
      assertMember(caller, communityId)
      const events = await stores.events.list(communityId)
      return { items: events.filter((event) => isVisibleTo(event, caller)) }
    },

    async createEvent(caller, communityId, body) {
      assertEventCoordinator(caller, communityId)
      const community = await loadCommunity(stores, caller, communityId)
      const event = newEvent({ id: runtime.newId(), community, body, createdBy: caller.id, now: runtime.now() })
      await checkCornerStaff(communityId, event.corners)
      await stores.events.create(event)
      return event
    },

    getEvent: loadEvent,

    async updateEvent(caller, communityId, eventId, body) {
      assertEventCoordinator(caller, communityId)
      const event = await loadEvent(caller, communityId, eventId)
      if (event.version !== body.version) throw new DomainError('EVENT_CHANGED')
      const kept = new Set(body.corners.map((c) => c.id))
      if (event.corners.some((c) => !kept.has(c.id))) {
        const { items } = await stores.events.readBoard(communityId, eventId)
        const details = checkCornersKept(body.corners, items)
        if (details.length > 0) throw new DomainError('VALIDATION_FAILED', details)
      }
      await checkCornerStaff(communityId, body.corners)
      const next = changedEvent(event, body, runtime.now())
      await stores.events.replace(next, event.version)
      return next
    },

    async getBoard(caller, communityId, eventId) {
      const event = await loadEvent(caller, communityId, eventId)
      await assertStaffOrParticipant(caller, event)
      const { participants, items } = await stores.events.readBoard(communityId, eventId)
      return boardOf(event, participants, items)
    },

    async registerParticipant(caller, communityId, eventId, body) {
      const event = await loadEvent(caller, communityId, eventId)
      const staff = isEventStaff(caller)
      assertEventOpenFor(event, 'register', staff)
      checkItemCorners(event, body.items)
      let member: MemberDetails
      if (staff) {
        checkContactAddresses(body)
        const community = await loadCommunity(stores, caller, communityId)
        member = await findOrCreateMember(caller, community, event, body, 'online')
      } else {
        // A member registers itself: its own account and contact details, whatever the form said.
        if (!typeFitsMember(caller.kind, body.type)) {
          throw new DomainError('VALIDATION_FAILED', [{ path: 'type', code: 'type_not_for_member', message: '' }])
        }
        const { actedBy: _actedBy, sessionId: _sessionId, ...self } = caller
        member = self
      }
      const participant = await register(caller, event, {
        source: staff ? 'staff' : 'self',
        member,
        body: staff ? body : { ...body, email: null, phone: null },
        itemIds: itemIdsOf(body.items),
      })
      return withItems(event, participant)
    },

    async getParticipant(caller, communityId, eventId, participantId) {
      const event = await loadEvent(caller, communityId, eventId)
      const participant = await loadParticipant(event, participantId)
      assertMayManageParticipant(caller, participant)
      return withItems(event, participant)
    },

    async addItems(caller, communityId, eventId, participantId, body) {
      const event = await loadEvent(caller, communityId, eventId)
      const participant = await loadParticipant(event, participantId)
      assertMayManageParticipant(caller, participant)
      assertEventOpenFor(event, 'register', isEventStaff(caller))
      const items = newEventItems({
        event,
        participantId,
        bodies: body.items,
        ids: itemIdsOf(body.items),
        now: runtime.now(),
      })
      await stores.events.registerParticipant(communityId, participant, items)
      await traceFor(caller, 'event.participant-registered-for', [participant.memberId], eventId)
      return withItems(event, participant)
    },

    /**
     * Spreadsheet rows, one at a time (rows with the same address become one participant, so they
     * must not race). `check` reads only; `commit` writes each valid row as a registration with
     * source `import`, its items' ids hashed from the import, row and kind, so a batch sent again
     * writes nothing twice. A row that cannot be registered is reported, never thrown.
     */
    async importRows(caller, communityId, eventId, body) {
      assertEventStaff(caller, communityId)
      const event = await loadEvent(caller, communityId, eventId)
      assertEventOpenFor(event, 'register', true)
      const community = await loadCommunity(stores, caller, communityId)
      const rows: ImportRowResult[] = []
      for (const row of body.rows) {
        const failed = (errors: ImportError[]) =>
          rows.push({ row: row.row, status: 'failed', participantId: null, errors })
        const parsed = parseImportRow(row, event)
        if ('errors' in parsed) {
          failed(parsed.errors)
          continue
        }
        // An e-mail address of one member and a phone number of another: which one is meant?
        const known = await membersByAddress(communityId, parsed.body)
        if (known.length > 1) {
          failed([
            {
              field: 'phone',
              code: 'address_of_other_member',
              message: 'The phone number belongs to another member than the e-mail address.',
            },
          ])
          continue
        }
        if (body.mode === 'check') {
          rows.push({ row: row.row, status: 'valid', participantId: null, errors: [] })
          continue
        }
        try {
          const member = await findOrCreateMember(caller, community, event, parsed.body, 'paper')
          const participant = await register(caller, event, {
            source: 'import',
            member,
            body: parsed.body,
            itemIds: parsed.body.items.map((item) =>
              hashedId(idSeeds.importItem(event.id, body.importId, row.row, item.kind)),
            ),
          })
          rows.push({ row: row.row, status: 'imported', participantId: participant.id, errors: [] })
        } catch (error) {
          if (!isDomainError(error)) throw error
          const details = error.details ?? []
          failed(
            details.length > 0
              ? details.map((d) => ({ field: d.path, code: d.code, message: d.message || error.code }))
              : [{ field: 'row', code: error.code, message: error.message }],
          )
        }
      }
      return { rows }
    },

    async checkIn(caller, communityId, eventId, body) {
      assertEventStaff(caller, communityId)
      const event = await loadEvent(caller, communityId, eventId)
      assertEventOpenFor(event, 'check-in', true)
      let participantId: string
      if ('code' in body) {
        const found = await stores.events.findByCheckInCode(communityId, eventId, body.code)
        if (!found) throw new DomainError('CHECK_IN_CODE_UNKNOWN')
        participantId = found
      } else {
        participantId = body.participantId
      }
      const before = await loadParticipant(event, participantId)
      const changed = await stores.events.checkIn(communityId, eventId, participantId, runtime.now().toISOString())
      if (changed) await traceFor(caller, 'event.checked-in-for', [before.memberId], eventId)
      return { participant: await loadParticipant(event, participantId), alreadyCheckedIn: !changed }
    },

    /**
     * A match made on the floor, both parties agreeing: resolves the two sides (existing items of
     * the event, or items typed for a participant), values both gives by the event's rules, and
     * writes the accepted match with the items' counters, the listing and the tally in one
     * transaction (NEED_MATCHED, OFFER_FULL, EVENT_MATCH_EXISTS: then nothing changed).
     */
    async recordMatch(caller, communityId, eventId, body) {
      const event = await loadEvent(caller, communityId, eventId)
      const staff = isEventStaff(caller)
      // A member records only deals it is part of: it must take part at all before anything is looked up.
      if (!staff && !(await ownParticipant(caller, event))) throw new DomainError('FORBIDDEN')
      assertEventOpenFor(event, 'record', staff)
      const existingIds = [body.need, body.offer].flatMap((side) => ('itemId' in side ? [side.itemId] : []))
      const found = new Map(
        (existingIds.length > 0 ? await stores.events.getItems(communityId, eventId, existingIds) : []).map((i) => [
          i.id,
          i,
        ]),
      )
      const [need, offer] = await Promise.all([
        resolveSide(event, body.need, found),
        resolveSide(event, body.offer, found),
      ])
      if (!staff && caller.id !== need.participant.memberId && caller.id !== offer.participant.memberId) {
        throw new DomainError('FORBIDDEN')
      }
      const cornerId = dealCorner(event, body.cornerId, offer.item, need.item)
      const now = runtime.now()
      const needKey = dealSideKey(body.need)
      const offerKey = dealSideKey(body.offer)
      const sideOf = (resolved: typeof need, kind: 'need' | 'offer'): FloorSide =>
        resolved.item
          ? { participant: resolved.participant, item: resolved.item, typed: false }
          : {
              participant: resolved.participant,
              typed: true,
              item: typedItem({
                id: hashedId(idSeeds.typedItem(event.id, kind, needKey, offerKey)),
                eventId,
                participantId: resolved.participant.id,
                kind,
                title: resolved.title,
                cornerId,
                now,
              }),
            }
      const needSide = sideOf(need, 'need')
      const offerSide = sideOf(offer, 'offer')
      checkFloorSides(needSide, offerSide)
      const match = floorMatch({
        communityId,
        eventId,
        cornerId,
        need: needSide,
        offer: offerSide,
        offerGives: {
          what: body.offerGives.what,
          valuation: valueGive(event.valuationRules, body.offerGives.valuation, 'offerGives.valuation'),
        },
        needGives: body.needGives && {
          what: body.needGives.what,
          valuation: valueGive(event.valuationRules, body.needGives.valuation, 'needGives.valuation'),
        },
        when: body.when,
        recordedBy: recorderOf(caller),
        viaBroker: staff,
        now,
      })
      await stores.events.recordMatch({
        match,
        newItems: [needSide, offerSide].flatMap((s) => (s.typed ? [s.item] : [])),
        takeItemIds: [needSide, offerSide].flatMap((s) => (s.typed ? [] : [s.item.id])),
      })
      await traceFor(caller, 'event.match-recorded-for', [match.requestMemberId, match.offerMemberId], eventId)
      return floorMatchSummary(match)
    },

    async listMatches(caller, communityId, eventId) {
      const event = await loadEvent(caller, communityId, eventId)
      const own = await assertStaffOrParticipant(caller, event)
      const listed = (await stores.events.listMatches(communityId, eventId)).filter(
        (m) => !own || m.deal.need.participantId === own.id || m.deal.offer.participantId === own.id,
      )
      // The listing knows a cancellation on the floor, not how the match went on afterwards (its
      // outcome, a withdrawal in the app): the status comes from the match itself.
      const current = new Map(
        (
          await stores.matches.getMany(
            communityId,
            listed.map((m) => m.matchId),
          )
        ).map((m) => [m.id, m.status]),
      )
      return { items: listed.map((m) => ({ ...m, status: current.get(m.matchId) ?? m.status })) }
    },

    /** The matchformulier: both parties' contact details (both agreed on the floor); staff reading them is audited. */
    async getMatchForm(caller, communityId, eventId, matchId) {
      const event = await loadEvent(caller, communityId, eventId)
      const match = await stores.matches.get(communityId, matchId)
      if (!match || !isFloorMatchOf(match, eventId)) throw new DomainError('MATCH_NOT_FOUND')
      const staff = isEventStaff(caller)
      const parties = [match.requestMemberId, match.offerMemberId]
      if (!staff && !parties.includes(caller.id)) throw new DomainError('FORBIDDEN')
      const deal = match.event
      const visible = contactsVisible(match.status)
      const party = async (side: typeof deal.need, memberId: string) => {
        const [participant, contact] = await Promise.all([
          stores.events.getParticipant(communityId, eventId, side.participantId),
          visible ? stores.members.getContact(communityId, memberId) : undefined,
        ])
        return {
          name: participant?.name ?? side.name,
          type: participant?.type ?? side.type,
          contactName: participant?.contactName ?? '',
          email: contact?.email ?? null,
          phone: contact?.phone ?? null,
        }
      }
      const [needParty, offerParty] = await Promise.all([
        party(deal.need, match.requestMemberId),
        party(deal.offer, match.offerMemberId),
      ])
      if (staff && visible) {
        const shown = [
          ...(needParty.email || needParty.phone ? [match.requestMemberId] : []),
          ...(offerParty.email || offerParty.phone ? [match.offerMemberId] : []),
        ]
        await traceFor(caller, 'event.contact-viewed', shown, eventId)
      }
      return {
        event: { id: event.id, name: event.name, date: event.date, place: event.place },
        matchId: match.id,
        status: match.status,
        deal,
        needParty,
        offerParty,
      }
    },

    /** A floor match recorded in error: its units and the tally are given back; both parties are told. */
    async cancelMatch(caller, communityId, eventId, matchId, body) {
      assertEventStaff(caller, communityId)
      const event = await loadEvent(caller, communityId, eventId)
      assertEventOpenFor(event, 'cancel', true)
      const match = await stores.matches.get(communityId, matchId)
      if (!match || !isFloorMatchOf(match, eventId)) throw new DomainError('MATCH_NOT_FOUND')
      const next = cancelledFloorMatch(match, recorderOf(caller), runtime.now(), body.reason)
      await stores.events.cancelMatch(next, match.version)
      await traceFor(caller, 'event.match-cancelled-for', [match.requestMemberId, match.offerMemberId], eventId)
      return floorMatchSummary({ ...next, event: match.event })
    },

    async getProposals(caller, communityId, eventId, query) {
      assertEventStaff(caller, communityId)
      const event = await loadEvent(caller, communityId, eventId)
      if (query.corner !== undefined && !hasCorner(event, query.corner)) {
        throw new DomainError('VALIDATION_FAILED', [{ path: 'corner', code: 'unknown_corner', message: '' }])
      }
      const { participants, items } = await stores.events.readBoard(communityId, eventId)
      return computeProposals({
        event,
        participants,
        items,
        corner: query.corner,
        now: runtime.now(),
        clock: () => performance.now(),
      })
    },

    async getTally(communityId, eventId) {
      const event = await stores.events.get(communityId, eventId)
      if (!event || !isVisibleTo(event, null)) throw new DomainError('EVENT_NOT_FOUND')
      // Cancelled matches stay listed: read enough to fill the screen with the ones that stand.
      const [figures, latest] = await Promise.all([
        stores.events.readTally(communityId, eventId),
        stores.events.listMatches(communityId, eventId, tallyLatest * 3),
      ])
      return tallyOf(event, figures, latest, runtime.now())
    },

    async getReport(caller, communityId, eventId) {
      assertEventStaff(caller, communityId)
      const event = await loadEvent(caller, communityId, eventId)
      const [{ participants, items }, listed] = await Promise.all([
        stores.events.readBoard(communityId, eventId),
        stores.events.listMatches(communityId, eventId),
      ])
      const matches = await stores.matches.getMany(
        communityId,
        listed.map((m) => m.matchId),
      )
      return buildEventReport({ event, participants, items, matches, now: runtime.now() })
    },

    async putValuationRules(caller, communityId, body) {
      assertEventCoordinator(caller, communityId)
      const community = await loadCommunity(stores, caller, communityId)
      if (community.version !== body.version) throw new DomainError('COMMUNITY_CHANGED')
      const next: Community = {
        ...community,
        valuationRules: body.rules,
        version: community.version + 1,
        updatedAt: runtime.now().toISOString(),
      }
      await stores.communities.put(next, body.version)
      return next
    },
  }
}
