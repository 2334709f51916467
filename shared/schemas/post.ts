import * as z from 'zod'
import { generatedIdSchema, isoDateSchema, isoDateTimeSchema, slugSchema } from './common'
import { memberKindSchema } from './member'
import { closeReasons, type DayPart, dayParts, postKinds, recurrences } from './vocabulary'

export const postKindSchema = z.enum(postKinds).meta({
  description: '`request` is a hulpvraag (someone needs something); `offer` is aanbod (someone gives something)',
})

export const dayPartSchema = z.enum(dayParts as [DayPart, ...DayPart[]])

export const recurrenceSchema = z.enum(recurrences).meta({ description: 'One-off help, or help that comes back' })

export const availabilitySchema = z
  .strictObject({
    dayParts: z
      .array(dayPartSchema)
      .min(1)
      .max(dayParts.length)
      .refine((parts) => new Set(parts).size === parts.length, { message: 'duplicate_day_part' }),
    recurrence: recurrenceSchema,
  })
  .meta({ id: 'Availability', description: 'When help is needed or can be given' })

export const postStatusSchema = z.enum(['open', 'closed'])
export const closeReasonSchema = z.enum(closeReasons)

const title = z.string().trim().min(3).max(120)
const description = z.string().trim().max(2000)
const quantity = z
  .int()
  .min(1)
  .max(999)
  .meta({ description: 'How many times the offer can be given, or how many helpers the request needs' })

/** A few words that say more than the category ("tuin", "rolstoel", "engels"): they sharpen suggestions. */
const tags = z
  .array(
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[\p{L}\p{N}][\p{L}\p{N} -]{0,29}$/u, 'tag'),
  )
  .max(8)
  .refine((t) => new Set(t).size === t.length, { message: 'duplicate_tag' })

export const createPostBodySchema = z
  .strictObject({
    kind: postKindSchema,
    title,
    description: description.default(''),
    categoryId: slugSchema,
    /** Defaults to the category's resource type. */
    resourceType: slugSchema.optional(),
    areaId: slugSchema,
    availability: availabilitySchema,
    quantity: quantity.default(1),
    /** The last day the post is relevant; after it the post no longer shows as open. */
    endDate: isoDateSchema.optional(),
    tags: tags.default([]),
  })
  .meta({ id: 'CreatePostBody' })

export const updatePostBodySchema = z
  .strictObject({
    /** The version you read: the update is refused with POST_CHANGED if the post changed since. */
    version: z.int().min(1),
    title: title.optional(),
    description: description.optional(),
    categoryId: slugSchema.optional(),
    resourceType: slugSchema.optional(),
    areaId: slugSchema.optional(),
    availability: availabilitySchema.optional(),
    quantity: quantity.optional(),
    endDate: isoDateSchema.nullable().optional(),
    tags: tags.optional(),
  })
  .refine((body) => Object.keys(body).some((key) => key !== 'version'), { message: 'nothing_to_change' })
  .meta({ id: 'UpdatePostBody' })

export const closePostBodySchema = z
  .strictObject({
    version: z.int().min(1),
    reason: closeReasonSchema,
    note: z.string().trim().max(500).optional(),
    /** Where the person was referred to (reason `referred`), e.g. the wijkteam or the huisarts. */
    referral: z.string().trim().min(2).max(200).optional(),
  })
  .refine((b) => b.reason !== 'referred' || b.referral !== undefined, {
    message: 'referral_required',
    path: ['referral'],
  })
  .meta({ id: 'ClosePostBody' })

export const postAuthorSchema = z
  .strictObject({
    memberId: slugSchema,
    displayName: z.string(),
    kind: memberKindSchema,
    areaId: slugSchema,
  })
  .meta({ id: 'PostAuthor', description: 'First name (or organisation name) and buurt only: never contact details' })

export const postSchema = z
  .strictObject({
    id: generatedIdSchema,
    communityId: slugSchema,
    kind: postKindSchema,
    title: z.string(),
    description: z.string(),
    categoryId: slugSchema,
    resourceType: slugSchema,
    areaId: slugSchema,
    availability: availabilitySchema,
    quantity: z.int(),
    /** Accepted matches still running on this post (kept by the match lifecycle). */
    activeMatches: z.int().min(0).default(0),
    tags: z.array(z.string()).default([]),
    endDate: isoDateSchema.nullable(),
    status: postStatusSchema,
    closeReason: closeReasonSchema.nullable(),
    closeNote: z.string().nullable(),
    referral: z.string().nullable().default(null),
    /** True when a broker posted or changed it for the author (who is not online). */
    viaBroker: z.boolean(),
    version: z.int().min(1),
    createdAt: isoDateTimeSchema,
    updatedAt: isoDateTimeSchema,
    author: postAuthorSchema,
  })
  .meta({ id: 'Post', description: 'A request (hulpvraag) or an offer (aanbod)' })

export const postPageSchema = z
  .strictObject({
    items: z.array(postSchema),
    /** Pass as `cursor` to get the next page; null on the last page. */
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'PostPage' })

export const listPostsQuerySchema = z.strictObject({
  kind: postKindSchema.optional(),
  category: slugSchema.optional(),
  /** A gemeente, wijk or buurt: includes every area below it. */
  area: slugSchema.optional(),
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
})

export const memberPostsQuerySchema = z.strictObject({
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
})

export const postParamsSchema = z.strictObject({ communityId: slugSchema, postId: generatedIdSchema })

export type Availability = z.infer<typeof availabilitySchema>
export type CreatePostBody = z.infer<typeof createPostBodySchema>
export type UpdatePostBody = z.infer<typeof updatePostBodySchema>
export type ClosePostBody = z.infer<typeof closePostBodySchema>
export type Post = z.infer<typeof postSchema>
export type PostPage = z.infer<typeof postPageSchema>
export type ListPostsQuery = z.infer<typeof listPostsQuerySchema>
