/**
 * The Maatschappelijke Beursvloer: an event with corners and hoekmannen, participants
 * (organisations and volunteers) with their needs and offers, matches recorded on the floor
 * (each a real match of the lifecycle, origin `event`), the public tally, the optimal
 * proposals and the report. Rules: shared/domain/event.ts, valuation.ts, event-matching.ts.
 */
import * as z from 'zod'
import { generatedIdSchema, isoDateSchema, isoDateTimeSchema, localizedTextSchema, slugSchema } from './common'
import { centsSchema, valuationInputSchema, valuationRulesSchema, valuationSchema } from './valuation'
import { eventItemKinds, eventStatuses, matchStatuses, participantTypes } from './vocabulary'

export const participantTypeSchema = z.enum(participantTypes)
export const eventStatusSchema = z.enum(eventStatuses)
export const eventItemKindSchema = z.enum(eventItemKinds)

const timeOfDay = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'time')

/** A corner of the floor: one resource type (the six standard ones, or the event's own), with its hoekmannen. */
export const cornerSchema = z
  .strictObject({
    id: slugSchema,
    name: localizedTextSchema,
    /** Brokers (or coordinators) who help in this corner. */
    hoekmannen: z.array(slugSchema).max(10),
  })
  .meta({ id: 'Corner' })

const corners = z
  .array(cornerSchema)
  .min(1)
  .max(20)
  .refine((list) => new Set(list.map((c) => c.id)).size === list.length, { message: 'duplicate_corner' })

const eventFields = {
  name: z.string().trim().min(3).max(120),
  date: isoDateSchema,
  place: z.string().trim().min(2).max(200),
  /** When the floor opens and closes (local time, Europe/Amsterdam). */
  floorStart: timeOfDay,
  floorEnd: timeOfDay,
  corners,
  /** The rules that value this event's matches (copied from the community when the event is created). */
  valuationRules: valuationRulesSchema.min(1),
}

export const eventSchema = z
  .strictObject({
    id: generatedIdSchema,
    communityId: slugSchema,
    ...eventFields,
    status: eventStatusSchema,
    createdBy: slugSchema,
    createdAt: isoDateTimeSchema,
    updatedAt: isoDateTimeSchema,
    version: z.int().min(1),
  })
  .meta({ id: 'Event', description: 'A Maatschappelijke Beursvloer' })

export const createEventBodySchema = z
  .strictObject({
    name: eventFields.name,
    date: eventFields.date,
    place: eventFields.place,
    floorStart: eventFields.floorStart,
    floorEnd: eventFields.floorEnd,
    /** Default: the community's resource types, without hoekmannen. */
    corners: corners.optional(),
    /** Default: the community's valuation rules. */
    valuationRules: eventFields.valuationRules.optional(),
  })
  .refine((b) => b.floorStart < b.floorEnd, { message: 'floor_end_before_start', path: ['floorEnd'] })
  .meta({ id: 'CreateEventBody' })

export const updateEventBodySchema = z
  .strictObject({ ...eventFields, status: eventStatusSchema, version: z.int().min(1) })
  .refine((b) => b.floorStart < b.floorEnd, { message: 'floor_end_before_start', path: ['floorEnd'] })
  .meta({ id: 'UpdateEventBody' })

export const eventListSchema = z.strictObject({ items: z.array(eventSchema) }).meta({ id: 'EventList' })

/** A need or an offer a participant brings to the event. */
export const eventItemSchema = z
  .strictObject({
    id: generatedIdSchema,
    eventId: generatedIdSchema,
    participantId: generatedIdSchema,
    kind: eventItemKindSchema,
    cornerId: slugSchema,
    title: z.string().trim().min(3).max(120),
    description: z.string().trim().max(500),
    /** How many times it can be matched: an offer may serve several needs. */
    quantity: z.int().min(1).max(99),
    /** How many matches already use it (never above `quantity`: conditional writes). */
    matched: z.int().min(0),
    /** What the participant would like in return (a two-way match). */
    wantsInReturn: z.string().trim().max(200),
    createdAt: isoDateTimeSchema,
  })
  .meta({ id: 'EventItem' })

