import * as z from 'zod'
import { type ErrorCode, errorBodySchema, errorCatalogue } from '../../shared/schemas/errors'
import { commonErrors, type HttpRoute, httpRoutes, idempotencyErrors } from '../routes'
import { acceptsIdempotencyKey, idempotencyKeyHeader, replayedHeader } from './idempotency'

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

const errorResponses = (route: HttpRoute) => {
  const byStatus = new Map<number, ErrorCode[]>()
  const automatic = [...commonErrors, ...(acceptsIdempotencyKey(route.method) ? idempotencyErrors : [])]
  for (const code of new Set([...route.errors, ...automatic])) {
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

const idempotencyKeyParameter = {
  name: idempotencyKeyHeader,
  in: 'header',
  required: false,
  description:
    'Makes a retry safe: send a fresh unique key (a UUID) with each action and the same key when you retry it. The first request runs and its answer (2xx or 4xx, except 429) is kept for 24 hours; the same request with the same key gets that answer again with the header `Idempotent-Replayed: true`. The same key with another method, path or body gives `IDEMPOTENCY_KEY_REUSED`; while the first request still runs, `IDEMPOTENCY_IN_PROGRESS` (retry after a second). Keys are per caller (per source IP on public routes). After a 5xx the key is free again.',
  schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,100}$' },
}

const replayedHeaderDoc = {
  description: '`true` when this is the kept answer to an earlier request with the same `Idempotency-Key`.',
  schema: { type: 'string', enum: ['true'] },
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
    ...(acceptsIdempotencyKey(route.method) ? [idempotencyKeyParameter] : []),
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
      ...(acceptsIdempotencyKey(route.method) ? { headers: { [replayedHeader]: replayedHeaderDoc } } : {}),
      content: { 'application/json': { schema: toSchema(route.response.schema, 'output', components) } },
    },
    ...errorResponses(route),
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
      { name: 'Matching', description: 'Suggestions with their reasons, interest, matching weights' },
      { name: 'Matches', description: 'The match lifecycle: accept, decline, cancel, agreement, outcome' },
      { name: 'Follow-up', description: 'Follow-up questions with one-click answers from signed links' },
      {
        name: 'Beursvloer',
        description: 'Maatschappelijke Beursvloer events: set-up, registration, check-in, floor matches, tally, report',
      },
      { name: 'Queue', description: 'The brokers’ work queue' },
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
