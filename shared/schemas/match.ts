/**
 * The match lifecycle: a request–offer pair from the moment one side says yes until its
 * outcome, with the agreement the parties make, the follow-up questions that ask how it went,
 * and the settings a coordinator sets for all of it. Rules: shared/domain/match.ts.
 */
import * as z from 'zod'
import { generatedIdSchema, isoDateSchema, isoDateTimeSchema, slugSchema } from './common'
import { eventDealSchema } from './event'
import { suggestedPostSchema } from './matching'
import { contactPreferenceSchema } from './member'
import { postKindSchema, recurrenceSchema } from './post'
import {
  followUpAnswers,
  followUpSteps,
  matchOrigins,
  matchStatuses,
  notificationChannels,
  notificationTemplates,
} from './vocabulary'

export const matchStatusSchema = z.enum(matchStatuses)
export const followUpAnswerSchema = z.enum(followUpAnswers)
export const followUpStepSchema = z.enum(followUpSteps)
export const matchOriginSchema = z.enum(matchOrigins)
/** The side of a match: the request's author, or the offer's author (the helper). */
export const matchSideSchema = postKindSchema
export const notificationTemplateSchema = z.enum(notificationTemplates)
export const notificationChannelSchema = z.enum(notificationChannels)

/** `<requestId>_<offerId>`: one match per pair, so saying yes twice finds the same match. */
export const matchIdSchema = z.string().regex(/^[A-Za-z0-9_-]{17,81}$/)

/** One side's yes: the author, or a broker for them. */
export const interestSchema = z
  .strictObject({
    at: isoDateTimeSchema,
    /** The member who said it: the author, or a broker for them. */
    by: slugSchema,
    viaBroker: z.boolean(),
    message: z.string(),
  })
  .meta({ id: 'Interest' })

/** One step in the life of a match: who did what, when and why. */
export const matchTransitionSchema = z
  .strictObject({
    at: isoDateTimeSchema,
    from: matchStatusSchema.nullable(),
    to: matchStatusSchema,
    /** Null: the system (expiry) or a one-click answer from a signed link. */
    by: slugSchema.nullable(),
    viaBroker: z.boolean(),
    /** Which party it was for, when a party acted. */
    side: matchSideSchema.nullable(),
    reason: z.string(),
  })
  .meta({ id: 'MatchTransition' })

const timeOfDay = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'time')

/** What the parties agree: what, when and how often. Either side may write it; the other confirms. */
export const agreementSchema = z
  .strictObject({
    what: z.string().trim().min(3).max(500),
    /** The first (or only) day. */
    startsOn: isoDateSchema,
    /** Local time (Europe/Amsterdam); null: some time that day. */
    startTime: timeOfDay.nullable(),
    durationMinutes: z.int().min(15).max(720),
    recurrence: recurrenceSchema,
    /** The last day of recurring help; null: until further notice. */
    endsOn: isoDateSchema.nullable(),
    place: z.string().trim().max(200),
    /** Who wrote this version of the agreement. */
    setBy: slugSchema,
    setAt: isoDateTimeSchema,
    /** When each side agreed to this version (writing it counts as agreeing for the writer's side). */
    confirmed: z.strictObject({ request: isoDateTimeSchema.nullable(), offer: isoDateTimeSchema.nullable() }),
  })
  .meta({ id: 'Agreement' })

/** How it went, from a follow-up answer or from a party (or broker) in the app. */
export const outcomeSchema = z
  .strictObject({
    answer: followUpAnswerSchema.exclude(['still-running']),
    at: isoDateTimeSchema,
    /** Null when answered through a signed link. */
    by: slugSchema.nullable(),
    side: matchSideSchema,
    via: z.enum(['link', 'app', 'broker']),
    hours: z.number().min(0).max(1000).nullable(),
    knewEachOther: z.boolean().nullable(),
    story: z.string().nullable(),
    /** The story may be used (without names) in reports. */
    storyConsent: z.boolean(),
  })
  .meta({ id: 'Outcome' })