export const eventItemBodySchema = z
  .strictObject({
    kind: eventItemKindSchema,
    cornerId: slugSchema,
    title: eventItemSchema.shape.title,
    description: eventItemSchema.shape.description.default(''),
    quantity: eventItemSchema.shape.quantity.default(1),
    wantsInReturn: eventItemSchema.shape.wantsInReturn.default(''),
  })
  .meta({ id: 'EventItemBody' })

/** An organisation or volunteer taking part. Their contact details stay on their member (private). */
export const participantSchema = z
  .strictObject({
    id: generatedIdSchema,
    eventId: generatedIdSchema,
    /** The member that represents them (an organisation account, or the volunteer). */
    memberId: slugSchema,
    name: z.string().trim().min(2).max(120),
    type: participantTypeSchema,
    /** The person who comes to the floor. */
    contactName: z.string().trim().max(120),
    /** They agreed that their name may appear on the big screen and in public figures. */
    showName: z.boolean(),
    /** Printed on the badge and in the confirmation, also as a QR code: check-in by scanning. */
    checkInCode: z.string().regex(/^[A-HJ-NP-Z2-9]{6}$/),
    checkedInAt: isoDateTimeSchema.nullable(),
    source: z.enum(['self', 'staff', 'import']),
    registeredBy: slugSchema,
    registeredAt: isoDateTimeSchema,
    version: z.int().min(1),
  })
  .meta({ id: 'Participant' })

export const participantWithItemsSchema = participantSchema
  .extend({ items: z.array(eventItemSchema) })
  .meta({ id: 'ParticipantWithItems' })

/**
 * Registration of one participant with its needs and offers. Staff register anyone; a signed-in
 * organisation or volunteer registers itself (then e-mail and phone come from its own account).
 * A participant whose e-mail or phone already belongs to a member becomes that member.
 */
export const registerParticipantBodySchema = z
  .strictObject({
    name: participantSchema.shape.name,
    type: participantTypeSchema,
    contactName: participantSchema.shape.contactName.default(''),
    email: z.email().max(200).nullable().default(null),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()-]{8,20}$/, 'phone')
      .nullable()
      .default(null),
    showName: z.boolean().default(false),
    items: z.array(eventItemBodySchema).max(20).default([]),
  })
  .meta({ id: 'RegisterParticipantBody' })

/** Adds needs or offers to a registered participant (also on the floor). */
export const addEventItemsBodySchema = z
  .strictObject({ items: z.array(eventItemBodySchema).min(1).max(20) })
  .meta({ id: 'AddEventItemsBody' })

/**
 * One spreadsheet row after the column mapping: a participant with at most one need and one
 * offer. Rows with the same e-mail (or, without e-mail, the same name) become one participant.
 * Values are the cells as text; the server reads corners and types by id or by their Dutch or
 * English name, so the organiser's own words work.
 */
export const importRowSchema = z
  .strictObject({
    row: z.int().min(1).max(100_000),
    name: z.string().max(500).default(''),
    type: z.string().max(200).default(''),
    contactName: z.string().max(500).default(''),
    email: z.string().max(500).default(''),
    phone: z.string().max(200).default(''),
    showName: z.string().max(50).default(''),
    needCorner: z.string().max(200).default(''),
    needTitle: z.string().max(500).default(''),
    needDescription: z.string().max(2000).default(''),
    needQuantity: z.string().max(50).default(''),
    offerCorner: z.string().max(200).default(''),
    offerTitle: z.string().max(500).default(''),
    offerDescription: z.string().max(2000).default(''),
    offerQuantity: z.string().max(50).default(''),
    wantsInReturn: z.string().max(500).default(''),
  })
  .meta({ id: 'ImportRow' })

