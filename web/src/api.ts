// Types only: the schemas are zod, and zod must stay out of the browser bundle.

import type { AuditAction, AuditPage } from '../../shared/schemas/audit'
import type { CodeSent, RegisterBody, Session } from '../../shared/schemas/auth'
import type { Community } from '../../shared/schemas/community'
import type { ErrorBody, ErrorCode, ErrorDetail } from '../../shared/schemas/errors'
import type {
  FollowUpPage,
  FollowUpQuestion,
  FollowUpReply,
  LifecycleSettings,
  Match,
  MatchPage,
  MatchStatus,
  MatchView,
  PostMatchList,
  PutAgreementBody,
  RecordOutcomeBody,
} from '../../shared/schemas/match'
import type {
  MatchingSettings,
  MemberAttributes,
  PutHelpingBody,
  PutMemberAttributesBody,
  QueueItem,
  QueuePage,
  SuggestionList,
} from '../../shared/schemas/matching'
import type {
  CreateMemberBody,
  MemberContact,
  MemberDetails,
  MemberPage,
  MemberProfile,
  PutContactBody,
  Role,
} from '../../shared/schemas/member'
import type { MemberExport, MemberSummary } from '../../shared/schemas/member-data'
import type { ClosePostBody, CreatePostBody, Post, PostPage } from '../../shared/schemas/post'
import type { PostKind, QueueItemKind } from '../../shared/schemas/vocabulary'
import { getActingFor, getToken, setSession } from './auth'
import { getLanguage } from './i18n'

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

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && 'error' in value && 'message' in value
}

let onUnauthenticated: () => void = () => {}

/** What to do when the API says the session is over: the app goes to the sign-in page. */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler
}

export interface RequestOptions {
  /**
   * Call as the signed-in broker even while acting for a resident: for the broker's own work
   * (member lists, consents, the audit log), never for the resident's posts.
   */
  asSelf?: boolean
  /** A 401 is expected (signing out of an ended session): do not send the person to sign in. */
  quiet?: boolean
  /**
   * Act for this resident in this one call (their consent is checked by the API), e.g. lifting
   * a resident's block from the broker's member page: a choice only the resident makes.
   */
  actFor?: string
  /**
   * Send no session at all: the signed follow-up links work without signing in, and a
   * follow-up answer must not be taken as the signed-in member's (nor end their session).
   */
  anonymous?: boolean
}

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': getLanguage() }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const token = options.anonymous ? null : getToken()
  if (token) headers.Authorization = `Bearer ${token}`
  const actingFor = options.actFor ?? getActingFor()?.id
  if (token && actingFor && !options.asSelf) headers['x-act-for'] = actingFor
  // One fresh key per action, so a request the network repeats does not act twice. (No retries
  // here; a retry of the same action would send the same key.) randomUUID needs a secure context.
  const idempotencyKey = method === 'GET' ? undefined : globalThis.crypto?.randomUUID?.()
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey
  let response: Response
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  } catch {
    throw new ApiError(0, 'NETWORK', '')
  }
  const data: unknown = await response.json().catch(() => undefined)
  if (response.ok && data !== undefined) return data as T
  if (isErrorBody(data)) {
    if (data.error === 'UNAUTHENTICATED' && token && !options.quiet) {
      setSession(null)
      onUnauthenticated()
    }
    throw new ApiError(response.status, data.error, data.message, data.details ?? [], data.requestId)
  }
  throw new ApiError(response.status, 'NETWORK', '')
}

const enc = encodeURIComponent
const communityPath = (communityId: string) => `/api/communities/${enc(communityId)}`
const postsPath = (communityId: string) => `${communityPath(communityId)}/posts`
const memberPath = (communityId: string, memberId: string) => `${communityPath(communityId)}/members/${enc(memberId)}`
const matchPath = (communityId: string, matchId: string) => `${communityPath(communityId)}/matches/${enc(matchId)}`
const self = { asSelf: true }

export interface PostFilter {
  kind?: PostKind
  category?: string
  area?: string
}

export interface AuditFilter {
  month?: string
  action?: AuditAction
  memberId?: string
  actorId?: string
}

