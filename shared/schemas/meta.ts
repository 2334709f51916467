import * as z from 'zod'

export const healthSchema = z.strictObject({ status: z.literal('ok'), time: z.iso.datetime() }).meta({ id: 'Health' })

export const openApiDocumentSchema = z.looseObject({ openapi: z.string() }).meta({ id: 'OpenApiDocument' })
