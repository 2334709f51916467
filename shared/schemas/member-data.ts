import * as z from 'zod'
import { auditEntrySchema } from './audit'
import { helpdeskSchema } from './community'
import { memberAttributesSchema } from './matching'
import { memberContactSchema, memberDetailsSchema } from './member'
import { postSchema } from './post'

/** What a broker prints for a resident: who they are here, their posts, and whom to call. */
export const memberSummarySchema = z
  .strictObject({
    member: memberDetailsSchema,
    contact: memberContactSchema,
    posts: z.array(postSchema),
    helpdesk: helpdeskSchema.nullable(),
    /** The broker who printed it: the person to call. */
    broker: z.strictObject({ displayName: z.string(), memberId: z.string() }).nullable(),
  })
  .meta({ id: 'MemberSummary' })

/** Every piece of personal data Buurtbeurs keeps about a member (AVG article 15 and 20). */
export const memberExportSchema = z
  .strictObject({
    exportedAt: z.iso.datetime(),
    member: memberDetailsSchema,
    contact: memberContactSchema.nullable(),
    posts: z.array(postSchema),
    /** What brokers and coordinators did with this member's data. */
    audit: z.array(auditEntrySchema),
    /** The optional age band (null: none given). Only in the member's own export: nobody else sees it. */
    attributes: memberAttributesSchema.nullable().optional(),
  })
  .meta({ id: 'MemberExport' })

export type MemberSummary = z.infer<typeof memberSummarySchema>
export type MemberExport = z.infer<typeof memberExportSchema>
