// Types only: the schemas are zod, and zod must stay out of the browser bundle.

import type { z } from 'zod'
import type { Community } from '../../shared/schemas/community'
import type { ErrorBody, ErrorCode, ErrorDetail } from '../../shared/schemas/errors'
import type { MemberProfile } from '../../shared/schemas/member'
import type { devIdentitySchema } from '../../shared/schemas/meta'
import type { ClosePostBody, CreatePostBody, Post, PostPage } from '../../shared/schemas/post'
import type { PostKind } from '../../shared/schemas/vocabulary'
import { getLanguage } from './i18n'

export type DevIdentity = z.infer<typeof devIdentitySchema>

/** `NETWORK`: the server could not be reached or did not answer with JSON. */
export type ApiErrorCode = ErrorCode | 'NETWORK'

/** A failed API call. Branch on `code`; `message` is already in the interface language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly requestId?: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

const devMemberKey = 'buurtbeurs.devMember'
let devMember: string | null = readDevMember()

function readDevMember(): string | null {
  try {
    return localStorage.getItem(devMemberKey)
  } catch {
    return null
  }
}

/** The `x-dev-member` value sent on every call, or null for the server's default demo resident. */
export function getDevMember(): string | null {
  return devMember
}

/** Act as another demo identity (`<communityId>/<memberId>`), remembered across visits. */
export function setDevMember(value: string | null): void {
  devMember = value
  try {
    if (value) localStorage.setItem(devMemberKey, value)
    else localStorage.removeItem(devMemberKey)
  } catch {
    // Without storage the choice lasts until the page is reloaded.
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && 'error' in value && 'message' in value
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': getLanguage() }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (devMember) headers['x-dev-member'] = devMember
  let response: Response
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  } catch {
    throw new ApiError(0, 'NETWORK', '')
  }
  const data: unknown = await response.json().catch(() => undefined)
  if (response.ok && data !== undefined) return data as T
  if (isErrorBody(data)) {
    throw new ApiError(response.status, data.error, data.message, data.details ?? [], data.requestId)
  }
  throw new ApiError(response.status, 'NETWORK', '')
}

const enc = encodeURIComponent
const postsPath = (communityId: string) => `/api/communities/${enc(communityId)}/posts`

export interface PostFilter {
  kind?: PostKind
  category?: string
  area?: string
}

/** The calls the front end makes; shapes come from `shared/schemas`. */
export const api = {
  me: () => request<MemberProfile>('GET', '/api/me'),
  community: (communityId: string) => request<Community>('GET', `/api/communities/${enc(communityId)}`),
  listPosts: (communityId: string, filter: PostFilter, cursor?: string | null, limit = 20) => {
    const query = new URLSearchParams()
    if (filter.kind) query.set('kind', filter.kind)
    if (filter.category) query.set('category', filter.category)
    if (filter.area) query.set('area', filter.area)
    if (cursor) query.set('cursor', cursor)
    query.set('limit', String(limit))
    return request<PostPage>('GET', `${postsPath(communityId)}?${query}`)
  },
  getPost: (communityId: string, postId: string) => request<Post>('GET', `${postsPath(communityId)}/${enc(postId)}`),
  // The body is sent as the person filled it in: the API validates and answers with details.
  createPost: (communityId: string, body: Partial<CreatePostBody>) =>
    request<Post>('POST', postsPath(communityId), body),
  closePost: (communityId: string, postId: string, body: ClosePostBody) =>
    request<Post>('POST', `${postsPath(communityId)}/${enc(postId)}/close`, body),
  openApi: () => request<OpenApiDocument>('GET', '/api/openapi.json'),
  devIdentities: () => request<{ enabled: boolean; items: DevIdentity[] }>('GET', '/api/dev/identities'),
}

/** The parts of an OpenAPI 3.1 document the reference page reads. */
export interface OpenApiDocument {
  openapi: string
  info?: { title?: string; version?: string; description?: string }
  tags?: { name: string; description?: string }[]
  paths?: Record<string, Record<string, OpenApiOperation | unknown>>
  components?: { schemas?: Record<string, unknown> }
}

export interface OpenApiOperation {
  operationId?: string
  summary?: string
  description?: string
  tags?: string[]
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: unknown }[]
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> }
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>
}
