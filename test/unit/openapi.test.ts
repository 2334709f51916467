import { validate } from '@readme/openapi-parser'
import { describe, expect, it } from 'vitest'
import { buildOpenApiDocument } from '../../functions/http/openapi'
import { httpRoutes } from '../../functions/routes'
import { errorCodes } from '../../shared/schemas/errors'

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

  it('documents the error body with every error code', () => {
    const error = document.components.schemas.Error as { properties: { error: { enum: string[] } } }
    expect(error.properties.error.enum.sort()).toEqual([...errorCodes].sort())
  })
})
