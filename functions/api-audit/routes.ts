/** The routes of the `audit` function (declared once; see functions/routes.ts). */

import { auditPageSchema, auditQuerySchema } from '../../shared/schemas/audit'
import { communityParamsSchema } from '../../shared/schemas/community'
import { type HttpRoute, memberErrors, route } from '../http/route'

export const auditRoutes = {
  listAudit: route({
    operationId: 'listAuditEntries',
    method: 'GET',
    path: '/api/communities/{communityId}/audit',
    function: 'audit',
    summary: 'The audit log of one month, newest first, filtered (coordinators)',
    tag: 'Audit',
    auth: 'member',
    params: communityParamsSchema,
    query: auditQuerySchema,
    response: { status: 200, schema: auditPageSchema, description: 'One page of audit entries' },
    errors: [...memberErrors, 'VALIDATION_FAILED', 'FORBIDDEN', 'INVALID_CURSOR'],
  }),
} as const satisfies Record<string, HttpRoute>
