import { validate } from '@readme/openapi-parser'
import { describe, expect, it } from 'vitest'
import { buildOpenApiDocument } from '../../functions/http/openapi'
import { httpRoutes } from '../../functions/routes'
import { errorCodes } from '../../shared/schemas/errors'

interface Operation {
  parameters: { name: string; in: string }[]
  responses: Record<string, { description?: string; headers?: Record<string, unknown> }>
}

describe('the OpenAPI document', () => {
  const document = buildOpenApiDocument()

  it('is valid OpenAPI 3.1 by a standard validator', async () => {
    const result = await validate(structuredClone(document) as never)
    expect(result.valid ? [] : result.errors).toEqual([])
    expect(result.valid).toBe(true)
  })

  it('has every declared route, once', () => {
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    )
    expect(operations.sort()).toEqual(httpRoutes.map((r) => `${r.method} ${r.path}`).sort())
  })

  it('documents the Idempotency-Key header, its replay header and its errors on every non-GET operation', () => {
    for (const route of httpRoutes) {
      const operation = (document.paths[route.path] as Record<string, Operation>)[route.method.toLowerCase()]
      const header = operation?.parameters.find((p) => p.in === 'header' && p.name === 'Idempotency-Key')
      const codes = Object.values(operation?.responses ?? {}).map((r) => r.description ?? '')
      const mentions = (code: string) => codes.some((text) => text.includes(`\`${code}\``))
      const success = operation?.responses[String(route.response.status)]
      if (route.method === 'GET') {
        expect(header, route.operationId).toBeUndefined()
        expect(mentions('IDEMPOTENCY_KEY_REUSED'), route.operationId).toBe(false)
        expect(success?.headers, route.operationId).toBeUndefined()
      } else {
        expect(header, route.operationId).toMatchObject({ required: false, schema: { type: 'string' } })
        expect(
          ['IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_IN_PROGRESS', 'VALIDATION_FAILED'].filter((c) => !mentions(c)),
          route.operationId,
        ).toEqual([])
        expect(success?.headers, route.operationId).toHaveProperty('Idempotent-Replayed')
      }
    }
  })

  it('documents the error body with every error code', () => {
    const error = document.components.schemas.Error as { properties: { error: { enum: string[] } } }
    expect(error.properties.error.enum.sort()).toEqual([...errorCodes].sort())
  })
})
