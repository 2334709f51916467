import { handle } from 'hono/aws-lambda'
import { createFunctionApp } from '../http/app'
import { lazyDeps } from '../http/deps'
import { queueRoutes } from './routes'

/** The brokers' work queue: what is due, take, snooze, finish. */
export const app = createFunctionApp(
  'queue',
  queueRoutes,
  {
    listQueue: ({ caller, params, query, deps }) => deps.services.queue.list(caller, params.communityId, query),
    takeQueueItem: ({ caller, params, body, deps }) =>
      deps.services.queue.take(caller, params.communityId, params.itemId, body),
    snoozeQueueItem: ({ caller, params, body, deps }) =>
      deps.services.queue.snooze(caller, params.communityId, params.itemId, body),
    finishQueueItem: ({ caller, params, body, deps }) =>
      deps.services.queue.finish(caller, params.communityId, params.itemId, body),
  },
  lazyDeps(),
)

export const handler = handle(app)
