import * as z from 'zod'
import { generatedIdSchema, isoDateTimeSchema, localizedTextSchema, slugSchema } from './common'
import { helpingSchema, spokenLanguageSchema } from './member'
import { availabilitySchema, postKindSchema } from './post'
import { ageBands, queueItemKinds, queueItemStatuses, scoreComponents } from './vocabulary'

export const ageBandSchema = z.enum(ageBands)
export const scoreComponentSchema = z.enum(scoreComponents)

const weight = z.int().min(0).max(10)

/** How much each part of the score counts (0 = not at all, 10 = a lot). */
export const matchingWeightsSchema = z
  .strictObject({
    fit: weight,
    distance: weight,
    availability: weight,
    language: weight,
    waiting: weight,
    load: weight,
    reciprocity: weight,
    bridging: weight,
  })
  .refine((w) => Object.values(w).some((v) => v > 0), { message: 'all_weights_zero' })
  .meta({ id: 'MatchingWeights' })

export const defaultMatchingWeights = {
  fit: 3,
  distance: 3,
  availability: 2,
  language: 2,
  waiting: 2,
  load: 2,
  reciprocity: 1,
  bridging: 1,
} as const satisfies z.infer<typeof matchingWeightsSchema>

export const matchingSettingsSchema = z
  .strictObject({
    weights: matchingWeightsSchema,
    /** How many suggestions are kept per post. */
    suggestionsPerPost: z.int().min(1).max(10),
    /** A request whose best suggestion scores below this share of the maximum (0–100) goes to the broker. */
    goodScorePercent: z.int().min(0).max(100),
    /** A request open longer than this many days without interest goes to the broker. */
    waitingDays: z.int().min(1).max(60),
    /** Interest with no reply after this many days goes to the broker. */
    interestReplyDays: z.int().min(1).max(14),
  })
  .meta({ id: 'MatchingSettings', description: 'How suggestions are scored and when the broker steps in' })

export const defaultMatchingSettings: z.infer<typeof matchingSettingsSchema> = {
  weights: { ...defaultMatchingWeights },
  suggestionsPerPost: 5,
  goodScorePercent: 45,
  waitingDays: 7,
  interestReplyDays: 3,
}

export const putMatchingSettingsBodySchema = matchingSettingsSchema
  .extend({ version: z.int().min(1) })
  .meta({ id: 'PutMatchingSettingsBody' })

export const putHelpingBodySchema = helpingSchema
  .extend({
    languages: z
      .array(spokenLanguageSchema)
      .min(1)
      .max(8)
      .refine((l) => new Set(l).size === l.length, { message: 'duplicate_language' }),
    version: z.int().min(1),
  })
  .meta({ id: 'PutHelpingBody' })

/** Block the author of a post (members know each other's posts, not their ids). */
export const addBlockBodySchema = z
  .strictObject({ postId: generatedIdSchema, version: z.int().min(1) })
  .meta({ id: 'AddBlockBody' })
export const removeBlockBodySchema = z
  .strictObject({ memberId: slugSchema, version: z.int().min(1) })
  .meta({ id: 'RemoveBlockBody' })

/** Optional, with consent, only the member sees them: used to bridge groups, counted only in aggregates. */
export const memberAttributesSchema = z
  .strictObject({
    ageBand: ageBandSchema.nullable(),
    consentedAt: isoDateTimeSchema.nullable(),
  })
  .meta({ id: 'MemberAttributes' })

export const putMemberAttributesBodySchema = z
  .strictObject({
    ageBand: ageBandSchema.nullable(),
    /** Must be true to store an age band; sending `ageBand: null` withdraws it. */
    consent: z.boolean(),
  })
  .refine((b) => b.ageBand === null || b.consent, { message: 'consent_required', path: ['consent'] })
  .meta({ id: 'PutMemberAttributesBody' })

/** One reason in a suggestion, with the points it adds to the score. */
export const suggestionReasonSchema = z
  .strictObject({
    code: scoreComponentSchema,
    points: z.int().min(0),
    text: localizedTextSchema,
  })
  .meta({ id: 'SuggestionReason' })

/** The other post of a suggestion: first name and buurt only, never contact details. */
export const suggestedPostSchema = z
  .strictObject({
    id: generatedIdSchema,
    kind: postKindSchema,
    title: z.string(),
    description: z.string(),
    categoryId: slugSchema,
    areaId: slugSchema,
    availability: availabilitySchema,
    tags: z.array(z.string()),
    author: z.strictObject({ displayName: z.string(), areaId: slugSchema }),
  })
  .meta({ id: 'SuggestedPost' })

