import { handle } from 'hono/aws-lambda'
import { createFunctionApp } from '../http/app'
import { lazyDeps } from '../http/deps'
import { auditRoutes } from './routes'

/** The audit log, read only: entries are written by the services as things happen. */
export const app = createFunctionApp(
  'audit',
  auditRoutes,
  { listAudit: ({ caller, params, query, deps }) => deps.services.audit.list(caller, params.communityId, query) },
  lazyDeps(),
)

export const handler = handle(app)