export type ImportField = Exclude<keyof z.infer<typeof importRowSchema>, 'row'>
export const importFields = Object.keys(importRowSchema.shape).filter((k) => k !== 'row') as ImportField[]

/**
 * A batch of rows. `check`: only validate (nothing is written); `commit`: write the valid rows.
 * The web app first checks every batch of the file and imports only when the whole file is valid
 * (or when the organiser chose to skip the rows that failed), so nothing is half imported. Each
 * row is written as a whole or not at all, and `importId` + row number make a retried batch
 * write nothing twice.
 */
export const importBodySchema = z
  .strictObject({
    importId: z.string().regex(/^[A-Za-z0-9_-]{8,40}$/),
    mode: z.enum(['check', 'commit']),
    rows: z.array(importRowSchema).min(1).max(100),
  })
  .meta({ id: 'ImportBody' })

export const importRowResultSchema = z
  .strictObject({
    row: z.int(),
    status: z.enum(['valid', 'imported', 'failed']),
    participantId: generatedIdSchema.nullable(),
    /** Field-level reasons a person understands: which column, and what is wrong. */
    errors: z.array(z.strictObject({ field: z.string(), code: z.string(), message: z.string() })),
  })
  .meta({ id: 'ImportRowResult' })

export const importReportSchema = z.strictObject({ rows: z.array(importRowResultSchema) }).meta({ id: 'ImportReport' })

export const checkInBodySchema = z
  .union([
    z.strictObject({
      code: z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[A-HJ-NP-Z2-9]{6}$/, 'check_in_code'),
    }),
    z.strictObject({ participantId: generatedIdSchema }),
  ])
  .meta({ id: 'CheckInBody' })

export const checkInResultSchema = z
  .strictObject({
    participant: participantSchema,
    /** True when they had already been checked in (a second scan changes nothing). */
    alreadyCheckedIn: z.boolean(),
  })
  .meta({ id: 'CheckInResult' })

/** What the floor screen works from: every participant (without contact details) and every item. */
export const eventBoardSchema = z
  .strictObject({
    event: eventSchema,
    participants: z.array(participantSchema.omit({ checkInCode: true })),
    items: z.array(eventItemSchema),
  })
  .meta({ id: 'EventBoard' })

/** One side of a floor match: an item that exists, or one typed on the floor for a participant. */
export const dealSideBodySchema = z
  .union([
    z.strictObject({ itemId: generatedIdSchema }),
    z.strictObject({ participantId: generatedIdSchema, title: eventItemSchema.shape.title }),
  ])
  .meta({ id: 'DealSideBody' })

/** What one side gives: in words, and how it is valued. */
export const giveBodySchema = z
  .strictObject({ what: z.string().trim().min(3).max(300), valuation: valuationInputSchema })
  .meta({ id: 'GiveBody' })

export const recordEventMatchBodySchema = z
  .strictObject({
    need: dealSideBodySchema,
    offer: dealSideBodySchema,
    /** The corner it was made in (default: the corner of the offer). */
    cornerId: slugSchema.optional(),
    /** What the offering side gives. */
    offerGives: giveBodySchema,
    /** What the asking side gives back: a two-way match. The form asks for it; null when nothing goes back. */
    needGives: giveBodySchema.nullable(),
    /** When it will happen, in the parties' words ("in het voorjaar", "3 maart"). */
    when: z.string().trim().min(2).max(200),
    /** Both parties said yes to this agreement on the floor. */
    confirmedByBoth: z.literal(true),
  })
  .meta({ id: 'RecordEventMatchBody' })

export const dealPartySchema = z
  .strictObject({
    participantId: generatedIdSchema,
    itemId: generatedIdSchema,
    name: z.string(),
    type: participantTypeSchema,
    showName: z.boolean(),
    title: z.string(),
  })
  .meta({ id: 'DealParty' })

export const dealGiveSchema = z.strictObject({ what: z.string(), valuation: valuationSchema }).meta({ id: 'DealGive' })