export const suggestionSchema = z
  .strictObject({
    post: suggestedPostSchema,
    score: z.int().min(0),
    maxScore: z.int().min(1),
    /** The parts of the score, largest first; parts worth 0 points are left out. */
    reasons: z.array(suggestionReasonSchema),
    /** Interest already recorded for this pair, if any. */
    matchId: z.string().nullable(),
  })
  .meta({ id: 'Suggestion' })

export const suggestionListSchema = z
  .strictObject({
    postId: generatedIdSchema,
    /** When the suggestions were computed; null while they are being computed. */
    computedAt: isoDateTimeSchema.nullable(),
    items: z.array(suggestionSchema),
  })
  .meta({ id: 'SuggestionList' })

export const interestBodySchema = z
  .strictObject({
    /** The post of the suggestion you are interested in. */
    otherPostId: generatedIdSchema,
    message: z.string().trim().max(500).default(''),
  })
  .meta({ id: 'InterestBody' })

export const queueItemKindSchema = z.enum(queueItemKinds)
export const queueItemStatusSchema = z.enum(queueItemStatuses)

export const queueItemSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z-]+\.[A-Za-z0-9_.-]{8,80}$/),
    communityId: slugSchema,
    kind: queueItemKindSchema,
    status: queueItemStatusSchema,
    /** The request (or offer) the item is about. */
    postId: generatedIdSchema,
    postTitle: z.string(),
    postKind: postKindSchema,
    /** The member whose post it is. */
    memberId: slugSchema,
    memberName: z.string(),
    areaId: slugSchema,
    categoryId: slugSchema,
    matchId: z.string().nullable(),
    /** When the item shows up in the queue (a snoozed item: when the snooze ends). */
    dueAt: isoDateTimeSchema,
    /** Answer before this moment (new requests: within one working day). */
    answerBy: isoDateTimeSchema.nullable(),
    /** Since when the person has been waiting. */
    waitingSince: isoDateTimeSchema,
    takenBy: z.strictObject({ memberId: slugSchema, displayName: z.string() }).nullable(),
    snooze: z.strictObject({ until: isoDateTimeSchema, reason: z.string() }).nullable(),
    resolution: z.strictObject({ at: isoDateTimeSchema, by: slugSchema.nullable(), note: z.string() }).nullable(),
    createdAt: isoDateTimeSchema,
    updatedAt: isoDateTimeSchema,
    version: z.int().min(1),
  })
  .meta({ id: 'QueueItem', description: 'Something a broker should look at, and why' })

export const queueQuerySchema = z.strictObject({
  /** `all`: everything due in the community; `mine`: what I took. */
  view: z.enum(['all', 'mine']).default('all'),
  kind: queueItemKindSchema.optional(),
  /** A wijk or buurt: includes every area below it. */
  area: slugSchema.optional(),
  category: slugSchema.optional(),
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
})

export const queuePageSchema = z
  .strictObject({ items: z.array(queueItemSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'QueuePage' })

export const queueItemParamsSchema = z.strictObject({
  communityId: slugSchema,
  itemId: queueItemSchema.shape.id,
})

export const takeQueueItemBodySchema = z.strictObject({ version: z.int().min(1) }).meta({ id: 'TakeQueueItemBody' })
export const snoozeQueueItemBodySchema = z
  .strictObject({
    version: z.int().min(1),
    until: isoDateTimeSchema,
    reason: z.string().trim().min(3).max(300),
  })
  .meta({ id: 'SnoozeQueueItemBody' })
export const finishQueueItemBodySchema = z
  .strictObject({ version: z.int().min(1), note: z.string().trim().max(500).default('') })
  .meta({ id: 'FinishQueueItemBody' })

export type MatchingWeights = z.infer<typeof matchingWeightsSchema>
export type MatchingSettings = z.infer<typeof matchingSettingsSchema>
export type PutMatchingSettingsBody = z.infer<typeof putMatchingSettingsBodySchema>
export type PutHelpingBody = z.infer<typeof putHelpingBodySchema>
export type MemberAttributes = z.infer<typeof memberAttributesSchema>
export type PutMemberAttributesBody = z.infer<typeof putMemberAttributesBodySchema>
export type SuggestionReason = z.infer<typeof suggestionReasonSchema>
export type SuggestedPost = z.infer<typeof suggestedPostSchema>
export type Suggestion = z.infer<typeof suggestionSchema>
export type SuggestionList = z.infer<typeof suggestionListSchema>
export type InterestBody = z.infer<typeof interestBodySchema>
export type QueueItem = z.infer<typeof queueItemSchema>
export type QueueQuery = z.infer<typeof queueQuerySchema>
export type QueuePage = z.infer<typeof queuePageSchema>
