import { handle } from 'hono/aws-lambda'
import { createFunctionApp } from '../http/app'
import { lazyDeps } from '../http/deps'
import { communitiesRoutes } from './routes'

/** Communities with their areas, resource types and categories. */
export const app = createFunctionApp(
  'communities',
  communitiesRoutes,
  {
    listCommunities: async ({ caller, deps }) => ({ items: await deps.services.communities.listForCaller(caller) }),
    getCommunity: ({ params, deps }) => deps.services.communities.getPublic(params.communityId),
    putArea: ({ caller, params, body, deps }) =>
      deps.services.communities.putArea(caller, params.communityId, params.areaId, body),
    putSettings: ({ caller, params, body, deps }) =>
      deps.services.communities.putSettings(caller, params.communityId, body),
    putCategory: ({ caller, params, body, deps }) =>
      deps.services.communities.putCategory(caller, params.communityId, params.categoryId, body),
  },
  lazyDeps(),
)

export const handler = handle(app)
