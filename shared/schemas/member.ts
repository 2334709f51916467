import * as z from 'zod'
import { slugSchema } from './common'

export const memberKindSchema = z.enum(['resident', 'organisation'])
export const roleSchema = z.enum(['resident', 'organisation', 'broker', 'coordinator'])

/**
 * The public face of a member: what anyone in the community may see. Contact details live
 * elsewhere (accounts issue) and never appear in this shape.
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

export type MemberKind = z.infer<typeof memberKindSchema>
export type Role = z.infer<typeof roleSchema>
export type MemberProfile = z.infer<typeof memberProfileSchema>
