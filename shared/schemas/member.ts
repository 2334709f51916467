import * as z from 'zod'
import { isoDateSchema, isoDateTimeSchema, slugSchema } from './common'
import { spokenLanguages } from './vocabulary'

export const memberKindSchema = z.enum(['resident', 'organisation'])
export const roleSchema = z
  .enum(['resident', 'organisation', 'broker', 'coordinator'])
  .meta({ description: '`broker` is a sociaal makelaar (also hoekman at events); `coordinator` runs the community' })

/**
 * The public face of a member: what anyone in the community may see. Contact details live in
 * a separate item (`MemberContact`) and never appear in this shape.
 */
export const memberProfileSchema = z
  .strictObject({
    id: slugSchema,
    communityId: slugSchema,
    kind: memberKindSchema,
    role: roleSchema,
    /** First name for residents, the organisation's name for organisations. */
    displayName: z.string().min(1).max(80),
    areaId: slugSchema,
  })
  .meta({ id: 'MemberProfile' })

export const consentMethodSchema = z.enum(['online', 'phone', 'door', 'paper'])
export const consentScopeSchema = z.enum(['posts', 'matches', 'contact']).meta({
  description: 'What a broker may do for the resident: post for them, answer matches, keep their contact details',
})

export const consentSchema = z
  .strictObject({
    givenOn: isoDateSchema,
    method: consentMethodSchema,
    covers: z.array(consentScopeSchema).min(1),
    recordedBy: slugSchema,
    recordedAt: isoDateTimeSchema,
    withdrawnAt: isoDateTimeSchema.nullable(),
  })
  .meta({ id: 'Consent', description: 'A resident’s consent for a broker to act for them' })

export const screeningSchema = z
  .strictObject({
    kind: z.enum(['vog', 'other']).meta({ description: '`vog`: a Verklaring Omtrent het Gedrag was seen' }),
    checkedOn: isoDateSchema,
    validUntil: isoDateSchema,
    checkedBy: slugSchema,
    note: z.string().max(200),
  })
  .meta({ id: 'Screening', description: 'That a check was seen, never the document itself' })

export const spokenLanguageSchema = z.enum(spokenLanguages)

/** What a helper takes on: at most this many active matches at once, or a pause. */
export const helpingSchema = z
  .strictObject({
    maxActiveMatches: z.int().min(1).max(20),
    paused: z.boolean(),
  })
  .meta({ id: 'Helping', description: 'How many matches a helper takes on at once, and whether they pause' })

export const defaultHelping = { maxActiveMatches: 3, paused: false } as const

/** What a new member starts with for matching: Dutch, three matches at once, nobody blocked. */
export const newMemberMatching = () => ({
  languages: ['nl' as const],
  helping: { ...defaultHelping },
  activeMatches: 0,
  blocked: [],
})

export const blockedMemberSchema = z
  .strictObject({ memberId: slugSchema, displayName: z.string(), at: isoDateTimeSchema })
  .meta({ id: 'BlockedMember', description: 'Someone this member does not want to be matched with' })

export const contactPreferenceSchema = z.enum(['email', 'sms', 'none'])

/** What brokers, coordinators and the member see beyond the public profile. */
export const memberDetailsSchema = memberProfileSchema
  .extend({
    /** A resident without e-mail or phone of their own, helped by a broker. */
    managedByBroker: z.boolean(),
    status: z.enum(['active', 'erased']),
    contactPreference: contactPreferenceSchema,
    language: z.enum(['nl', 'en']),
    consents: z.array(consentSchema),
    screenings: z.array(screeningSchema),
    version: z.int().min(1),
    createdAt: isoDateTimeSchema,
    lastActiveAt: isoDateTimeSchema,
    /** When the notice went out that the account will be erased for inactivity. */
    retentionNoticeAt: isoDateTimeSchema.nullable().default(null),
    /** Languages the member speaks: a shared language makes a suggestion better. */
    languages: z.array(spokenLanguageSchema).min(1).default(['nl']),
    /** As a helper: how many matches at once, or a pause. */
    helping: helpingSchema.default({ ...defaultHelping }),
    /** Accepted matches that are still running (kept by the match lifecycle). */
    activeMatches: z.int().min(0).default(0),
    /** People this member does not want to be matched with. */
    blocked: z.array(blockedMemberSchema).max(200).default([]),
  })
  .meta({ id: 'MemberDetails' })

