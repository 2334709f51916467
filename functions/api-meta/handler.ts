import { handle } from 'hono/aws-lambda'
import { publicProfile } from '../../shared/domain/caller'
import { createFunctionApp } from '../http/app'
import { lazyDeps } from '../http/deps'
import { buildOpenApiDocument } from '../http/openapi'
import { matchRoute } from '../routes'
import { metaRoutes } from './routes'

let openApiDocument: ReturnType<typeof buildOpenApiDocument> | undefined

/** Health, the OpenAPI document (so this bundle carries every route), the caller, and the answer for addresses that do not exist. */
export const app = createFunctionApp(
  'meta',
  metaRoutes,
  {
    health: async () => ({ status: 'ok' as const, time: new Date().toISOString() }),
    openApi: async () => {
      openApiDocument ??= buildOpenApiDocument()
      return openApiDocument
    },
    // While a broker acts for a resident, "me" is the resident.
    me: async ({ caller }) => publicProfile(caller),
  },
  lazyDeps(),
  // The fallback function answers every address no route takes: 405 when another method is declared there.
  matchRoute,
)

export const handler = handle(app)
