import * as z from 'zod'
import { isoDateTimeSchema, slugSchema } from './common'
import { roleSchema } from './member'
import { auditActions } from './vocabulary'

export { auditActions }

export const auditEntrySchema = z
  .strictObject({
    id: z.string(),
    at: isoDateTimeSchema,
    actorId: slugSchema,
    actorRole: roleSchema,
    action: z.enum(auditActions),
    /** The member whose data was touched (ids only: an audit entry holds no personal data). */
    memberId: slugSchema.nullable(),
    postId: z.string().nullable(),
    reason: z.string().max(300).nullable(),
  })
  .meta({ id: 'AuditEntry', description: 'Who did what to whose data, and why. Append-only.' })

export const auditQuerySchema = z.strictObject({
  /** `YYYY-MM`; defaults to the current month. */
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
  actorId: slugSchema.optional(),
  memberId: slugSchema.optional(),
  action: z.enum(auditActions).optional(),
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
})

export const auditPageSchema = z
  .strictObject({ items: z.array(auditEntrySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'AuditPage' })

export type AuditAction = (typeof auditActions)[number]
export type AuditEntry = z.infer<typeof auditEntrySchema>
export type AuditQuery = z.infer<typeof auditQuerySchema>
export type AuditPage = z.infer<typeof auditPageSchema>
