// Shapes the schemas declare but do not name as types. Type-only imports: zod stays out of the bundle.
import type { z } from 'zod'
import type { auditPageSchema } from '../../shared/schemas/audit'
import type { codeSentSchema } from '../../shared/schemas/auth'
import type { memberPageSchema, putContactBodySchema, representativeSchema } from '../../shared/schemas/member'
import type { memberExportSchema, memberSummarySchema } from '../../shared/schemas/member-data'

export type CodeSent = z.infer<typeof codeSentSchema>
export type MemberPage = z.infer<typeof memberPageSchema>
export type PutContactBody = z.infer<typeof putContactBodySchema>
export type Representative = z.infer<typeof representativeSchema>
export type MemberExport = z.infer<typeof memberExportSchema>
export type MemberSummary = z.infer<typeof memberSummarySchema>
export type AuditPage = z.infer<typeof auditPageSchema>