const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{8,20}$/, 'phone')
  .meta({ example: '06 12345678' })

export const representativeSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(120),
    email: z.email().max(200).nullable(),
    phone: phone.nullable(),
  })
  .meta({ id: 'Representative', description: 'A person who signs in for an organisation' })

export const memberContactSchema = z
  .strictObject({
    fullName: z.string().trim().max(120),
    /** Also the address to sign in with. */
    email: z.email().max(200).nullable(),
    /** Also the number to sign in with (by SMS). */
    phone: phone.nullable(),
    address: z.string().trim().max(300).nullable(),
    /** Organisations only: the people who sign in for it. */
    representatives: z.array(representativeSchema).max(10).default([]),
  })
  .meta({ id: 'MemberContact', description: 'Private: shown only to the member, brokers and coordinators (audited)' })

export const putContactBodySchema = memberContactSchema
  .extend({
    representatives: z.array(representativeSchema).max(10).optional(),
    contactPreference: contactPreferenceSchema,
    language: z.enum(['nl', 'en']),
    version: z.int().min(1),
  })
  .meta({ id: 'PutContactBody' })

export const createMemberBodySchema = z
  .strictObject({
    kind: memberKindSchema,
    role: roleSchema,
    displayName: z.string().trim().min(1).max(80),
    areaId: slugSchema,
    contact: memberContactSchema,
    contactPreference: contactPreferenceSchema.default('none'),
    language: z.enum(['nl', 'en']).default('nl'),
    /** Required when a broker registers a resident: the resident's recorded consent. */
    consent: z
      .strictObject({ givenOn: isoDateSchema, method: consentMethodSchema, covers: z.array(consentScopeSchema).min(1) })
      .optional(),
  })
  .meta({ id: 'CreateMemberBody' })

export const setRoleBodySchema = z
  .strictObject({ role: roleSchema, version: z.int().min(1), reason: z.string().trim().min(3).max(300) })
  .meta({ id: 'SetRoleBody' })

export const addConsentBodySchema = z
  .strictObject({
    givenOn: isoDateSchema,
    method: consentMethodSchema,
    covers: z.array(consentScopeSchema).min(1),
    version: z.int().min(1),
  })
  .meta({ id: 'AddConsentBody' })

export const addScreeningBodySchema = z
  .strictObject({
    kind: screeningSchema.shape.kind,
    checkedOn: isoDateSchema,
    validUntil: isoDateSchema,
    note: z.string().trim().max(200).default(''),
    version: z.int().min(1),
  })
  .meta({ id: 'AddScreeningBody' })

export const memberListQuerySchema = z.strictObject({
  role: roleSchema.optional(),
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
})

export const memberPageSchema = z
  .strictObject({ items: z.array(memberDetailsSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'MemberPage' })

export const memberParamsSchema = z.strictObject({ communityId: slugSchema, memberId: slugSchema })

export type MemberKind = z.infer<typeof memberKindSchema>
export type Role = z.infer<typeof roleSchema>
export type MemberProfile = z.infer<typeof memberProfileSchema>
export type MemberDetails = z.infer<typeof memberDetailsSchema>
export type MemberContact = z.infer<typeof memberContactSchema>
export type Consent = z.infer<typeof consentSchema>
export type Screening = z.infer<typeof screeningSchema>
export type CreateMemberBody = z.infer<typeof createMemberBodySchema>

export const withdrawConsentBodySchema = z.strictObject({ version: z.int().min(1) }).meta({ id: 'WithdrawConsentBody' })

export const eraseMemberBodySchema = z
  .strictObject({
    /** Must be true: erasing cannot be undone. */
    confirm: z.literal(true),
    reason: z.string().trim().max(300).optional(),
  })
  .meta({ id: 'EraseMemberBody' })
export type MemberPage = z.infer<typeof memberPageSchema>
export type PutContactBody = z.input<typeof putContactBodySchema>
export type Representative = z.infer<typeof representativeSchema>
export type Helping = z.infer<typeof helpingSchema>
export type BlockedMember = z.infer<typeof blockedMemberSchema>
export type SpokenLanguage = z.infer<typeof spokenLanguageSchema>
