/**
 * The HTTP API, declared once. The CDK API stack creates one Lambda function per entry of
 * `httpFunctions` and one API Gateway route per entry of `httpRoutes`; the local gateway reads
 * the same list to turn a request into an API Gateway v2 event for the same handler module;
 * each handler mounts its routes (with their validation) from it; the OpenAPI document is
 * generated from it. Change the API here and everything follows.
 */

import { auditRoutes } from './api-audit/routes'
import { authRoutes } from './api-auth/routes'
import { communitiesRoutes } from './api-communities/routes'
import { eventsRoutes } from './api-events/routes'
import { followUpsRoutes } from './api-follow-ups/routes'
import { matchesRoutes } from './api-matches/routes'
import { matchingRoutes } from './api-matching/routes'
import { membersRoutes } from './api-members/routes'
import { metaRoutes } from './api-meta/routes'
import { postsRoutes } from './api-posts/routes'
import { queueRoutes } from './api-queue/routes'
import { type HttpFunctionName, type HttpRoute, routeMatcher } from './http/route'

export {
  bodyErrors,
  commonErrors,
  type HttpFunctionName,
  type HttpMethod,
  type HttpRoute,
  httpFunctions,
  idempotencyErrors,
  memberErrors,
  routePattern,
} from './http/route'

/** Every route of the API, by name. */
export const routes = {
  ...metaRoutes,
  ...communitiesRoutes,
  ...postsRoutes,
  ...authRoutes,
  ...membersRoutes,
  ...matchingRoutes,
  ...queueRoutes,
  ...matchesRoutes,
  ...followUpsRoutes,
  ...eventsRoutes,
  ...auditRoutes,
} as const satisfies Record<string, HttpRoute>

export type RouteName = keyof typeof routes
export const httpRoutes: readonly HttpRoute[] = Object.values(routes)

/**
 * Requests that match no route go to this function, so that an unknown address gets the same
 * error body as everything else (API Gateway's `$default` route; the local gateway's fallback).
 */
export const fallbackFunction: HttpFunctionName = 'meta'

/** Finds the declared route for a request among all routes, as API Gateway would (see `routeMatcher`). */
export const matchRoute = routeMatcher(httpRoutes)