/** What was agreed on the floor; kept on the match (`match.event`). */
export const eventDealSchema = z
  .strictObject({
    eventId: generatedIdSchema,
    cornerId: slugSchema,
    need: dealPartySchema,
    offer: dealPartySchema,
    offerGives: dealGiveSchema,
    needGives: dealGiveSchema.nullable(),
    twoWay: z.boolean(),
    /** The sum of both gives' valuations. */
    totalCents: centsSchema,
    when: z.string(),
    recordedBy: slugSchema,
    recordedAt: isoDateTimeSchema,
  })
  .meta({ id: 'EventDeal' })

/** A floor match as listed for the event (the link item in the event's partition). */
export const eventMatchSummarySchema = z
  .strictObject({
    matchId: z.string(),
    status: z.enum(matchStatuses),
    deal: eventDealSchema,
  })
  .meta({ id: 'EventMatchSummary' })

export const eventMatchListSchema = z
  .strictObject({ items: z.array(eventMatchSummarySchema) })
  .meta({ id: 'EventMatchList' })

const partyContact = z.strictObject({
  name: z.string(),
  type: participantTypeSchema,
  contactName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
})

/** The matchformulier: both parties with their contact details (both agreed), what, when, the value. */
export const eventMatchFormSchema = z
  .strictObject({
    event: eventSchema.pick({ id: true, name: true, date: true, place: true }),
    matchId: z.string(),
    status: z.enum(matchStatuses),
    deal: eventDealSchema,
    needParty: partyContact,
    offerParty: partyContact,
  })
  .meta({ id: 'EventMatchForm' })

export const cancelEventMatchBodySchema = z
  .strictObject({ reason: z.string().trim().min(3).max(300) })
  .meta({ id: 'CancelEventMatchBody' })

/** Why a proposal scores what it scores, each part readable for the hoekman. */
export const proposalReasonSchema = z
  .strictObject({ code: z.enum(['words', 'two-way', 'bridging', 'checked-in', 'waiting']), points: z.int() })
  .meta({ id: 'ProposalReason' })

export const proposalSchema = z
  .strictObject({
    needId: generatedIdSchema,
    offerId: generatedIdSchema,
    cornerId: slugSchema,
    score: z.int(),
    reasons: z.array(proposalReasonSchema),
  })
  .meta({ id: 'Proposal' })

export const proposalsSchema = z
  .strictObject({
    /** The optimal assignment of the open needs to the offers with room left (offers serve up to their quantity). */
    proposals: z.array(proposalSchema),
    optimal: z.strictObject({ pairs: z.int(), score: z.int() }),
    /** First come, first served: each need in registration order takes the best offer still free. */
    greedy: z.strictObject({ pairs: z.int(), score: z.int() }),
    needsOpen: z.int(),
    offersOpen: z.int(),
    computedAt: isoDateTimeSchema,
    solveMs: z.number(),
  })
  .meta({ id: 'Proposals' })

export const proposalsQuerySchema = z.strictObject({ corner: slugSchema.optional() })

const cornerFigures = z.strictObject({
  cornerId: slugSchema,
  name: localizedTextSchema,
  matches: z.int(),
  cents: z.int(),
})

/** The big screen: aggregate figures only, and names only of participants who agreed. */
export const tallySchema = z
  .strictObject({
    event: z.strictObject({ name: z.string(), date: isoDateSchema, place: z.string(), status: eventStatusSchema }),
    matches: z.int(),
    cents: z.int(),
    twoWay: z.int(),
    corners: z.array(cornerFigures),
    latest: z.array(
      z.strictObject({
        at: isoDateTimeSchema,
        cornerId: slugSchema,
        /** Null when that participant did not agree to be named. */
        needName: z.string().nullable(),
        offerName: z.string().nullable(),
        cents: z.int(),
        twoWay: z.boolean(),
      }),
    ),
    updatedAt: isoDateTimeSchema,
  })
  .meta({ id: 'Tally' })

