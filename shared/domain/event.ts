/**
 * The rules of a Maatschappelijke Beursvloer. Pure: the clock, the ids, the random bytes and the
 * stored data are passed in (hashing for deterministic ids happens in the service).
 *
 * Who may do what (staff: a broker or coordinator acting as themselves, never "acting for"):
 *
 * | action | who |
 * |---|---|
 * | list and read events | every member (a `draft` only staff) |
 * | create and change an event, the valuation rules | coordinators |
 * | register, add items | staff for anyone; a member for itself (its own account and contact) |
 * | read the board, the event's matches | staff; a participant (only its own matches) |
 * | read a participant (with its check-in code) | staff; the participant itself |
 * | import, check in, proposals, report, cancel a floor match | staff |
 * | record a floor match | staff; a participant that is one of the two parties |
 * | read a match form (with both contacts) | staff (audited when not a party); a party |
 * | the tally | anyone (no sign-in), not for a `draft` event |
 *
 * When (`EVENT_NOT_OPEN` otherwise):
 *
 * | action | members | staff |
 * |---|---|---|
 * | register, add items, import | `open`, `live` | every status (set-up in `draft`, late paperwork in `closed`) |
 * | check in | – | `open`, `live`, `closed` |
 * | record a floor match | `live` | `live`, `closed` (match forms filled in on paper, typed in afterwards) |
 * | cancel a floor match (recorded in error) | – | every status |
 */
import type { Community } from '../schemas/community'
import type { ErrorDetail } from '../schemas/errors'
import type {
  BeursEvent,
  Corner,
  CreateEventBody,
  DealParty,
  EventBoard,
  EventDeal,
  EventItem,
  EventItemBody,
  EventMatchSummary,
  ImportRow,
  Participant,
  RegisterParticipantBody,
  Tally,
  UpdateEventBody,
} from '../schemas/event'
import type { Match } from '../schemas/match'
import type { MemberContact, MemberDetails } from '../schemas/member'
import type { Valuation } from '../schemas/valuation'
import type { EventItemKind, EventStatus, ParticipantType } from '../schemas/vocabulary'
import { participantTypes } from '../schemas/vocabulary'
import { normalizeAddress } from './auth'
import { actorOf, type Caller, isStaff } from './caller'
import { DomainError } from './errors'
import { assertMember, dutchDate } from './post'
import { maxCents } from './valuation'

// --- who ------------------------------------------------------------------------------------------

/** A broker or coordinator acting as themselves: acting for a resident gives only the resident's rights. */
export const isEventStaff = (caller: Caller): boolean => !caller.actedBy && isStaff(caller)

export const isEventCoordinator = (caller: Caller): boolean => !caller.actedBy && caller.role === 'coordinator'

export const assertEventStaff = (caller: Caller, communityId: string): void => {
  assertMember(caller, communityId)
  if (!isEventStaff(caller)) throw new DomainError('FORBIDDEN')
}

export const assertEventCoordinator = (caller: Caller, communityId: string): void => {
  assertMember(caller, communityId)
  if (!isEventCoordinator(caller)) throw new DomainError('FORBIDDEN')
}

/** The participant is the caller's own (its member is the caller). */
export const isOwnParticipant = (caller: Caller, participant: Pick<Participant, 'memberId'>): boolean =>
  caller.id === participant.memberId

/** Staff, or the participant itself: reading it (with its check-in code), adding items. */
export const assertMayManageParticipant = (caller: Caller, participant: Pick<Participant, 'memberId'>): void => {
  if (!isEventStaff(caller) && !isOwnParticipant(caller, participant)) throw new DomainError('FORBIDDEN')
}

/** A draft is being set up: only staff see it (the tally and the list hide it from everyone else). */
export const isVisibleTo = (event: Pick<BeursEvent, 'status'>, caller: Caller | null): boolean =>
  event.status !== 'draft' || (caller !== null && isEventStaff(caller))

// --- when -----------------------------------------------------------------------------------------

export type EventAction = 'register' | 'check-in' | 'record' | 'cancel'

