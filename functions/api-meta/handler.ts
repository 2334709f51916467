import { handle } from 'hono/aws-lambda'
import { publicProfile } from '../../shared/domain/caller'
import { createFunctionApp } from '../http/app'
import { lazyDeps } from '../http/deps'
import { buildOpenApiDocument } from '../http/openapi'

let openApiDocument: ReturnType<typeof buildOpenApiDocument> | undefined

/** Health, the OpenAPI document, the caller, and the answer for addresses that do not exist. */
export const app = createFunctionApp(
  'meta',
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
)

export const handler = handle(app)
