/** The routes of the `matching` function (declared once; see functions/routes.ts). */

import { communityParamsSchema, communitySchema } from '../../shared/schemas/community'
import { matchSchema, postMatchListSchema } from '../../shared/schemas/match'
import { interestBodySchema, putMatchingSettingsBodySchema, suggestionListSchema } from '../../shared/schemas/matching'
import { postParamsSchema } from '../../shared/schemas/post'
import { bodyErrors, type HttpRoute, memberErrors, route } from '../http/route'

export const matchingRoutes = {
  listSuggestions: route({
    operationId: 'listSuggestions',
    method: 'GET',
    path: '/api/communities/{communityId}/posts/{postId}/suggestions',
    function: 'matching',
    summary: 'The best matching posts for a post, with reasons (the author, brokers, coordinators)',
    tag: 'Matching',
    auth: 'member',
    params: postParamsSchema,
    response: { status: 200, schema: suggestionListSchema, description: 'The suggestions, best first' },
    errors: [...memberErrors, 'VALIDATION_FAILED', 'POST_NOT_FOUND', 'NOT_POST_OWNER'],
  }),
  expressInterest: route({
    operationId: 'expressInterest',
    method: 'POST',
    path: '/api/communities/{communityId}/posts/{postId}/interest',
    function: 'matching',
    summary:
      '“I’m interested” in a suggestion: proposes the match, or accepts it when the other side said yes first (the author, or a broker for them)',
    tag: 'Matching',
    auth: 'member',
    params: postParamsSchema,
    body: interestBodySchema,
    response: { status: 201, schema: matchSchema, description: 'The match (also when it already existed)' },
    errors: [
      ...memberErrors,
      ...bodyErrors,
      'POST_NOT_FOUND',
      'NOT_POST_OWNER',
      'POST_CLOSED',
      'NOT_SUGGESTIBLE',
      'TRANSITION_NOT_ALLOWED',
      'OFFER_FULL',
      'REQUEST_FULL',
      'HELPER_AT_CAPACITY',
      'MATCH_CHANGED',
    ],
  }),
  listPostMatches: route({
    operationId: 'listPostMatches',
    method: 'GET',
    path: '/api/communities/{communityId}/posts/{postId}/matches',
    function: 'matching',
    summary: 'The matches of a post, in any status (the author, brokers, coordinators)',
    tag: 'Matching',
    auth: 'member',
    params: postParamsSchema,
    response: { status: 200, schema: postMatchListSchema, description: 'The matches, newest first' },
    errors: [...memberErrors, 'VALIDATION_FAILED', 'POST_NOT_FOUND', 'NOT_POST_OWNER'],
  }),
  putMatchingSettings: route({
    operationId: 'putMatchingSettings',
    method: 'PUT',
    path: '/api/communities/{communityId}/matching',
    function: 'matching',
    summary: 'Set the weights of the score and when the broker steps in (coordinators)',
    tag: 'Matching',
    auth: 'member',
    params: communityParamsSchema,
    body: putMatchingSettingsBodySchema,
    response: { status: 200, schema: communitySchema, description: 'The changed community' },
    errors: [...memberErrors, ...bodyErrors, 'FORBIDDEN', 'COMMUNITY_CHANGED'],
  }),
} as const satisfies Record<string, HttpRoute>
