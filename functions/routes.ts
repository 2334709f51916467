/**
 * The HTTP API, declared once. The CDK API stack creates one Lambda function per entry of
 * `httpFunctions` and one API Gateway route per entry of `httpRoutes`; the local gateway reads
 * the same list to turn a request into an API Gateway v2 event for the same handler module;
 * each handler mounts its routes (with their validation) from it; the OpenAPI document is
 * generated from it. Change the API here and everything follows.
 */
import type { z } from 'zod'
import {
  areaParamsSchema,
  categoryParamsSchema,
  communityListSchema,
  communityParamsSchema,
  communitySchema,
  putAreaBodySchema,
  putCategoryBodySchema,
} from '../shared/schemas/community'
import type { ErrorCode } from '../shared/schemas/errors'
import { memberProfileSchema } from '../shared/schemas/member'
import { devIdentityListSchema, healthSchema, openApiDocumentSchema } from '../shared/schemas/meta'
import {
  closePostBodySchema,
  createPostBodySchema,
  listPostsQuerySchema,
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
  tag: 'Meta' | 'Communities' | 'Posts'
  /** `member`: the caller must be known (and, with a communityId in the path, belong to it). */
  auth: 'public' | 'member'
  params?: z.ZodType
  query?: z.ZodType
  body?: z.ZodType
  response: { status: 200 | 201; schema: z.ZodType; description: string }
  errors: ErrorCode[]
}

const route = <const R extends HttpRoute>(r: R): R => r

// Errors every route can return; listed once and added to each operation in the OpenAPI document.
export const commonErrors: ErrorCode[] = ['INTERNAL']
const memberErrors: ErrorCode[] = ['UNAUTHENTICATED', 'COMMUNITY_FORBIDDEN', 'COMMUNITY_NOT_FOUND']
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
  listDevIdentities: route({
    operationId: 'listDevIdentities',
    method: 'GET',
    path: '/api/dev/identities',
    function: 'meta',
    summary: 'Development only: the demo identities you can act as (header `x-dev-member`)',
    tag: 'Meta',
    auth: 'public',
    response: { status: 200, schema: devIdentityListSchema, description: 'The demo identities' },
    errors: ['ROUTE_NOT_FOUND'],
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
    summary: 'A community with its areas, resource types and categories',
    tag: 'Communities',
    auth: 'member',
    params: communityParamsSchema,
    response: { status: 200, schema: communitySchema, description: 'The community' },
    errors: [...memberErrors, 'VALIDATION_FAILED'],
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
