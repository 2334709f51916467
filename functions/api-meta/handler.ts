import { handle } from 'hono/aws-lambda'
import { createFunctionApp } from '../http/app'
import { lazyDeps } from '../http/deps'
import { listDevIdentities } from '../http/dev-identity'
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
    me: async ({ caller }) => caller,
    listDevIdentities: async ({ deps }) => listDevIdentities(deps),
  },
  lazyDeps(),
)

export const handler = handle(app)
