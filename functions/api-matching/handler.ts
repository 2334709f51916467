import { handle } from 'hono/aws-lambda'
import { createMatchingService } from '../../shared/services/matching-service'
import { createFunctionApp } from '../http/app'
import { configFromEnv, depsFromConfig, lazyDeps, systemRuntime } from '../http/deps'
import { matchingRoutes } from './routes'

/** Suggestions with their reasons, interest (the first and second yes of a match), a post's matches and the coordinator's matching settings. */
export const app = createFunctionApp(
  'matching',
  matchingRoutes,
  {
    listSuggestions: ({ caller, params, deps }) =>
      deps.services.matching.listSuggestions(caller, params.communityId, params.postId),
    expressInterest: ({ caller, params, body, deps }) =>
      deps.services.matching.expressInterest(caller, params.communityId, params.postId, body),
    listPostMatches: ({ caller, params, deps }) =>
      deps.services.matching.listPostMatches(caller, params.communityId, params.postId),
    putMatchingSettings: ({ caller, params, body, deps }) =>
      deps.services.communities.putMatching(caller, params.communityId, body),
  },
  lazyDeps(() => depsFromConfig(configFromEnv(), systemRuntime, { matching: createMatchingService })),
)

export const handler = handle(app)
