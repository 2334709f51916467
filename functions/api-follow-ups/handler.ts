import { handle } from 'hono/aws-lambda'
import { createFollowUpService } from '../../shared/services/follow-up-service'
import { createMatchService } from '../../shared/services/match-service'
import { createFunctionApp } from '../http/app'
import { lazyDepsWith } from '../http/deps'
import { followUpsRoutes } from './routes'

/** Follow-up questions: the one-click answers behind signed links, the brokers' list, the timings. */
export const app = createFunctionApp(
  'followUps',
  followUpsRoutes,
  {
    listFollowUps: ({ caller, params, query, deps }) =>
      deps.services.followUps.listFollowUps(caller, params.communityId, query),
    lookupFollowUp: ({ body, deps }) => deps.services.followUps.lookup(body.token),
    answerFollowUp: ({ body, deps }) => deps.services.followUps.answer(body),
    putLifecycleSettings: ({ caller, params, body, deps }) =>
      deps.services.followUps.putLifecycleSettings(caller, params.communityId, body),
  },
  lazyDepsWith({ matches: createMatchService, followUps: createFollowUpService }),
)

export const handler = handle(app)