/** The statuses in which members and staff may take each action (see the table at the top). */
export const eventActionStatuses: Record<EventAction, { member: EventStatus[]; staff: EventStatus[] }> = {
  register: { member: ['open', 'live'], staff: ['draft', 'open', 'live', 'closed'] },
  'check-in': { member: [], staff: ['open', 'live', 'closed'] },
  record: { member: ['live'], staff: ['live', 'closed'] },
  cancel: { member: [], staff: ['draft', 'open', 'live', 'closed'] },
}

export const assertEventOpenFor = (event: Pick<BeursEvent, 'status'>, action: EventAction, staff: boolean): void => {
  const allowed = eventActionStatuses[action][staff ? 'staff' : 'member']
  if (!allowed.includes(event.status)) throw new DomainError('EVENT_NOT_OPEN')
}

// --- the event ------------------------------------------------------------------------------------

const invalid = (details: ErrorDetail[]): never => {
  throw new DomainError('VALIDATION_FAILED', details)
}
const detail = (path: string, code: string): ErrorDetail => ({ path, code, message: '' })

/** The corners a new event starts with: the community's resource types (at most 20), no hoekmannen yet. */
export const defaultCorners = (community: Pick<Community, 'resourceTypes'>): Corner[] =>
  community.resourceTypes.slice(0, 20).map((r) => ({ id: r.id, name: r.name, hoekmannen: [] }))

/** A new event (`draft`): corners and valuation rules default to the community's. */
export const newEvent = (args: {
  id: string
  community: Community
  body: CreateEventBody
  createdBy: string
  now: Date
}): BeursEvent => {
  const { community, body } = args
  const corners = body.corners ?? defaultCorners(community)
  const valuationRules = body.valuationRules ?? structuredClone(community.valuationRules)
  const details: ErrorDetail[] = []
  if (corners.length === 0) details.push(detail('corners', 'required'))
  if (valuationRules.length === 0) details.push(detail('valuationRules', 'required'))
  if (details.length > 0) invalid(details)
  const at = args.now.toISOString()
  return {
    id: args.id,
    communityId: community.id,
    name: body.name,
    date: body.date,
    place: body.place,
    floorStart: body.floorStart,
    floorEnd: body.floorEnd,
    corners,
    valuationRules,
    status: 'draft',
    createdBy: args.createdBy,
    createdAt: at,
    updatedAt: at,
    version: 1,
  }
}

/** The event as the coordinator changed it (the caller checked the version). */
export const changedEvent = (event: BeursEvent, body: UpdateEventBody, now: Date): BeursEvent => {
  const { version: _version, ...fields } = body
  return { ...event, ...fields, updatedAt: now.toISOString(), version: event.version + 1 }
}

/** Every member listed as a hoekman, once. */
export const hoekmannenOf = (corners: Corner[]): string[] => [...new Set(corners.flatMap((c) => c.hoekmannen))]

/** Hoekmannen must be staff of the community (brokers or coordinators): details for those who are not. */
export const checkHoekmannen = (corners: Corner[], isStaffMember: (memberId: string) => boolean): ErrorDetail[] =>
  corners.flatMap((corner, i) =>
    corner.hoekmannen.flatMap((id, j) =>
      isStaffMember(id) ? [] : [detail(`corners.${i}.hoekmannen.${j}`, 'not_staff')],
    ),
  )

/** A corner that still has items cannot be removed (their corner would be gone). */
export const checkCornersKept = (corners: Corner[], items: Pick<EventItem, 'cornerId'>[]): ErrorDetail[] => {
  const kept = new Set(corners.map((c) => c.id))
  const lost = [...new Set(items.map((i) => i.cornerId).filter((id) => !kept.has(id)))]
  return lost.length > 0 ? [detail('corners', 'corner_in_use')] : []
}

export const hasCorner = (event: Pick<BeursEvent, 'corners'>, cornerId: string): boolean =>
  event.corners.some((c) => c.id === cornerId)

// --- participants ---------------------------------------------------------------------------------