export const matchSchema = z
  .strictObject({
    id: matchIdSchema,
    communityId: slugSchema,
    requestId: generatedIdSchema,
    offerId: generatedIdSchema,
    /** The authors of the two posts (the offer's author is the helper). */
    requestMemberId: slugSchema,
    offerMemberId: slugSchema,
    origin: matchOriginSchema.default('suggestion'),
    status: matchStatusSchema,
    interest: z.strictObject({ request: interestSchema.nullable(), offer: interestSchema.nullable() }),
    /** The score of the suggestion when the first side said yes (without bridging). */
    score: z.int().min(0),
    agreement: agreementSchema.nullable().default(null),
    outcome: outcomeSchema.nullable().default(null),
    /** For a match made at a Beursvloer (origin `event`): what was agreed on the floor, with its value. */
    event: eventDealSchema.nullable().default(null),
    history: z.array(matchTransitionSchema).max(200).default([]),
    acceptedAt: isoDateTimeSchema.nullable().default(null),
    endedAt: isoDateTimeSchema.nullable().default(null),
    createdAt: isoDateTimeSchema,
    updatedAt: isoDateTimeSchema,
    version: z.int().min(1),
  })
  .meta({ id: 'Match', description: 'A request–offer pair from the first yes to its outcome' })

/** Contact details of a party: only once both sides accepted, only to the other party (and brokers). */
export const matchContactSchema = z
  .strictObject({
    displayName: z.string(),
    fullName: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    /** How the person prefers to be reached. */
    preference: contactPreferenceSchema,
  })
  .meta({ id: 'MatchContact' })

/** A match as one party (or a broker) sees it. */
export const matchViewSchema = z
  .strictObject({
    match: matchSchema,
    request: suggestedPostSchema.nullable(),
    offer: suggestedPostSchema.nullable(),
    /** The sides the caller may act for (a broker: both, with consent). */
    yourSides: z.array(matchSideSchema),
    /** Filled only once both accepted: the other side's details (brokers see both, audited). */
    contacts: z.strictObject({ request: matchContactSchema.nullable(), offer: matchContactSchema.nullable() }),
  })
  .meta({ id: 'MatchView' })

/** A line in a list of matches. */
export const matchSummarySchema = z
  .strictObject({
    id: matchIdSchema,
    status: matchStatusSchema,
    requestId: generatedIdSchema,
    offerId: generatedIdSchema,
    requestTitle: z.string(),
    offerTitle: z.string(),
    requestName: z.string(),
    offerName: z.string(),
    /** Whose yes is still missing (proposed matches only). */
    waitingFor: matchSideSchema.nullable(),
    updatedAt: isoDateTimeSchema,
    acceptedAt: isoDateTimeSchema.nullable(),
  })
  .meta({ id: 'MatchSummary' })

