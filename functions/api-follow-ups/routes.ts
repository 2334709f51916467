/** The routes of the `followUps` function (declared once; see functions/routes.ts). */

import { communityParamsSchema, communitySchema } from '../../shared/schemas/community'
import {
  followUpAnswerBodySchema,
  followUpListQuerySchema,
  followUpLookupBodySchema,
  followUpPageSchema,
  followUpQuestionSchema,
  followUpReplySchema,
  putLifecycleSettingsBodySchema,
} from '../../shared/schemas/match'
import { bodyErrors, type HttpRoute, memberErrors, route } from '../http/route'

export const followUpsRoutes = {
  listFollowUps: route({
    operationId: 'listFollowUps',
    method: 'GET',
    path: '/api/communities/{communityId}/follow-ups',
    function: 'followUps',
    summary: 'Follow-up questions that are due or wait for an answer, soonest first (brokers, coordinators)',
    tag: 'Follow-up',
    auth: 'member',
    params: communityParamsSchema,
    query: followUpListQuerySchema,
    response: { status: 200, schema: followUpPageSchema, description: 'One page of follow-ups' },
    errors: [...memberErrors, 'VALIDATION_FAILED', 'NOT_A_BROKER', 'INVALID_CURSOR'],
  }),
  lookupFollowUp: route({
    operationId: 'lookupFollowUp',
    method: 'POST',
    path: '/api/follow-up/question',
    function: 'followUps',
    summary: 'The question behind a signed follow-up link (no sign-in; the token is in the body, never in an address)',
    tag: 'Follow-up',
    auth: 'public',
    body: followUpLookupBodySchema,
    response: {
      status: 200,
      schema: followUpQuestionSchema,
      description: 'The question, and this link’s answer if given',
    },
    errors: [...bodyErrors, 'LINK_INVALID', 'LINK_EXPIRED'],
  }),
  answerFollowUp: route({
    operationId: 'answerFollowUp',
    method: 'POST',
    path: '/api/follow-up/answer',
    function: 'followUps',
    summary: 'Answer a follow-up question with a signed link: works once, only for its own match and side',
    tag: 'Follow-up',
    auth: 'public',
    body: followUpAnswerBodySchema,
    response: { status: 200, schema: followUpReplySchema, description: 'The answer as recorded' },
    errors: [...bodyErrors, 'LINK_INVALID', 'LINK_EXPIRED', 'LINK_USED', 'MATCH_NOT_FOUND', 'MATCH_CHANGED'],
  }),
  putLifecycleSettings: route({
    operationId: 'putLifecycleSettings',
    method: 'PUT',
    path: '/api/communities/{communityId}/lifecycle',
    function: 'followUps',
    summary: 'Set the follow-up timings, proposal expiry and quiet hours for messages (coordinators)',
    tag: 'Follow-up',
    auth: 'member',
    params: communityParamsSchema,
    body: putLifecycleSettingsBodySchema,
    response: { status: 200, schema: communitySchema, description: 'The changed community' },
    errors: [...memberErrors, ...bodyErrors, 'FORBIDDEN', 'COMMUNITY_CHANGED'],
  }),
} as const satisfies Record<string, HttpRoute>