/** 32 characters without 0/O and 1/I, so a code read aloud or from a badge is not mistaken. */
export const checkInCodeAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** A six-character check-in code from six random bytes (32 characters: each byte's low 5 bits, uniform). */
export const checkInCodeFrom = (bytes: ArrayLike<number>): string => {
  if (bytes.length < 6) throw new Error('A check-in code needs six random bytes')
  let code = ''
  for (let i = 0; i < 6; i++) code += checkInCodeAlphabet[(bytes[i] ?? 0) & 31]
  return code
}

/** A name as people write it in different ways: no accents, no case, single spaces, letters and digits only. */
export const normalizeName = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()

/**
 * What the service hashes into deterministic ids, so a registration or import that is retried
 * finds what the first try wrote instead of writing it again.
 */
export const idSeeds = {
  /** A member takes part once per event: registering again adds items to the same participant. */
  participant: (eventId: string, memberId: string) => `participant|${eventId}|${memberId}`,
  /** A participant without e-mail and phone: one member per event and (normalised) name. */
  unreachableMember: (eventId: string, name: string) => `member|${eventId}|${normalizeName(name)}`,
  /** The need or offer of one import row. */
  importItem: (eventId: string, importId: string, row: number, kind: EventItemKind) =>
    `import|${eventId}|${importId}|${row}|${kind}`,
  /** An item typed on the floor: the same deal typed twice is the same match (EVENT_MATCH_EXISTS). */
  typedItem: (eventId: string, kind: EventItemKind, needKey: string, offerKey: string) =>
    `typed|${eventId}|${kind}|${needKey}|${offerKey}`,
}

/** How a deal side is named in `idSeeds.typedItem`: its item, or its participant and typed title. */
export const dealSideKey = (side: { itemId: string } | { participantId: string; title: string }): string =>
  'itemId' in side ? `item:${side.itemId}` : `typed:${side.participantId}:${normalizeName(side.title)}`

/** A resident takes part as a volunteer; an organisation's account as an organisation of some type. */
export const typeFitsMember = (kind: MemberDetails['kind'], type: ParticipantType): boolean =>
  kind === 'resident' ? type === 'vrijwilliger' : type !== 'vrijwilliger'

/** The gemeente at the top of the community's areas: where members made for participants live. */
export const topAreaId = (community: Pick<Community, 'areas'>): string => {
  const top = community.areas.find((a) => a.parentId === null) ?? community.areas[0]
  if (!top) throw new Error(`Community without areas`)
  return top.id
}

/**
 * The member made for a participant whose address is not known yet: an organisation account (a
 * volunteer: a resident), in the gemeente, with the registration as consent for matches and
 * contact (`paper` for an import, `online` otherwise). Without e-mail and phone a broker keeps
 * in touch for them (`managedByBroker`).
 */
export const newParticipantMember = (args: {
  id: string
  communityId: string
  areaId: string
  body: Pick<RegisterParticipantBody, 'name' | 'type' | 'contactName' | 'email' | 'phone'>
  consentMethod: 'online' | 'paper'
  recordedBy: string
  now: Date
}): { member: MemberDetails; contact: MemberContact } => {
  const { body, now } = args
  const at = now.toISOString()
  const volunteer = body.type === 'vrijwilliger'
  const member: MemberDetails = {
    id: args.id,
    communityId: args.communityId,
    kind: volunteer ? 'resident' : 'organisation',
    role: volunteer ? 'resident' : 'organisation',
    displayName: body.name.slice(0, 80),
    areaId: args.areaId,
    managedByBroker: !body.email && !body.phone,
    status: 'active',
    contactPreference: body.email ? 'email' : body.phone ? 'sms' : 'none',
    language: 'nl',
    consents: [
      {
        givenOn: dutchDate(now),
        method: args.consentMethod,
        covers: ['matches', 'contact'],
        recordedBy: args.recordedBy,
        recordedAt: at,
        withdrawnAt: null,
      },
    ],
    screenings: [],
    // As `newMemberMatching()` (schemas/member.ts), written out: the domain stays free of zod for the web.
    languages: ['nl'],
    helping: { maxActiveMatches: 3, paused: false },
    activeMatches: 0,
    blocked: [],
    version: 1,
    createdAt: at,
    lastActiveAt: at,
    retentionNoticeAt: null,
  }
  const contact: MemberContact = {
    fullName: (body.contactName || body.name).slice(0, 120),
    // Kept as sign-in reads it: the same address in any case is one login.
    email: body.email ? body.email.trim().toLowerCase() : null,
    phone: body.phone,
    address: null,
    representatives: [],
  }
  return { member, contact }
}

export const newParticipant = (args: {
  id: string
  eventId: string
  memberId: string
  body: Pick<RegisterParticipantBody, 'name' | 'type' | 'contactName' | 'showName'>
  checkInCode: string
  source: Participant['source']
  registeredBy: string
  now: Date
}): Participant => ({
  id: args.id,
  eventId: args.eventId,
  memberId: args.memberId,
  name: args.body.name,
  type: args.body.type,
  contactName: args.body.contactName,
  showName: args.body.showName,
  checkInCode: args.checkInCode,
  checkedInAt: null,
  source: args.source,
  registeredBy: args.registeredBy,
  registeredAt: args.now.toISOString(),
  version: 1,
})

/** Every item's corner must be one of the event's (`unknown_corner` at `items.<i>.cornerId`). */
export const checkItemCorners = (event: Pick<BeursEvent, 'corners'>, bodies: Pick<EventItemBody, 'cornerId'>[]) => {
  const details = bodies.flatMap((b, i) =>
    hasCorner(event, b.cornerId) ? [] : [detail(`items.${i}.cornerId`, 'unknown_corner')],
  )
  if (details.length > 0) invalid(details)
}

/**
 * A registration's contact must be addresses one can sign in with (`invalid_address`), like a
 * member's: they become the participant's member's sign-in addresses.
 */
export const checkContactAddresses = (body: Pick<RegisterParticipantBody, 'email' | 'phone'>): void => {
  const details: ErrorDetail[] = []
  if (body.email && !normalizeAddress(body.email)) details.push(detail('email', 'invalid_address'))
  if (body.phone && !normalizeAddress(body.phone)) details.push(detail('phone', 'invalid_address'))
  if (details.length > 0) invalid(details)
}

/** Needs and offers of a participant (corners checked: see `checkItemCorners`). */
export const newEventItems = (args: {
  event: Pick<BeursEvent, 'id' | 'corners'>
  participantId: string
  bodies: EventItemBody[]
  ids: string[]
  now: Date
}): EventItem[] => {
  checkItemCorners(args.event, args.bodies)
  return args.bodies.map((b, i) => {
    const id = args.ids[i]
    if (!id) throw new Error('An item id is missing')
    return {
      id,
      eventId: args.event.id,
      participantId: args.participantId,
      kind: b.kind,
      cornerId: b.cornerId,
      title: b.title,
      description: b.description,
      quantity: b.quantity,
      matched: 0,
      wantsInReturn: b.wantsInReturn,
      createdAt: args.now.toISOString(),
    }
  })
}

/** What the floor screen works from: no check-in codes (a code checks someone in). */
export const boardOf = (event: BeursEvent, participants: Participant[], items: EventItem[]): EventBoard => ({
  event,
  participants: participants.map(({ checkInCode: _code, ...rest }) => rest),
  items,
})

// --- import ---------------------------------------------------------------------------------------

export interface ImportError {
  field: string
  code: string
  message: string
}

/** Words organisers use for each type, besides its id and its Dutch and English names. */
const typeWords: Record<ParticipantType, string[]> = {
  vrijwilligersorganisatie: [
    'vrijwilligersorganisatie',
    'vrijwilligersorganisaties',
    'volunteer organisation',
    'volunteer organization',
    'vrijwilligers organisatie',
  ],
  'maatschappelijke-organisatie': [
    'maatschappelijke organisatie',
    'maatschappelijke organisaties',
    'social organisation',
    'social organization',
    'non profit',
    'nonprofit',
    'ngo',
    'stichting',
    'vereniging',
    'welzijn',
    'charity',
  ],
  bedrijf: ['bedrijf', 'bedrijven', 'business', 'company', 'onderneming', 'ondernemer', 'firm'],
  school: ['school', 'scholen', 'onderwijs', 'education'],
  overheid: ['overheid', 'gemeente', 'government', 'municipality', 'public sector'],
  serviceclub: ['serviceclub', 'service club', 'serviceclubs', 'rotary', 'lions', 'kiwanis', 'round table'],
  vrijwilliger: ['vrijwilliger', 'vrijwilligers', 'volunteer', 'particulier', 'individual'],
}

const typeByWord = new Map<string, ParticipantType>(
  participantTypes.flatMap((type) => [type, ...typeWords[type]].map((word) => [normalizeName(word), type] as const)),
)

/** A participant type from its id, its Dutch or English name, or a common synonym (accents and case ignored). */
export const readParticipantType = (text: string): ParticipantType | undefined => typeByWord.get(normalizeName(text))

/** Other words for the six standard corners (the event's own names and ids are always understood). */
const cornerWords: Record<string, string[]> = {
  menskracht: ['manpower', 'mensen', 'handjes', 'handen', 'hands', 'people power'],
  kennis: ['knowledge', 'expertise', 'advies', 'advice', 'kennis en advies'],
  netwerk: ['network', 'networks', 'netwerken', 'network access', 'toegang tot netwerken', 'contacten'],
  materiaal: ['materials', 'material', 'materialen', 'spullen', 'goods', 'middelen'],
  faciliteiten: ['facilities', 'facility', 'faciliteit', 'ruimte', 'ruimtes', 'room', 'rooms', 'space'],
  creativiteit: ['creativity', 'creatief', 'creative', 'ideeen', 'ideas'],
}

/** A corner of the event from its id, its Dutch or English name, or (standard corners) a common synonym. */
export const readCorner = (event: Pick<BeursEvent, 'corners'>, text: string): string | undefined => {
  const word = normalizeName(text)
  if (!word) return undefined
  for (const corner of event.corners) {
    const names = [corner.id, corner.name.nl, corner.name.en, ...(cornerWords[corner.id] ?? [])]
    if (names.some((name) => normalizeName(name) === word)) return corner.id
  }
  return undefined
}

const yes = new Set(['ja', 'j', 'yes', 'y', '1', 'x', 'true', 'waar', 'wel', 'akkoord', 'ok'])
const no = new Set(['', 'nee', 'n', 'no', '0', 'false', 'onwaar', 'niet', '-'])

/** A yes/no cell: ja/nee, yes/no, 1/0, x/empty, true/false. Undefined: not readable. */
export const readYesNo = (text: string): boolean | undefined => {
  const word = normalizeName(text) || text.trim()
  if (yes.has(word)) return true
  if (no.has(word)) return false
  return undefined
}

const emailPattern = /^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/
const phonePattern = /^\+?[0-9 ()-]{8,20}$/

/**
 * One spreadsheet row → the registration it stands for, or every reason it cannot be one (stable
 * `code`s per import column; the web shows them in Dutch or English). Cells are read leniently:
 * types and corners by id or name, yes/no in several ways, empty quantity = 1. A row needs a name,
 * a type, and a need or an offer (a title and a corner for each one it has).
 */
export const parseImportRow = (
  row: ImportRow,
  event: Pick<BeursEvent, 'corners'>,
): { body: RegisterParticipantBody } | { errors: ImportError[] } => {
  const errors: ImportError[] = []
  const fail = (field: string, code: string, message: string) => errors.push({ field, code, message })

  const name = row.name.trim()
  if (!name) fail('name', 'required', 'A name is required.')
  else if (name.length < 2) fail('name', 'too_short', 'The name needs at least 2 characters.')
  else if (name.length > 120) fail('name', 'too_long', 'The name can have at most 120 characters.')

  const type = readParticipantType(row.type)
  if (!row.type.trim()) fail('type', 'required', 'The type of participant is required.')
  else if (!type) fail('type', 'unknown_type', `"${row.type.trim()}" is not a known type of participant.`)

  const contactName = row.contactName.trim()
  if (contactName.length > 120) fail('contactName', 'too_long', 'The contact name can have at most 120 characters.')

  const email = row.email.trim()
  if (email && (email.length > 200 || !emailPattern.test(email) || !normalizeAddress(email))) {
    fail('email', 'invalid_email', `"${email}" is not an e-mail address.`)
  }
  const phone = row.phone.trim()
  // The schema's form, and one sign-in can use (a Dutch number, or one with its country code).
  if (phone && (!phonePattern.test(phone) || !normalizeAddress(phone))) {
    fail('phone', 'invalid_phone', `"${phone}" is not a phone number.`)
  }

  const showName = readYesNo(row.showName)
  if (showName === undefined) fail('showName', 'invalid_yes_no', 'Use yes or no (ja or nee).')

  const item = (kind: EventItemKind, prefix: 'need' | 'offer'): EventItemBody | undefined => {
    const cornerText = row[`${prefix}Corner`].trim()
    const title = row[`${prefix}Title`].trim()
    const description = row[`${prefix}Description`].trim()
    const quantityText = row[`${prefix}Quantity`].trim()
    if (!cornerText && !title && !description && !quantityText) return undefined
    let ok = true
    const bad = (field: string, code: string, message: string) => {
      ok = false
      fail(field, code, message)
    }
    if (!title) bad(`${prefix}Title`, 'required', 'A title is required.')
    else if (title.length < 3) bad(`${prefix}Title`, 'too_short', 'The title needs at least 3 characters.')
    else if (title.length > 120) bad(`${prefix}Title`, 'too_long', 'The title can have at most 120 characters.')
    if (description.length > 500) {
      bad(`${prefix}Description`, 'too_long', 'The description can have at most 500 characters.')
    }
    const cornerId = readCorner(event, cornerText)
    if (!cornerText) bad(`${prefix}Corner`, 'required', 'A corner is required.')
    else if (!cornerId) bad(`${prefix}Corner`, 'unknown_corner', `"${cornerText}" is not a corner of this event.`)
    let quantity = 1
    if (quantityText) {
      quantity = /^\d{1,2}$/.test(quantityText) ? Number(quantityText) : Number.NaN
      if (!(quantity >= 1 && quantity <= 99)) {
        bad(`${prefix}Quantity`, 'invalid_quantity', 'Use a whole number from 1 to 99.')
      }
    }
    if (!ok || !cornerId) return undefined
    return { kind, cornerId, title, description, quantity, wantsInReturn: '' }
  }
  const need = item('need', 'need')
  const offer = item('offer', 'offer')
  const hasNeed = [row.needCorner, row.needTitle, row.needDescription, row.needQuantity].some((c) => c.trim())
  const hasOffer = [row.offerCorner, row.offerTitle, row.offerDescription, row.offerQuantity].some((c) => c.trim())
  if (!hasNeed && !hasOffer) fail('needTitle', 'need_or_offer_required', 'A row needs a need or an offer.')

  const wantsInReturn = row.wantsInReturn.trim()
  if (wantsInReturn.length > 200) {
    fail('wantsInReturn', 'too_long', 'What they would like in return can have at most 200 characters.')
  }

  if (errors.length > 0 || !type || showName === undefined) return { errors }
  // What they would like in return belongs with what they offer (or, without an offer, with the need).
  const withReturn = offer ?? need
  if (withReturn) withReturn.wantsInReturn = wantsInReturn
  return {
    body: {
      name,
      type,
      contactName,
      email: email ? email.toLowerCase() : null,
      phone: phone || null,
      showName,
      items: [need, offer].filter((i): i is EventItemBody => i !== undefined),
    },
  }
}

// --- floor matches --------------------------------------------------------------------------------

/** One side of a floor match: the participant and its item (existing, or typed on the floor). */
export interface FloorSide {
  participant: Participant
  item: EventItem
  /** Typed on the floor: created by the recording, with `matched` 1. */
  typed: boolean
}

/** The corner a deal is made in: the one given, else the offer's, else the need's; it must be the event's. */
export const dealCorner = (
  event: Pick<BeursEvent, 'corners'>,
  given: string | undefined,
  offerItem: Pick<EventItem, 'cornerId'> | undefined,
  needItem: Pick<EventItem, 'cornerId'> | undefined,
): string => {
  const cornerId = given ?? offerItem?.cornerId ?? needItem?.cornerId
  if (!cornerId) return invalid([detail('cornerId', 'required')])
  if (!hasCorner(event, cornerId)) invalid([detail('cornerId', 'unknown_corner')])
  return cornerId
}

/** A need or offer typed on the floor for a participant: one unit, used by this match. */
export const typedItem = (args: {
  id: string
  eventId: string
  participantId: string
  kind: EventItemKind
  title: string
  cornerId: string
  now: Date
}): EventItem => ({
  id: args.id,
  eventId: args.eventId,
  participantId: args.participantId,
  kind: args.kind,
  cornerId: args.cornerId,
  title: args.title,
  description: '',
  quantity: 1,
  matched: 1,
  wantsInReturn: '',
  createdAt: args.now.toISOString(),
})

/**
 * The two sides must fit: a need and an offer, of two different participants, each with a unit
 * left (the store's conditions make it safe under concurrency; this gives the answer early).
 */
export const checkFloorSides = (need: FloorSide, offer: FloorSide): void => {
  const details: ErrorDetail[] = []
  if (need.item.kind !== 'need') details.push(detail('need.itemId', 'wrong_kind'))
  if (offer.item.kind !== 'offer') details.push(detail('offer.itemId', 'wrong_kind'))
  if (need.participant.id === offer.participant.id) details.push(detail('offer', 'same_participant'))
  if (details.length > 0) invalid(details)
  if (!need.typed && need.item.matched >= need.item.quantity) throw new DomainError('NEED_MATCHED')
  if (!offer.typed && offer.item.matched >= offer.item.quantity) throw new DomainError('OFFER_FULL')
}

const dealParty = (side: FloorSide): DealParty => ({
  participantId: side.participant.id,
  itemId: side.item.id,
  name: side.participant.name,
  type: side.participant.type,
  showName: side.participant.showName,
  title: side.item.title,
})

/** One match per need–offer pair, like a match from suggestions (`<requestId>_<offerId>`). */
export const floorMatchId = (needItemId: string, offerItemId: string): string => `${needItemId}_${offerItemId}`

/**
 * A floor match: a real match of the lifecycle, `accepted` at once (both agreed on the floor,
 * in front of the recorder), origin `event`, with the deal and its value. Its one history entry
 * (null → accepted, no side: both) makes the lifecycle worker tell both parties and schedule
 * the event follow-ups. The total is the sum of both gives.
 */
export const floorMatch = (args: {
  communityId: string
  eventId: string
  cornerId: string
  need: FloorSide
  offer: FloorSide
  offerGives: { what: string; valuation: Valuation }
  needGives: { what: string; valuation: Valuation } | null
  when: string
  /** The member who recorded it (the real actor). */
  recordedBy: string
  /** Recorded by staff rather than by one of the parties. */
  viaBroker: boolean
  now: Date
}): Match & { event: EventDeal } => {
  const at = args.now.toISOString()
  const totalCents = args.offerGives.valuation.cents + (args.needGives?.valuation.cents ?? 0)
  if (totalCents > maxCents) invalid([detail('needGives.valuation', 'too_high')])
  const deal: EventDeal = {
    eventId: args.eventId,
    cornerId: args.cornerId,
    need: dealParty(args.need),
    offer: dealParty(args.offer),
    offerGives: args.offerGives,
    needGives: args.needGives,
    twoWay: args.needGives !== null,
    totalCents,
    when: args.when,
    recordedBy: args.recordedBy,
    recordedAt: at,
  }
  const interest = { at, by: args.recordedBy, viaBroker: args.viaBroker, message: '' }
  return {
    id: floorMatchId(args.need.item.id, args.offer.item.id),
    communityId: args.communityId,
    requestId: args.need.item.id,
    offerId: args.offer.item.id,
    requestMemberId: args.need.participant.memberId,
    offerMemberId: args.offer.participant.memberId,
    origin: 'event',
    status: 'accepted',
    interest: { request: interest, offer: { ...interest } },
    score: 0,
    agreement: null,
    outcome: null,
    event: deal,
    history: [
      {
        at,
        from: null,
        to: 'accepted',
        by: args.recordedBy,
        viaBroker: args.viaBroker,
        side: null,
        reason: 'beursvloer',
      },
    ],
    acceptedAt: at,
    endedAt: null,
    createdAt: at,
    updatedAt: at,
    version: 1,
  }
}

/** A floor match of this event (not another event's, not a match from suggestions). */
export const isFloorMatchOf = (match: Match, eventId: string): match is Match & { event: EventDeal } =>
  match.origin === 'event' && match.event?.eventId === eventId

/** A floor match recorded in error, cancelled by staff: only while `accepted`; both parties are told. */
export const cancelledFloorMatch = (match: Match, by: string, now: Date, reason: string): Match => {
  if (match.status !== 'accepted') throw new DomainError('TRANSITION_NOT_ALLOWED')
  const at = now.toISOString()
  return {
    ...match,
    status: 'cancelled',
    history: [...match.history, { at, from: 'accepted', to: 'cancelled', by, viaBroker: true, side: null, reason }],
    endedAt: at,
    updatedAt: at,
    version: match.version + 1,
  }
}

export const floorMatchSummary = (match: Match & { event: EventDeal }): EventMatchSummary => ({
  matchId: match.id,
  status: match.status,
  deal: match.event,
})

/** The participants of a deal whose member is the caller (a party sees its own matches and forms). */
export const isPartyOf = (caller: Caller, deal: EventDeal, memberOf: (participantId: string) => string | undefined) =>
  memberOf(deal.need.participantId) === caller.id || memberOf(deal.offer.participantId) === caller.id

/** Who recorded: the real actor (a broker acting for someone records as themselves). */
export const recorderOf = (caller: Caller): string => actorOf(caller).id

// --- the tally ------------------------------------------------------------------------------------

/** The tally's counters (the sum of its shards). */
export interface TallyFigures {
  matches: number
  cents: number
  twoWay: number
  byCorner: Record<string, { matches: number; cents: number; twoWay: number }>
}

/** How many of the latest matches the big screen shows. */
export const tallyLatest = 8

/**
 * The big screen: totals, each corner of the event (zero when nothing happened there), and the
 * latest matches that still stand, with names only of participants who agreed (`showName`).
 */
export const tallyOf = (event: BeursEvent, figures: TallyFigures, latest: EventMatchSummary[], now: Date): Tally => ({
  event: { name: event.name, date: event.date, place: event.place, status: event.status },
  matches: figures.matches,
  cents: figures.cents,
  twoWay: figures.twoWay,
  corners: event.corners.map((corner) => ({
    cornerId: corner.id,
    name: corner.name,
    matches: figures.byCorner[corner.id]?.matches ?? 0,
    cents: figures.byCorner[corner.id]?.cents ?? 0,
  })),
  latest: latest
    .filter((m) => m.status !== 'cancelled')
    .slice(0, tallyLatest)
    .map((m) => ({
      at: m.deal.recordedAt,
      cornerId: m.deal.cornerId,
      needName: m.deal.need.showName ? m.deal.need.name : null,
      offerName: m.deal.offer.showName ? m.deal.offer.name : null,
      cents: m.deal.totalCents,
      twoWay: m.deal.twoWay,
    })),
  updatedAt: now.toISOString(),
})

/**
 * A floor match has no posts (its `requestId` and `offerId` are event items): its titles and
 * names come from the deal, for lists, messages and follow-up questions. Undefined for other matches.
 */
export const dealLabels = (
  match: Pick<Match, 'origin' | 'event'>,
): { requestTitle: string; offerTitle: string; requestName: string; offerName: string } | undefined =>
  match.origin === 'event' && match.event
    ? {
        requestTitle: match.event.need.title,
        offerTitle: match.event.offer.title,
        requestName: match.event.need.name,
        offerName: match.event.offer.name,
      }
    : undefined