export const matchPageSchema = z
  .strictObject({ items: z.array(matchSummarySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'MatchPage' })

/** A match seen from one of its posts, with the other post (null once gone). */
export const postMatchSchema = z
  .strictObject({ match: matchSchema, other: suggestedPostSchema.nullable() })
  .meta({ id: 'PostMatch', description: 'A match seen from one post, with the other post (null once gone)' })

export const postMatchListSchema = z.strictObject({ items: z.array(postMatchSchema) }).meta({ id: 'PostMatchList' })

export const matchParamsSchema = z.strictObject({ communityId: slugSchema, matchId: matchIdSchema })

export const matchListQuerySchema = z.strictObject({
  status: matchStatusSchema.default('proposed'),
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
})

const version = z.int().min(1)
export const acceptMatchBodySchema = z
  .strictObject({ version, message: z.string().trim().max(500).default('') })
  .meta({ id: 'AcceptMatchBody' })
export const declineMatchBodySchema = z
  .strictObject({ version, reason: z.string().trim().max(300).default('') })
  .meta({ id: 'DeclineMatchBody' })
export const cancelMatchBodySchema = z
  .strictObject({ version, reason: z.string().trim().min(3).max(300) })
  .meta({ id: 'CancelMatchBody' })
export const putAgreementBodySchema = agreementSchema
  .pick({
    what: true,
    startsOn: true,
    startTime: true,
    durationMinutes: true,
    recurrence: true,
    endsOn: true,
    place: true,
  })
  .extend({ version, place: z.string().trim().max(200).default('') })
  .refine((b) => b.endsOn === null || b.endsOn >= b.startsOn, { message: 'ends_before_start', path: ['endsOn'] })
  .meta({ id: 'PutAgreementBody' })
export const confirmAgreementBodySchema = z.strictObject({ version }).meta({ id: 'ConfirmAgreementBody' })

/** The optional extras of an answer. */
const answerExtras = {
  hours: z.number().min(0).max(1000).multipleOf(0.25).nullable().default(null),
  knewEachOther: z.boolean().nullable().default(null),
  story: z.string().trim().max(2000).nullable().default(null),
  storyConsent: z.boolean().default(false),
}
/** Consent to use a story needs a story. */
const storyConsentRule = (b: { story: string | null; storyConsent: boolean }) =>
  !b.storyConsent || (b.story ?? '') !== ''

export const recordOutcomeBodySchema = z
  .strictObject({ version, answer: outcomeSchema.shape.answer, ...answerExtras })
  .refine(storyConsentRule, { message: 'story_required', path: ['story'] })
  .meta({ id: 'RecordOutcomeBody' })

/** A signed follow-up link's token (from the e-mail or SMS; in the page address after `#`). */
export const followUpTokenSchema = z.string().regex(/^[A-Za-z0-9_.-]{20,1000}$/, 'token')

export const followUpLookupBodySchema = z
  .strictObject({ token: followUpTokenSchema })
  .meta({ id: 'FollowUpLookupBody' })

export const followUpAnswerBodySchema = z
  .strictObject({ token: followUpTokenSchema, answer: followUpAnswerSchema, ...answerExtras })
  .refine(storyConsentRule, { message: 'story_required', path: ['story'] })
  .meta({ id: 'FollowUpAnswerBody' })

/** One side's answer to a follow-up question. */
export const followUpReplySchema = z
  .strictObject({
    answer: followUpAnswerSchema,
    at: isoDateTimeSchema,
    via: z.enum(['link', 'app', 'broker']),
    hours: z.number().nullable(),
    knewEachOther: z.boolean().nullable(),
    story: z.string().nullable(),
    storyConsent: z.boolean(),
  })
  .meta({ id: 'FollowUpReply' })

/**
 * A follow-up question about one match at one step, sent to both parties. `scheduled` until it
 * is due; `sent`, then `reminded` once; no answer after the reminder: `escalated` (a broker
 * phones). An answer from either side makes it `answered`; a match that ended first makes it
 * `cancelled`.
 */
export const followUpSchema = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9_-]{17,81}\.[a-z0-9-]{3,20}$/),
    communityId: slugSchema,
    matchId: matchIdSchema,
    step: followUpStepSchema,
    status: z.enum(['scheduled', 'sent', 'reminded', 'escalated', 'answered', 'cancelled']),
    /** When the worker acts on it next (send, remind, escalate). */
    dueAt: isoDateTimeSchema,
    sentAt: isoDateTimeSchema.nullable(),
    remindedAt: isoDateTimeSchema.nullable(),
    replies: z.strictObject({ request: followUpReplySchema.nullable(), offer: followUpReplySchema.nullable() }),
    createdAt: isoDateTimeSchema,
    updatedAt: isoDateTimeSchema,
    version: z.int().min(1),
  })
  .meta({ id: 'FollowUp' })

/** What the page behind a signed link shows: no names beyond first names, no contact details. */
export const followUpQuestionSchema = z
  .strictObject({
    communityName: z.string(),
    step: followUpStepSchema,
    side: matchSideSchema,
    requestTitle: z.string(),
    offerTitle: z.string(),
    /** The other party's first name (or organisation name). */
    otherName: z.string(),
    /** This link's answer, once given (a link works once). */
    answered: followUpReplySchema.nullable(),
    expiresAt: isoDateTimeSchema,
  })
  .meta({ id: 'FollowUpQuestion' })

export const followUpPageSchema = z
  .strictObject({
    items: z.array(followUpSchema.extend({ summary: matchSummarySchema })),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'FollowUpPage' })

export const followUpListQuerySchema = z.strictObject({
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
})

const dayCount = (max: number) => z.int().min(1).max(max)

/** When follow-ups go out, when proposals expire, when messages may be sent: per community. */
export const lifecycleSettingsSchema = z
  .strictObject({
    /** Days after acceptance: "did you get in touch?" */
    contactDays: dayCount(60),
    /** Days after acceptance: "did it happen?" (asked again this many days later while help is still running) */
    outcomeDays: dayCount(365),
    /** Days after an event match: "was the agreement carried out?" (twice: about 3 and 6 months) */
    eventDays: z.tuple([dayCount(730), dayCount(730)]),
    /** Days without an answer before the one reminder, and again before a broker phones. */
    reminderDays: dayCount(30),
    /** Days a proposal waits for the other side's answer before it expires. */
    proposalExpiryDays: dayCount(90),
    /** Days a follow-up link works. */
    linkValidDays: dayCount(365),
    /** No e-mail or SMS between these local times (Europe/Amsterdam); they wait until `to`. */
    quietHours: z.strictObject({ from: timeOfDay, to: timeOfDay }),
  })
  .meta({ id: 'LifecycleSettings' })