const withQuery = (path: string, values: Record<string, string | number | null | undefined>) => {
  const query = new URLSearchParams()
  for (const [name, value] of Object.entries(values))
    if (value !== undefined && value !== null && value !== '') query.set(name, String(value))
  const search = query.toString()
  return search ? `${path}?${search}` : path
}

/** The broker's work queue: everything due, or what I took, filtered like the posts. */
export interface QueueFilter {
  view: 'all' | 'mine'
  kind?: QueueItemKind
  area?: string
  category?: string
}

/** The consent a broker records, without the member's version. */
export interface ConsentInput {
  givenOn: string
  method: string
  covers: string[]
}

/** The calls the front end makes; shapes come from `shared/schemas`. */
export const api = {
  me: () => request<MemberProfile>('GET', '/api/me'),
  community: (communityId: string) => request<Community>('GET', communityPath(communityId)),

  requestCode: (communityId: string, address: string) =>
    request<CodeSent>('POST', '/api/auth/code', { communityId, address }),
  register: (body: Partial<RegisterBody>) => request<CodeSent>('POST', '/api/auth/register', body),
  verifyCode: (communityId: string, address: string, code: string) =>
    request<Session>('POST', '/api/auth/verify', { communityId, address, code }),
  renew: () => request<Session>('POST', '/api/auth/renew', undefined, { asSelf: true, quiet: true }),
  signOut: () => request<{ signedOut: true }>('POST', '/api/auth/sign-out', undefined, { asSelf: true, quiet: true }),

  listPosts: (communityId: string, filter: PostFilter, cursor?: string | null, limit = 20) =>
    request<PostPage>(
      'GET',
      withQuery(postsPath(communityId), {
        kind: filter.kind,
        category: filter.category,
        area: filter.area,
        cursor,
        limit,
      }),
    ),
  getPost: (communityId: string, postId: string) => request<Post>('GET', `${postsPath(communityId)}/${enc(postId)}`),
  // The body is sent as the person filled it in: the API validates and answers with details.
  createPost: (communityId: string, body: Partial<CreatePostBody>) =>
    request<Post>('POST', postsPath(communityId), body),
  closePost: (communityId: string, postId: string, body: ClosePostBody) =>
    request<Post>('POST', `${postsPath(communityId)}/${enc(postId)}/close`, body),

  /** The member's own posts; while acting, the resident's. */
  memberPosts: (communityId: string, memberId: string, cursor?: string | null, options: RequestOptions = {}) =>
    request<PostPage>(
      'GET',
      withQuery(`${memberPath(communityId, memberId)}/posts`, { cursor, limit: 50 }),
      undefined,
      options,
    ),
  listMembers: (communityId: string, role?: Role, cursor?: string | null, limit = 50) =>
    request<MemberPage>(
      'GET',
      withQuery(`${communityPath(communityId)}/members`, { role, cursor, limit }),
      undefined,
      self,
    ),
  createMember: (communityId: string, body: Partial<CreateMemberBody>) =>
    request<MemberDetails>('POST', `${communityPath(communityId)}/members`, body, self),
  getMember: (communityId: string, memberId: string) =>
    request<MemberDetails>('GET', memberPath(communityId, memberId), undefined, self),
  /** Audited when it is not your own: call only when the person asks to see them. */
  getContact: (communityId: string, memberId: string) =>
    request<MemberContact>('GET', `${memberPath(communityId, memberId)}/contact`, undefined, self),
  putContact: (communityId: string, memberId: string, body: Partial<PutContactBody>) =>
    request<MemberDetails>('PUT', `${memberPath(communityId, memberId)}/contact`, body, self),
  setRole: (communityId: string, memberId: string, body: { role: string; version: number; reason: string }) =>
    request<MemberDetails>('PUT', `${memberPath(communityId, memberId)}/role`, body, self),
  addConsent: (communityId: string, memberId: string, body: ConsentInput & { version: number }) =>
    request<MemberDetails>('POST', `${memberPath(communityId, memberId)}/consents`, body, self),
  withdrawConsent: (communityId: string, memberId: string, version: number) =>
    request<MemberDetails>('POST', `${memberPath(communityId, memberId)}/consents/withdraw`, { version }, self),
  addScreening: (
    communityId: string,
    memberId: string,
    body: { kind: string; checkedOn: string; validUntil: string; note: string; version: number },
  ) => request<MemberDetails>('POST', `${memberPath(communityId, memberId)}/screenings`, body, self),
  /** Audited: the one-page summary a broker prints. */
  memberSummary: (communityId: string, memberId: string) =>
    request<MemberSummary>('GET', `${memberPath(communityId, memberId)}/summary`, undefined, self),
  exportMember: (communityId: string, memberId: string) =>
    request<MemberExport>('GET', `${memberPath(communityId, memberId)}/export`, undefined, self),
  eraseMember: (communityId: string, memberId: string, reason?: string) =>
    request<MemberDetails>(
      'POST',
      `${memberPath(communityId, memberId)}/erase`,
      { confirm: true, ...(reason ? { reason } : {}) },
      self,
    ),
  listAudit: (communityId: string, filter: AuditFilter, cursor?: string | null, limit = 50) =>
    request<AuditPage>(
      'GET',
      withQuery(`${communityPath(communityId)}/audit`, { ...filter, cursor, limit }),
      undefined,
      self,
    ),

  // Matching. Sent with x-act-for while acting, so a broker sees and answers for the resident.
  suggestions: (communityId: string, postId: string) =>
    request<SuggestionList>('GET', `${postsPath(communityId)}/${enc(postId)}/suggestions`),
  expressInterest: (communityId: string, postId: string, body: { otherPostId: string; message?: string }) =>
    request<Match>('POST', `${postsPath(communityId)}/${enc(postId)}/interest`, body),
  postMatches: (communityId: string, postId: string) =>
    request<PostMatchList>('GET', `${postsPath(communityId)}/${enc(postId)}/matches`),
  /** `options.asSelf`: a broker changing a resident's settings from the member page. */
  putHelping: (communityId: string, memberId: string, body: Partial<PutHelpingBody>, options: RequestOptions = {}) =>
    request<MemberDetails>('PUT', `${memberPath(communityId, memberId)}/helping`, body, options),
  addBlock: (communityId: string, memberId: string, body: { postId: string; version: number }) =>
    request<MemberDetails>('POST', `${memberPath(communityId, memberId)}/blocks`, body),
  removeBlock: (
    communityId: string,
    memberId: string,
    body: { memberId: string; version: number },
    options: RequestOptions = {},
  ) => request<MemberDetails>('POST', `${memberPath(communityId, memberId)}/blocks/remove`, body, options),
  /** The member's own optional age band: never a broker's business, so never while acting. */
  getAttributes: (communityId: string, memberId: string) =>
    request<MemberAttributes>('GET', `${memberPath(communityId, memberId)}/attributes`, undefined, self),
  putAttributes: (communityId: string, memberId: string, body: PutMemberAttributesBody) =>
    request<MemberAttributes>('PUT', `${memberPath(communityId, memberId)}/attributes`, body, self),
  putMatchingSettings: (communityId: string, body: Partial<MatchingSettings> & { version: number }) =>
    request<Community>('PUT', `${communityPath(communityId)}/matching`, body, self),
  listQueue: (communityId: string, filter: QueueFilter, cursor?: string | null, limit = 20) =>
    request<QueuePage>(
      'GET',
      withQuery(`${communityPath(communityId)}/queue`, { ...filter, cursor, limit }),
      undefined,
      self,
    ),
  takeQueueItem: (communityId: string, itemId: string, version: number) =>
    request<QueueItem>('POST', `${communityPath(communityId)}/queue/${enc(itemId)}/take`, { version }, self),
  snoozeQueueItem: (communityId: string, itemId: string, body: { version: number; until?: string; reason: string }) =>
    request<QueueItem>('POST', `${communityPath(communityId)}/queue/${enc(itemId)}/snooze`, body, self),
  finishQueueItem: (communityId: string, itemId: string, body: { version: number; note: string }) =>
    request<QueueItem>('POST', `${communityPath(communityId)}/queue/${enc(itemId)}/finish`, body, self),

  // The match lifecycle. Sent with x-act-for while acting; `options.actFor` answers for one side.
  getMatch: (communityId: string, matchId: string) => request<MatchView>('GET', matchPath(communityId, matchId)),
  acceptMatch: (
    communityId: string,
    matchId: string,
    body: { version: number; message?: string },
    options: RequestOptions = {},
  ) => request<Match>('POST', `${matchPath(communityId, matchId)}/accept`, body, options),
  declineMatch: (
    communityId: string,
    matchId: string,
    body: { version: number; reason?: string },
    options: RequestOptions = {},
  ) => request<Match>('POST', `${matchPath(communityId, matchId)}/decline`, body, options),
  cancelMatch: (
    communityId: string,
    matchId: string,
    body: { version: number; reason: string },
    options: RequestOptions = {},
  ) => request<Match>('POST', `${matchPath(communityId, matchId)}/cancel`, body, options),
  putAgreement: (
    communityId: string,
    matchId: string,
    body: Partial<PutAgreementBody> & { version: number },
    options: RequestOptions = {},
  ) => request<Match>('PUT', `${matchPath(communityId, matchId)}/agreement`, body, options),
  confirmAgreement: (communityId: string, matchId: string, version: number, options: RequestOptions = {}) =>
    request<Match>('POST', `${matchPath(communityId, matchId)}/agreement/confirm`, { version }, options),
  /** Fields may hold what the person typed (e.g. hours as text): the API names what is wrong. */
  recordOutcome: (
    communityId: string,
    matchId: string,
    body: Partial<Record<keyof RecordOutcomeBody, unknown>> & { version: number },
    options: RequestOptions = {},
  ) => request<Match>('POST', `${matchPath(communityId, matchId)}/outcome`, body, options),
  /** The community's matches in one status (brokers). */
  listMatches: (communityId: string, status: MatchStatus, cursor?: string | null, limit = 20) =>
    request<MatchPage>(
      'GET',
      withQuery(`${communityPath(communityId)}/matches`, { status, cursor, limit }),
      undefined,
      self,
    ),
  /** A member's matches; while acting, the resident's (`memberId` is theirs). */
  memberMatches: (communityId: string, memberId: string, cursor?: string | null, limit = 50) =>
    request<MatchPage>('GET', withQuery(`${memberPath(communityId, memberId)}/matches`, { cursor, limit })),
  listFollowUps: (communityId: string, cursor?: string | null, limit = 20) =>
    request<FollowUpPage>(
      'GET',
      withQuery(`${communityPath(communityId)}/follow-ups`, { cursor, limit }),
      undefined,
      self,
    ),
  /** Behind a signed link: no sign-in, the token in the body (never in an address). */
  followUpQuestion: (token: string) =>
    request<FollowUpQuestion>('POST', '/api/follow-up/question', { token }, { anonymous: true }),
  answerFollowUp: (body: Record<string, unknown> & { token: string }) =>
    request<FollowUpReply>('POST', '/api/follow-up/answer', body, { anonymous: true }),
  putLifecycleSettings: (
    communityId: string,
    body: Partial<Record<keyof LifecycleSettings, unknown>> & { version: number },
  ) => request<Community>('PUT', `${communityPath(communityId)}/lifecycle`, body, self),
  /** `options.actFor`: a broker choosing for a resident from the member page. */
  putNotificationPreference: (
    communityId: string,
    memberId: string,
    body: { contactPreference: MemberDetails['contactPreference']; version: number },
    options: RequestOptions = self,
  ) => request<MemberDetails>('PUT', `${memberPath(communityId, memberId)}/notifications`, body, options),

  openApi: () => request<OpenApiDocument>('GET', '/api/openapi.json'),
}

/** Whether the local development outbox is there (never in AWS): then sign-in codes can be read in it. */
export async function hasDevOutbox(): Promise<boolean> {
  try {
    const response = await fetch('/dev/outbox.json', { headers: { Accept: 'application/json' } })
    return response.ok
  } catch {
    return false
  }
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
