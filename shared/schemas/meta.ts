import * as z from 'zod'

export const healthSchema = z.strictObject({ status: z.literal('ok'), time: z.iso.datetime() }).meta({ id: 'Health' })

export const openApiDocumentSchema = z.looseObject({ openapi: z.string() }).meta({ id: 'OpenApiDocument' })

export const devIdentitySchema = z
  .strictObject({
    /** Send as header `x-dev-member: <communityId>/<memberId>`. */
    communityId: z.string(),
    memberId: z.string(),
    label: z.string(),
  })
  .meta({ id: 'DevIdentity' })

export const devIdentityListSchema = z
  .strictObject({ enabled: z.boolean(), items: z.array(devIdentitySchema) })
  .meta({ id: 'DevIdentityList' })
