import * as z from 'zod'
import { isoDateTimeSchema, slugSchema } from './common'
import { memberProfileSchema } from './member'

/** An e-mail address or a Dutch (or international) phone number. */
export const signInAddressSchema = z
  .string()
  .trim()
  .min(5)
  .max(200)
  .meta({ description: 'The e-mail address or phone number you signed up with', example: 'anna@example.nl' })

export const requestCodeBodySchema = z
  .strictObject({ communityId: slugSchema, address: signInAddressSchema })
  .meta({ id: 'RequestCodeBody' })

export const registerBodySchema = z
  .strictObject({
    communityId: slugSchema,
    address: signInAddressSchema,
    displayName: z.string().trim().min(1).max(80),
    areaId: slugSchema,
  })
  .meta({ id: 'RegisterBody', description: 'A resident signs up; a code follows as with sign-in' })

export const codeSentSchema = z
  .strictObject({
    /** Always true: the answer never tells whether the address is known. */
    sent: z.literal(true),
    expiresInSeconds: z.int(),
  })
  .meta({ id: 'CodeSent' })

export const verifyCodeBodySchema = z
  .strictObject({
    communityId: slugSchema,
    address: signInAddressSchema,
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'six digits'),
  })
  .meta({ id: 'VerifyCodeBody' })

export const sessionSchema = z
  .strictObject({
    /** Send as `Authorization: Bearer <token>`. Renew it before `expiresAt`. */
    token: z.string(),
    expiresAt: isoDateTimeSchema,
    /** When the session ends for good; renewing cannot go past it. */
    sessionEndsAt: isoDateTimeSchema,
    member: memberProfileSchema,
  })
  .meta({ id: 'Session' })

export const signedOutSchema = z.strictObject({ signedOut: z.literal(true) }).meta({ id: 'SignedOut' })

export type RequestCodeBody = z.infer<typeof requestCodeBodySchema>
export type RegisterBody = z.infer<typeof registerBodySchema>
export type VerifyCodeBody = z.infer<typeof verifyCodeBodySchema>
export type Session = z.infer<typeof sessionSchema>
export type CodeSent = z.infer<typeof codeSentSchema>
