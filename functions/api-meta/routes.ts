/** The routes of the `meta` function (declared once; see functions/routes.ts). */

import { memberProfileSchema } from '../../shared/schemas/member'
import { healthSchema, openApiDocumentSchema } from '../../shared/schemas/meta'
import { type HttpRoute, route } from '../http/route'

export const metaRoutes = {
  health: route({
    operationId: 'getHealth',
    method: 'GET',
    path: '/api/health',
    function: 'meta',
    summary: 'Is the API up?',
    tag: 'Meta',
    auth: 'public',
    response: { status: 200, schema: healthSchema, description: 'The API answers' },
    errors: [],
  }),
  openApi: route({
    operationId: 'getOpenApiDocument',
    method: 'GET',
    path: '/api/openapi.json',
    function: 'meta',
    summary: 'This OpenAPI 3.1 document',
    tag: 'Meta',
    auth: 'public',
    response: { status: 200, schema: openApiDocumentSchema, description: 'The OpenAPI document' },
    errors: [],
  }),
  me: route({
    operationId: 'getCaller',
    method: 'GET',
    path: '/api/me',
    function: 'meta',
    summary: 'Who am I? The caller’s public profile',
    tag: 'Meta',
    auth: 'member',
    response: { status: 200, schema: memberProfileSchema, description: 'The caller' },
    errors: ['UNAUTHENTICATED'],
  }),
} as const satisfies Record<string, HttpRoute>