export const defaultLifecycleSettings: z.infer<typeof lifecycleSettingsSchema> = {
  contactDays: 3,
  outcomeDays: 30,
  eventDays: [91, 182],
  reminderDays: 4,
  proposalExpiryDays: 14,
  linkValidDays: 60,
  quietHours: { from: '21:00', to: '08:00' },
}

export const putLifecycleSettingsBodySchema = lifecycleSettingsSchema
  .extend({ version })
  .meta({ id: 'PutLifecycleSettingsBody' })

/** How a member wants messages: e-mail, SMS, or none (a broker phones them). */
export const putNotificationPreferenceBodySchema = z
  .strictObject({ contactPreference: contactPreferenceSchema, version })
  .meta({ id: 'PutNotificationPreferenceBody' })

/**
 * What goes on the notification queue (SQS in AWS, a folder locally). `notify`: a message about
 * a match to one member, rendered and addressed by the worker (it reads the member's preference
 * and contact, and holds it during quiet hours). `message`: an already written message (sign-in
 * codes), sent at once.
 */
export const notificationJobSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('notify'),
    /** Unique per message: a job delivered twice is sent once. */
    id: z.string().min(8).max(200),
    communityId: slugSchema,
    memberId: slugSchema,
    template: notificationTemplateSchema,
    matchId: matchIdSchema,
    /** Follow-up messages: the step and the signed answer token for this member's side. */
    followUp: z.strictObject({ step: followUpStepSchema, token: followUpTokenSchema }).nullable(),
    /** Not before this moment (quiet hours); null: now. */
    notBefore: isoDateTimeSchema.nullable(),
  }),
  z.strictObject({
    kind: z.literal('message'),
    id: z.string().min(8).max(200),
    message: z.strictObject({
      communityId: slugSchema,
      memberId: slugSchema.nullable(),
      channel: notificationChannelSchema,
      to: z.string().min(3).max(200),
      subject: z.string().max(200),
      text: z.string().max(5000),
    }),
  }),
])

export type PostMatch = z.infer<typeof postMatchSchema>
export type PostMatchList = z.infer<typeof postMatchListSchema>
export type MatchStatus = z.infer<typeof matchStatusSchema>
export type MatchSide = z.infer<typeof matchSideSchema>
export type Interest = z.infer<typeof interestSchema>
export type MatchTransition = z.infer<typeof matchTransitionSchema>
export type Agreement = z.infer<typeof agreementSchema>
export type Outcome = z.infer<typeof outcomeSchema>
export type Match = z.infer<typeof matchSchema>
export type MatchContact = z.infer<typeof matchContactSchema>
export type MatchView = z.infer<typeof matchViewSchema>
export type MatchSummary = z.infer<typeof matchSummarySchema>
export type MatchPage = z.infer<typeof matchPageSchema>
export type MatchListQuery = z.infer<typeof matchListQuerySchema>
export type AcceptMatchBody = z.infer<typeof acceptMatchBodySchema>
export type DeclineMatchBody = z.infer<typeof declineMatchBodySchema>
export type CancelMatchBody = z.infer<typeof cancelMatchBodySchema>
export type PutAgreementBody = z.infer<typeof putAgreementBodySchema>
export type ConfirmAgreementBody = z.infer<typeof confirmAgreementBodySchema>
export type RecordOutcomeBody = z.infer<typeof recordOutcomeBodySchema>
export type FollowUpAnswerBody = z.infer<typeof followUpAnswerBodySchema>
export type FollowUpReply = z.infer<typeof followUpReplySchema>
export type FollowUp = z.infer<typeof followUpSchema>
export type FollowUpQuestion = z.infer<typeof followUpQuestionSchema>
export type FollowUpPage = z.infer<typeof followUpPageSchema>
export type LifecycleSettings = z.infer<typeof lifecycleSettingsSchema>
export type PutLifecycleSettingsBody = z.infer<typeof putLifecycleSettingsBodySchema>
export type PutNotificationPreferenceBody = z.infer<typeof putNotificationPreferenceBodySchema>
export type NotificationJob = z.infer<typeof notificationJobSchema>
