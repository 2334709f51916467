/**
 * What a route declaration is, and the error lists routes share. Each function declares its own
 * routes next to its handler (`functions/<function>/routes.ts`), so a Lambda bundle carries only
 * its own schemas; `functions/routes.ts` puts them together for the gateway, CDK and OpenAPI.
 */
import type { z } from 'zod'
import type { ErrorCode } from '../../shared/schemas/errors'

/** The Lambda functions behind the HTTP API; `entry` is relative to the repository root. */
export const httpFunctions = {
  meta: { entry: 'functions/api-meta/handler.ts', description: 'Health, OpenAPI document, caller, unknown routes' },
  communities: { entry: 'functions/api-communities/handler.ts', description: 'Communities, areas, categories' },
  posts: { entry: 'functions/api-posts/handler.ts', description: 'Requests and offers' },
  auth: { entry: 'functions/api-auth/handler.ts', description: 'Sign-in with a one-time code, sessions' },
  members: {
    entry: 'functions/api-members/handler.ts',
    description: 'Members, roles, contact details, consent, screening, export and erasure',
  },
  audit: { entry: 'functions/api-audit/handler.ts', description: 'The audit log (read only)' },
  matching: {
    entry: 'functions/api-matching/handler.ts',
    description: 'Suggestions with their reasons, interest (proposals), matching weights',
  },
  queue: { entry: 'functions/api-queue/handler.ts', description: 'The brokers’ work queue' },
  matches: {
    entry: 'functions/api-matches/handler.ts',
    description: 'The match lifecycle: accept, decline, cancel, agreement, outcome, lists',
  },
  events: {
    entry: 'functions/api-events/handler.ts',
    description:
      'Beursvloer events: set-up, registration and import, check-in, floor matches, proposals, tally, report',
  },
  followUps: {
    entry: 'functions/api-follow-ups/handler.ts',
    description: 'Follow-up questions: one-click answers from signed links, the brokers’ list, timings',
  },
} as const

export type HttpFunctionName = keyof typeof httpFunctions
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface HttpRoute {
  operationId: string
  method: HttpMethod
  /** API Gateway path syntax: `/api/communities/{communityId}`. */
  path: string
  function: HttpFunctionName
  summary: string
  tag:
    | 'Meta'
    | 'Sign-in'
    | 'Communities'
    | 'Members'
    | 'Posts'
    | 'Matching'
    | 'Matches'
    | 'Follow-up'
    | 'Beursvloer'
    | 'Queue'
    | 'Audit'
  /** `member`: the caller must be known (and, with a communityId in the path, belong to it). */
  auth: 'public' | 'member'
  params?: z.ZodType
  query?: z.ZodType
  body?: z.ZodType
  response: { status: 200 | 201 | 202; schema: z.ZodType; description: string }
  errors: ErrorCode[]
}

export const route = <const R extends HttpRoute>(r: R): R => r

// Errors every route can return; listed once and added to each operation in the OpenAPI document.
export const commonErrors: ErrorCode[] = ['INTERNAL']
// Errors every state-changing (non-GET) route can return because of its optional `Idempotency-Key`
// header (functions/http/idempotency.ts); added to those operations in the OpenAPI document.
export const idempotencyErrors: ErrorCode[] = ['VALIDATION_FAILED', 'IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_IN_PROGRESS']
export const memberErrors: ErrorCode[] = [
  'UNAUTHENTICATED',
  'COMMUNITY_FORBIDDEN',
  'COMMUNITY_NOT_FOUND',
  'CONSENT_REQUIRED',
]
export const bodyErrors: ErrorCode[] = [
  'MALFORMED_JSON',
  'UNSUPPORTED_MEDIA_TYPE',
  'BODY_TOO_LARGE',
  'VALIDATION_FAILED',
]

export const matchActionErrors: ErrorCode[] = [
  ...memberErrors,
  ...bodyErrors,
  'MATCH_NOT_FOUND',
  'NOT_A_PARTY',
  'MATCH_CHANGED',
  'TRANSITION_NOT_ALLOWED',
]

export const eventErrors: ErrorCode[] = [...memberErrors, 'VALIDATION_FAILED', 'EVENT_NOT_FOUND']
export const eventChangeErrors: ErrorCode[] = [...memberErrors, ...bodyErrors, 'EVENT_NOT_FOUND', 'FORBIDDEN']

/** `/api/posts/{postId}` → a regex matching one path segment per parameter, as API Gateway does. */
export const routePattern = (path: string): RegExp =>
  new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, '(?<$1>[^/]+)')}$`)

/**
 * Finds the declared route for a request among `list`, as API Gateway would. `pathExists` tells a
 * path that is declared for another method (405) from one that is not declared at all (404).
 */
export const routeMatcher = (list: readonly HttpRoute[]) => {
  const compiled = list.map((route) => ({ route, pattern: routePattern(route.path) }))
  return (
    method: string,
    path: string,
  ): { route?: HttpRoute; pathParameters?: Record<string, string>; pathExists: boolean } => {
    let pathExists = false
    for (const { route, pattern } of compiled) {
      const match = pattern.exec(path)
      if (!match) continue
      pathExists = true
      if (route.method === method.toUpperCase()) return { route, pathParameters: { ...match.groups }, pathExists }
    }
    return { pathExists }
  }
}
