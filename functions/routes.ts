/**
 * The HTTP API, declared once. The CDK API stack creates one Lambda function per entry of
 * `httpFunctions` and one API Gateway route per entry of `httpRoutes`; the local gateway reads
 * the same list to turn a request into an API Gateway v2 event for the same handler module;
 * each handler mounts its routes (with their validation) from it; the OpenAPI document is
 * generated from it. Change the API here and everything follows.
 */
import type { z } from 'zod'
import { auditPageSchema, auditQuerySchema } from '../shared/schemas/audit'
import {
  codeSentSchema,
  registerBodySchema,
  requestCodeBodySchema,
  sessionSchema,
  signedOutSchema,
  verifyCodeBodySchema,
} from '../shared/schemas/auth'
import {
  areaParamsSchema,
  categoryParamsSchema,
  communityListSchema,
  communityParamsSchema,
  communitySchema,
  putAreaBodySchema,
  putCategoryBodySchema,
  putSettingsBodySchema,
} from '../shared/schemas/community'
import type { ErrorCode } from '../shared/schemas/errors'
import {
  addConsentBodySchema,
  addScreeningBodySchema,
  createMemberBodySchema,
  eraseMemberBodySchema,
  memberContactSchema,
  memberDetailsSchema,
  memberListQuerySchema,
  memberPageSchema,
  memberParamsSchema,
  memberProfileSchema,
  putContactBodySchema,
  setRoleBodySchema,
  withdrawConsentBodySchema,
} from '../shared/schemas/member'
import { memberExportSchema, memberSummarySchema } from '../shared/schemas/member-data'
import { healthSchema, openApiDocumentSchema } from '../shared/schemas/meta'
import {
  closePostBodySchema,
  createPostBodySchema,
  listPostsQuerySchema,
  memberPostsQuerySchema,
  postPageSchema,
  postParamsSchema,
  postSchema,
  updatePostBodySchema,
} from '../shared/schemas/post'

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
  tag: 'Meta' | 'Sign-in' | 'Communities' | 'Members' | 'Posts' | 'Audit'
  /** `member`: the caller must be known (and, with a communityId in the path, belong to it). */
  auth: 'public' | 'member'
  params?: z.ZodType
  query?: z.ZodType
  body?: z.ZodType
  response: { status: 200 | 201 | 202; schema: z.ZodType; description: string }
  errors: ErrorCode[]
}

const route = <const R extends HttpRoute>(r: R): R => r

// Errors every route can return; listed once and added to each operation in the OpenAPI document.
export const commonErrors: ErrorCode[] = ['INTERNAL']
const memberErrors: ErrorCode[] = ['UNAUTHENTICATED', 'COMMUNITY_FORBIDDEN', 'COMMUNITY_NOT_FOUND', 'CONSENT_REQUIRED']
const bodyErrors: ErrorCode[] = ['MALFORMED_JSON', 'UNSUPPORTED_MEDIA_TYPE', 'BODY_TOO_LARGE', 'VALIDATION_FAILED']

