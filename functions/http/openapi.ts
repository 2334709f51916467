import * as z from 'zod'
import { type ErrorCode, errorBodySchema, errorCatalogue } from '../../shared/schemas/errors'
import { commonErrors, type HttpRoute, httpRoutes } from '../routes'

type JsonSchema = Record<string, unknown>

/**
 * Converts a zod schema to JSON Schema (2020-12, which OpenAPI 3.1 uses) and moves every
 * named sub-schema (`.meta({ id })`) into `components.schemas`.
 */
const toSchema = (schema: z.ZodType, io: 'input' | 'output', components: Record<string, JsonSchema>): JsonSchema => {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema
  const defs = (json.$defs ?? {}) as Record<string, JsonSchema>
  for (const [id, def] of Object.entries(defs)) components[id] ??= rewriteRefs(def) as JsonSchema
  const { $schema: _schema, $defs: _defs, ...rest } = json
  return rewriteRefs(rest) as JsonSchema
}

const rewriteRefs = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(rewriteRefs)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k === '$ref' && typeof v === 'string' ? v.replace('#/$defs/', '#/components/schemas/') : rewriteRefs(v),
      ]),
    )
  }
  return value
}

const parameters = (schema: z.ZodType | undefined, where: 'path' | 'query', components: Record<string, JsonSchema>) => {
  if (!schema) return []
  const json = toSchema(schema, 'input', components)
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>
  const required = new Set((json.required ?? []) as string[])
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }))
}

const errorResponses = (codes: ErrorCode[]) => {
  const byStatus = new Map<number, ErrorCode[]>()
  for (const code of new Set([...codes, ...commonErrors])) {
    const status = errorCatalogue[code].status
    byStatus.set(status, [...(byStatus.get(status) ?? []), code])
  }
  return Object.fromEntries(
    [...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, list]) => [
        String(status),
        {
          description: list.map((code) => `\`${code}\`: ${errorCatalogue[code].en}`).join(' '),
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      ]),
  )
}

const actForParameter = {
  name: 'x-act-for',
  in: 'header',
  required: false,
  description:
    'Brokers and coordinators: the id of the resident to act for (needs the resident’s consent; audited). The request then runs as that resident.',
  schema: { type: 'string' },
}

const operation = (route: HttpRoute, components: Record<string, JsonSchema>) => ({
  operationId: route.operationId,
  summary: route.summary,
  tags: [route.tag],
  ...(route.auth === 'member' ? { security: [{ session: [] }] } : { security: [] }),
  parameters: [
    ...parameters(route.params, 'path', components),
    ...parameters(route.query, 'query', components),
    ...(route.auth === 'member' ? [actForParameter] : []),
  ],
  ...(route.body
    ? {
        requestBody: {
          required: true,
          content: { 'application/json': { schema: toSchema(route.body, 'input', components) } },
        },
      }
    : {}),
  responses: {
    [String(route.response.status)]: {
      description: route.response.description,
      content: { 'application/json': { schema: toSchema(route.response.schema, 'output', components) } },
    },
    ...errorResponses(route.errors),
  },
})

/** The OpenAPI 3.1 document of the whole HTTP API, generated from the route declaration. */
export const buildOpenApiDocument = () => {
  const components: Record<string, JsonSchema> = {}
  toSchema(errorBodySchema, 'output', components)
  const paths: Record<string, Record<string, unknown>> = {}
  for (const route of httpRoutes) {
    paths[route.path] ??= {}
    const entry = paths[route.path] as Record<string, unknown>
    entry[route.method.toLowerCase()] = operation(route, components)
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Buurtbeurs API',
      version: '0.1.0',
      description:
        'Requests and offers of help, time and resources in a Dutch municipality. Every error has the body `Error` with a stable `error` code. Messages follow `Accept-Language` (Dutch by default, English on request).',
    },
    servers: [{ url: '/' }],
    tags: [
      { name: 'Meta', description: 'Health, this document, the caller' },
      { name: 'Sign-in', description: 'One-time codes by e-mail or SMS, sessions' },
      { name: 'Communities', description: 'Communities with their areas and categories' },
      { name: 'Members', description: 'Members, roles, contact details, consent, screening, privacy' },
      { name: 'Posts', description: 'Requests (hulpvragen) and offers (aanbod)' },
      { name: 'Audit', description: 'Who did what with whose data' },
    ],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        session: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'The `token` from `POST /api/auth/verify` (a one-time code by e-mail or SMS). It lives 15 minutes; renew it with `POST /api/auth/renew`.',
        },
      },
    },
  }
}