export const eventReportSchema = z
  .strictObject({
    event: eventSchema,
    participants: z.strictObject({
      registered: z.int(),
      checkedIn: z.int(),
      byType: z.array(z.strictObject({ type: participantTypeSchema, registered: z.int(), checkedIn: z.int() })),
    }),
    items: z.strictObject({ needs: z.int(), offers: z.int(), needsMatched: z.int() }),
    matches: z.int(),
    cents: z.int(),
    twoWay: z.int(),
    /** Share of matches that are two-way, 0–1. */
    twoWayShare: z.number(),
    byCorner: z.array(cornerFigures.extend({ twoWay: z.int() })),
    /** Euros per valuation rule, so every euro is traced to its rule. */
    byRule: z.array(z.strictObject({ ruleId: slugSchema, name: localizedTextSchema, gives: z.int(), cents: z.int() })),
    /** From the follow-ups at 3 and 6 months (the lifecycle). */
    followUp: z.strictObject({
      answered: z.int(),
      carriedOut: z.int(),
      partly: z.int(),
      notCarriedOut: z.int(),
      running: z.int(),
      cancelled: z.int(),
      /** carried out (fully or partly) ÷ answered; null before any answer. */
      carriedOutRate: z.number().nullable(),
    }),
    matchList: z.array(eventMatchSummarySchema),
    generatedAt: isoDateTimeSchema,
  })
  .meta({ id: 'EventReport' })

export const eventParamsSchema = z.strictObject({ communityId: slugSchema, eventId: generatedIdSchema })
export const participantParamsSchema = eventParamsSchema.extend({ participantId: generatedIdSchema })
export const eventMatchParamsSchema = eventParamsSchema.extend({ matchId: z.string().regex(/^[A-Za-z0-9_-]{17,81}$/) })

export const putValuationRulesBodySchema = z
  .strictObject({ rules: valuationRulesSchema.min(1), version: z.int().min(1) })
  .meta({ id: 'PutValuationRulesBody' })

export type Corner = z.infer<typeof cornerSchema>
export type BeursEvent = z.infer<typeof eventSchema>
export type CreateEventBody = z.infer<typeof createEventBodySchema>
export type UpdateEventBody = z.infer<typeof updateEventBodySchema>
export type EventItem = z.infer<typeof eventItemSchema>
export type EventItemBody = z.infer<typeof eventItemBodySchema>
export type AddEventItemsBody = z.infer<typeof addEventItemsBodySchema>
export type Participant = z.infer<typeof participantSchema>
export type ParticipantWithItems = z.infer<typeof participantWithItemsSchema>
export type RegisterParticipantBody = z.infer<typeof registerParticipantBodySchema>
export type ImportRow = z.infer<typeof importRowSchema>
export type ImportBody = z.infer<typeof importBodySchema>
export type ImportRowResult = z.infer<typeof importRowResultSchema>
export type ImportReport = z.infer<typeof importReportSchema>
export type CheckInBody = z.infer<typeof checkInBodySchema>
export type CheckInResult = z.infer<typeof checkInResultSchema>
export type EventBoard = z.infer<typeof eventBoardSchema>
export type DealSideBody = z.infer<typeof dealSideBodySchema>
export type RecordEventMatchBody = z.infer<typeof recordEventMatchBodySchema>
export type DealParty = z.infer<typeof dealPartySchema>
export type EventDeal = z.infer<typeof eventDealSchema>
export type EventMatchSummary = z.infer<typeof eventMatchSummarySchema>
export type EventMatchForm = z.infer<typeof eventMatchFormSchema>
export type Proposal = z.infer<typeof proposalSchema>
export type ProposalReason = z.infer<typeof proposalReasonSchema>
export type Proposals = z.infer<typeof proposalsSchema>
export type Tally = z.infer<typeof tallySchema>
export type EventReport = z.infer<typeof eventReportSchema>