export const routes = {
  health: route({
    operationId: 'getHealth',
    method: 'GET',
    path: '/api/health',
    function: 'meta',
    summary: 'Is the API up?',
    tag: 'Meta',
    auth: 'public',
    response: { status: 200, schema: healthSchema, description: 'The API answers' },
    errors: [],
  }),
  openApi: route({
    operationId: 'getOpenApiDocument',
    method: 'GET',
    path: '/api/openapi.json',
    function: 'meta',
    summary: 'This OpenAPI 3.1 document',
    tag: 'Meta',
    auth: 'public',
    response: { status: 200, schema: openApiDocumentSchema, description: 'The OpenAPI document' },
    errors: [],
  }),
  me: route({
    operationId: 'getCaller',
    method: 'GET',
    path: '/api/me',
    function: 'meta',
    summary: 'Who am I? The caller’s public profile',
    tag: 'Meta',
    auth: 'member',
    response: { status: 200, schema: memberProfileSchema, description: 'The caller' },
    errors: ['UNAUTHENTICATED'],
  }),
  listCommunities: route({
    operationId: 'listCommunities',
    method: 'GET',
    path: '/api/communities',
    function: 'communities',
    summary: 'Communities the caller belongs to',
    tag: 'Communities',
    auth: 'member',
    response: { status: 200, schema: communityListSchema, description: 'The communities' },
    errors: ['UNAUTHENTICATED'],
  }),
  getCommunity: route({
    operationId: 'getCommunity',
    method: 'GET',
    path: '/api/communities/{communityId}',
    function: 'communities',
    summary: 'A community with its areas, resource types and categories (public: the sign-up form needs it)',
    tag: 'Communities',
    auth: 'public',
    params: communityParamsSchema,
    response: { status: 200, schema: communitySchema, description: 'The community' },
    errors: ['COMMUNITY_NOT_FOUND', 'VALIDATION_FAILED'],
  }),
  putArea: route({
    operationId: 'putArea',
    method: 'PUT',
    path: '/api/communities/{communityId}/areas/{areaId}',
    function: 'communities',
    summary: 'Create or change an area (coordinators)',
    tag: 'Communities',
    auth: 'member',
    params: areaParamsSchema,
    body: putAreaBodySchema,
    response: { status: 200, schema: communitySchema, description: 'The changed community' },
    errors: [...memberErrors, ...bodyErrors, 'FORBIDDEN', 'COMMUNITY_CHANGED'],
  }),
  putSettings: route({
    operationId: 'putCommunitySettings',
    method: 'PUT',
    path: '/api/communities/{communityId}/settings',
    function: 'communities',
    summary: 'Set the helpdesk and the retention periods (coordinators)',
    tag: 'Communities',
    auth: 'member',
    params: communityParamsSchema,
    body: putSettingsBodySchema,
    response: { status: 200, schema: communitySchema, description: 'The changed community' },
    errors: [...memberErrors, ...bodyErrors, 'FORBIDDEN', 'COMMUNITY_CHANGED'],
  }),
  putCategory: route({
    operationId: 'putCategory',
    method: 'PUT',
    path: '/api/communities/{communityId}/categories/{categoryId}',
    function: 'communities',
    summary: 'Create or change a category (coordinators)',
    tag: 'Communities',
    auth: 'member',
    params: categoryParamsSchema,
    body: putCategoryBodySchema,
    response: { status: 200, schema: communitySchema, description: 'The changed community' },
    errors: [...memberErrors, ...bodyErrors, 'FORBIDDEN', 'COMMUNITY_CHANGED'],
  }),
  listPosts: route({
    operationId: 'listOpenPosts',
    method: 'GET',
    path: '/api/communities/{communityId}/posts',
    function: 'posts',
    summary: 'Open requests and offers, newest first, filtered by kind, category and area',
    tag: 'Posts',
    auth: 'member',
    params: communityParamsSchema,
    query: listPostsQuerySchema,
    response: { status: 200, schema: postPageSchema, description: 'One page of open posts' },
    errors: [...memberErrors, 'VALIDATION_FAILED', 'INVALID_CURSOR'],
  }),
  createPost: route({
    operationId: 'createPost',
    method: 'POST',
    path: '/api/communities/{communityId}/posts',
    function: 'posts',
    summary: 'Post a request or an offer',
    tag: 'Posts',
    auth: 'member',
    params: communityParamsSchema,
    body: createPostBodySchema,
    response: { status: 201, schema: postSchema, description: 'The new post' },
    errors: [...memberErrors, ...bodyErrors],
  }),
  getPost: route({
    operationId: 'getPost',
    method: 'GET',
    path: '/api/communities/{communityId}/posts/{postId}',
    function: 'posts',
    summary: 'One request or offer',
    tag: 'Posts',
    auth: 'member',
    params: postParamsSchema,
    response: { status: 200, schema: postSchema, description: 'The post' },
    errors: [...memberErrors, 'VALIDATION_FAILED', 'POST_NOT_FOUND'],
  }),
  updatePost: route({
    operationId: 'updatePost',
    method: 'PATCH',
    path: '/api/communities/{communityId}/posts/{postId}',
    function: 'posts',
    summary: 'Change a post (only if it has not changed since you read it)',
    tag: 'Posts',
    auth: 'member',
    params: postParamsSchema,
    body: updatePostBodySchema,
    response: { status: 200, schema: postSchema, description: 'The changed post' },
    errors: [...memberErrors, ...bodyErrors, 'POST_NOT_FOUND', 'NOT_POST_OWNER', 'POST_CHANGED', 'POST_CLOSED'],
  }),
  closePost: route({
    operationId: 'closePost',
    method: 'POST',
    path: '/api/communities/{communityId}/posts/{postId}/close',
    function: 'posts',
    summary: 'Close a post, with a reason',
    tag: 'Posts',
    auth: 'member',
    params: postParamsSchema,
    body: closePostBodySchema,
    response: { status: 200, schema: postSchema, description: 'The closed post' },
    errors: [...memberErrors, ...bodyErrors, 'POST_NOT_FOUND', 'NOT_POST_OWNER', 'POST_CHANGED', 'POST_CLOSED'],
  }),
  requestCode: route({
    operationId: 'requestSignInCode',
    method: 'POST',
    path: '/api/auth/code',
    function: 'auth',
    summary: 'Send a sign-in code by e-mail or SMS (the answer is the same for unknown addresses)',
    tag: 'Sign-in',
    auth: 'public',
    body: requestCodeBodySchema,
    response: { status: 202, schema: codeSentSchema, description: 'A code is on its way if the address is known' },
    errors: [...bodyErrors, 'TOO_MANY_REQUESTS'],
  }),
  register: route({
    operationId: 'registerResident',
    method: 'POST',
    path: '/api/auth/register',
    function: 'auth',
    summary: 'Sign up as a resident; a sign-in code follows',
    tag: 'Sign-in',
    auth: 'public',
    body: registerBodySchema,
    response: { status: 202, schema: codeSentSchema, description: 'A code is on its way' },
    errors: [...bodyErrors, 'TOO_MANY_REQUESTS', 'COMMUNITY_NOT_FOUND'],
  }),
  verifyCode: route({
    operationId: 'verifySignInCode',
    method: 'POST',
    path: '/api/auth/verify',
    function: 'auth',
    summary: 'Exchange the code for a session token',
    tag: 'Sign-in',
    auth: 'public',
    body: verifyCodeBodySchema,
    response: { status: 200, schema: sessionSchema, description: 'Signed in' },
    errors: [...bodyErrors, 'CODE_INVALID', 'TOO_MANY_REQUESTS'],
  }),
  renew: route({
    operationId: 'renewSession',
    method: 'POST',
    path: '/api/auth/renew',
    function: 'auth',
    summary: 'A fresh token for the same session (before the old one expires)',
    tag: 'Sign-in',
    auth: 'member',
    response: { status: 200, schema: sessionSchema, description: 'The renewed session' },
    errors: ['UNAUTHENTICATED'],
  }),
  signOut: route({
    operationId: 'signOut',
    method: 'POST',
    path: '/api/auth/sign-out',
    function: 'auth',
    summary: 'End the session: its tokens stop working at once',
    tag: 'Sign-in',
    auth: 'member',
    response: { status: 200, schema: signedOutSchema, description: 'Signed out' },
    errors: ['UNAUTHENTICATED'],
  }),
  listMembers: route({
    operationId: 'listMembers',
    method: 'GET',
    path: '/api/communities/{communityId}/members',
    function: 'members',
    summary: 'Members of the community, by name (brokers and coordinators)',
    tag: 'Members',
    auth: 'member',
    params: communityParamsSchema,
    query: memberListQuerySchema,
    response: { status: 200, schema: memberPageSchema, description: 'One page of members' },
    errors: [...memberErrors, 'VALIDATION_FAILED', 'FORBIDDEN', 'INVALID_CURSOR'],
  }),
  createMember: route({
    operationId: 'createMember',
    method: 'POST',
    path: '/api/communities/{communityId}/members',
    function: 'members',
    summary: 'Register a member: a broker’s intake of a resident (with consent), or a coordinator’s invitation',
    tag: 'Members',
    auth: 'member',
    params: communityParamsSchema,
    body: createMemberBodySchema,
    response: { status: 201, schema: memberDetailsSchema, description: 'The new member' },
    errors: [...memberErrors, ...bodyErrors, 'FORBIDDEN', 'ADDRESS_IN_USE'],
  }),
  getMember: route({
    operationId: 'getMember',
    method: 'GET',
    path: '/api/communities/{communityId}/members/{memberId}',
    function: 'members',
    summary: 'A member’s details (the member, brokers and coordinators)',
    tag: 'Members',
    auth: 'member',
    params: memberParamsSchema,
    response: { status: 200, schema: memberDetailsSchema, description: 'The member' },
    errors: [...memberErrors, 'VALIDATION_FAILED', 'FORBIDDEN', 'MEMBER_NOT_FOUND'],
  }),
  getContact: route({
    operationId: 'getMemberContact',
    method: 'GET',
    path: '/api/communities/{communityId}/members/{memberId}/contact',
    function: 'members',
    summary: 'Contact details (the member, brokers and coordinators; every other view is audited)',
    tag: 'Members',
    auth: 'member',
    params: memberParamsSchema,
    response: { status: 200, schema: memberContactSchema, description: 'The contact details' },
    errors: [...memberErrors, 'VALIDATION_FAILED', 'FORBIDDEN', 'MEMBER_NOT_FOUND'],
  }),
  putContact: route({
    operationId: 'putMemberContact',
    method: 'PUT',
    path: '/api/communities/{communityId}/members/{memberId}/contact',
    function: 'members',
    summary: 'Change contact details and preferences; an added e-mail or phone becomes a way to sign in',
    tag: 'Members',
    auth: 'member',
    params: memberParamsSchema,
    body: putContactBodySchema,
    response: { status: 200, schema: memberDetailsSchema, description: 'The member' },
    errors: [...memberErrors, ...bodyErrors, 'FORBIDDEN', 'MEMBER_NOT_FOUND', 'MEMBER_CHANGED', 'ADDRESS_IN_USE'],
  }),
  setRole: route({
    operationId: 'setMemberRole',
    method: 'PUT',
    path: '/api/communities/{communityId}/members/{memberId}/role',
    function: 'members',
    summary: 'Change a member’s role (coordinators; never their own)',
    tag: 'Members',
    auth: 'member',
    params: memberParamsSchema,
    body: setRoleBodySchema,
    response: { status: 200, schema: memberDetailsSchema, description: 'The member' },
    errors: [...memberErrors, ...bodyErrors, 'FORBIDDEN', 'OWN_ROLE', 'MEMBER_NOT_FOUND', 'MEMBER_CHANGED'],
  }),
  addConsent: route({
    operationId: 'recordConsent',
    method: 'POST',
    path: '/api/communities/{communityId}/members/{memberId}/consents',
    function: 'members',
    summary: 'Record a resident’s consent for a broker to act for them (brokers)',
    tag: 'Members',
    auth: 'member',
    params: memberParamsSchema,
    body: addConsentBodySchema,
    response: { status: 200, schema: memberDetailsSchema, description: 'The member' },
    errors: [...memberErrors, ...bodyErrors, 'FORBIDDEN', 'MEMBER_NOT_FOUND', 'MEMBER_CHANGED'],
  }),
  withdrawConsent: route({
    operationId: 'withdrawConsent',
    method: 'POST',
    path: '/api/communities/{communityId}/members/{memberId}/consents/withdraw',
    function: 'members',
    summary: 'Withdraw every consent: brokers can no longer act for the member',
    tag: 'Members',
    auth: 'member',
    params: memberParamsSchema,
    body: withdrawConsentBodySchema,
    response: { status: 200, schema: memberDetailsSchema, description: 'The member' },
    errors: [...memberErrors, ...bodyErrors, 'FORBIDDEN', 'MEMBER_NOT_FOUND', 'MEMBER_CHANGED'],
  }),
  addScreening: route({
    operationId: 'recordScreening',
    method: 'POST',
    path: '/api/communities/{communityId}/members/{memberId}/screenings',
    function: 'members',
    summary: 'Record that a VOG or other check was seen (brokers)',
    tag: 'Members',
    auth: 'member',
    params: memberParamsSchema,
    body: addScreeningBodySchema,
    response: { status: 200, schema: memberDetailsSchema, description: 'The member' },
    errors: [...memberErrors, ...bodyErrors, 'FORBIDDEN', 'MEMBER_NOT_FOUND', 'MEMBER_CHANGED'],
  }),
  memberPosts: route({
    operationId: 'listMemberPosts',
    method: 'GET',
    path: '/api/communities/{communityId}/members/{memberId}/posts',
    function: 'members',
    summary: 'A member’s own posts, open and closed (the member, brokers and coordinators)',
    tag: 'Members',
    auth: 'member',
    params: memberParamsSchema,
    query: memberPostsQuerySchema,
    response: { status: 200, schema: postPageSchema, description: 'One page of posts' },
    errors: [...memberErrors, 'VALIDATION_FAILED', 'FORBIDDEN', 'INVALID_CURSOR'],
  }),
  memberSummary: route({
    operationId: 'getMemberSummary',
    method: 'GET',
    path: '/api/communities/{communityId}/members/{memberId}/summary',
    function: 'members',
    summary: 'Everything for the one-page printed summary a broker gives a resident',
    tag: 'Members',
    auth: 'member',
    params: memberParamsSchema,
    response: { status: 200, schema: memberSummarySchema, description: 'The summary' },
    errors: [...memberErrors, 'VALIDATION_FAILED', 'FORBIDDEN', 'MEMBER_NOT_FOUND'],
  }),
  exportMember: route({
    operationId: 'exportMemberData',
    method: 'GET',
    path: '/api/communities/{communityId}/members/{memberId}/export',
    function: 'members',
    summary: 'All personal data of a member, machine-readable (the member; coordinators, audited)',
    tag: 'Members',
    auth: 'member',
    params: memberParamsSchema,
    response: { status: 200, schema: memberExportSchema, description: 'The data' },
    errors: [...memberErrors, 'VALIDATION_FAILED', 'FORBIDDEN', 'MEMBER_NOT_FOUND'],
  }),
  eraseMember: route({
    operationId: 'eraseMember',
    method: 'POST',
    path: '/api/communities/{communityId}/members/{memberId}/erase',
    function: 'members',
    summary: 'Erase a member’s personal data (the member; coordinators, audited)',
    tag: 'Members',
    auth: 'member',
    params: memberParamsSchema,
    body: eraseMemberBodySchema,
    response: { status: 200, schema: memberDetailsSchema, description: 'What is left: an anonymous member' },
    errors: [...memberErrors, ...bodyErrors, 'FORBIDDEN', 'MEMBER_NOT_FOUND'],
  }),
  listAudit: route({
    operationId: 'listAuditEntries',
    method: 'GET',
    path: '/api/communities/{communityId}/audit',
    function: 'audit',
    summary: 'The audit log of one month, newest first, filtered (coordinators)',
    tag: 'Audit',
    auth: 'member',
    params: communityParamsSchema,
    query: auditQuerySchema,
    response: { status: 200, schema: auditPageSchema, description: 'One page of audit entries' },
    errors: [...memberErrors, 'VALIDATION_FAILED', 'FORBIDDEN', 'INVALID_CURSOR'],
  }),
} as const satisfies Record<string, HttpRoute>

export type RouteName = keyof typeof routes
export const httpRoutes: readonly HttpRoute[] = Object.values(routes)

/**
 * Requests that match no route go to this function, so that an unknown address gets the same
 * error body as everything else (API Gateway's `$default` route; the local gateway's fallback).
 */
export const fallbackFunction: HttpFunctionName = 'meta'

/** `/api/posts/{postId}` → a regex matching one path segment per parameter, as API Gateway does. */
export const routePattern = (path: string): RegExp =>
  new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, '(?<$1>[^/]+)')}$`)

const compiled = httpRoutes.map((route) => ({ route, pattern: routePattern(route.path) }))

/**
 * Finds the declared route for a request, as API Gateway would. `pathExists` tells a path
 * that is declared for another method (405) from one that is not declared at all (404).
 */
export const matchRoute = (
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
