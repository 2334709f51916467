import { handle } from 'hono/aws-lambda'
import { createFunctionApp } from '../http/app'
import { lazyDeps } from '../http/deps'

/** Follow-up questions: the one-click answers behind signed links, the brokers' list, the timings. */
export const app = createFunctionApp(
  'followUps',
  {
    listFollowUps: ({ caller, params, query, deps }) =>
      deps.services.followUps.listFollowUps(caller, params.communityId, query),
    lookupFollowUp: ({ body, deps }) => deps.services.followUps.lookup(body.token),
    answerFollowUp: ({ body, deps }) => deps.services.followUps.answer(body),
    putLifecycleSettings: ({ caller, params, body, deps }) =>
      deps.services.followUps.putLifecycleSettings(caller, params.communityId, body),
  },
  lazyDeps(),
)

export const handler = handle(app)
