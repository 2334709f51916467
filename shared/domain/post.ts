import type { Community } from '../schemas/community'
import type { MemberProfile } from '../schemas/member'
import type { ClosePostBody, CreatePostBody, Post, UpdatePostBody } from '../schemas/post'
import { checkPostReferences } from './community'
import { DomainError } from './errors'
import type { MatchAuthorFacts } from './matching'

/** A post as stored: the public post plus the area path used for area filters. */
export interface StoredPost {
  post: Post
  areaPath: string
  /** Epoch seconds after which a closed post is deleted (DynamoDB TTL) and no longer shown. */
  expiresAt?: number
  /** What matching needs to know about the author; stamped by the matching worker. */
  authorFacts?: MatchAuthorFacts
  /** The post's current suggestions, as the matching worker last computed them. */
  suggested?: SuggestedSummary
}

/** Enough of a post's suggestions to decide, while reading it as a candidate, whether a change affects them. */
export interface SuggestedSummary {
  /** The lowest score in the list when it is full, else 0: a better pair must get in. */
  floor: number
  postIds: string[]
  /** A digest of the whole list: an unchanged list is not written again. */
  digest: string
  /** Whether the best suggestion reaches the community's threshold (requests without one go to a broker). */
  good: boolean
}

/** Only the members of a community can see or change anything in it. */
export const assertMember = (caller: MemberProfile, communityId: string): void => {
  if (caller.communityId !== communityId) throw new DomainError('COMMUNITY_FORBIDDEN')
}

/** The author manages their own post; brokers and coordinators manage every post of their community. */
export const canManagePost = (caller: MemberProfile, post: Post): boolean =>
  caller.communityId === post.communityId &&
  (caller.id === post.author.memberId || caller.role === 'broker' || caller.role === 'coordinator')

/** A date as `YYYY-MM-DD` in the Netherlands' time zone, the calendar people plan by. */
export const dutchDate = (instant: Date): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(instant)

const assertEndDateNotPast = (endDate: string | null | undefined, today: string): void => {
  if (endDate && endDate < today) {
    throw new DomainError('VALIDATION_FAILED', [{ path: 'endDate', code: 'date_in_past', message: '' }])
  }
}

export const newPost = (args: {
  id: string
  community: Community
  author: MemberProfile
  body: CreatePostBody
  now: Date
  /** A broker posts it for the author, who is not online. */
  viaBroker?: boolean
}): StoredPost => {
  const { id, community, author, body, now } = args
  const refs = checkPostReferences(community, body)
  if (refs.details.length > 0) throw new DomainError('VALIDATION_FAILED', refs.details)
  assertEndDateNotPast(body.endDate, dutchDate(now))
  const at = now.toISOString()
  return {
    areaPath: refs.areaPath,
    post: {
      id,
      communityId: community.id,
      kind: body.kind,
      title: body.title,
      description: body.description,
      categoryId: body.categoryId,
      resourceType: refs.resourceType,
      areaId: body.areaId,
      availability: body.availability,
      quantity: body.quantity,
      activeMatches: 0,
      tags: body.tags,
      endDate: body.endDate ?? null,
      status: 'open',
      closeReason: null,
      closeNote: null,
      referral: null,
      viaBroker: args.viaBroker ?? false,
      version: 1,
      createdAt: at,
      updatedAt: at,
      author: { memberId: author.id, displayName: author.displayName, kind: author.kind, areaId: author.areaId },
    },
  }
}

const assertChangeable = (caller: MemberProfile, post: Post, expectedVersion: number): void => {
  if (!canManagePost(caller, post)) throw new DomainError('NOT_POST_OWNER')
  if (post.status === 'closed') throw new DomainError('POST_CLOSED')
  // Checked here for a fast, clear answer; the store's conditional write is what makes it safe.
  if (post.version !== expectedVersion) throw new DomainError('POST_CHANGED')
}

export const updatedPost = (args: {
  caller: MemberProfile
  community: Community
  current: Post
  change: UpdatePostBody
  now: Date
}): StoredPost => {
  const { caller, community, current, change, now } = args
  assertChangeable(caller, current, change.version)
  const categoryId = change.categoryId ?? current.categoryId
  // A new category brings its own resource type unless one is given.
  const resourceType = change.resourceType ?? (change.categoryId !== undefined ? undefined : current.resourceType)
  const refs = checkPostReferences(community, { categoryId, resourceType, areaId: change.areaId ?? current.areaId })
  if (refs.details.length > 0) throw new DomainError('VALIDATION_FAILED', refs.details)
  if (change.endDate !== undefined) assertEndDateNotPast(change.endDate, dutchDate(now))
  return {
    areaPath: refs.areaPath,
    post: {
      ...current,
      title: change.title ?? current.title,
      description: change.description ?? current.description,
      categoryId,
      resourceType: refs.resourceType,
      areaId: change.areaId ?? current.areaId,
      availability: change.availability ?? current.availability,
      quantity: change.quantity ?? current.quantity,
      tags: change.tags ?? current.tags,
      endDate: change.endDate === undefined ? current.endDate : change.endDate,
      version: current.version + 1,
      updatedAt: now.toISOString(),
    },
  }
}

export const closedPost = (args: {
  caller: MemberProfile
  current: StoredPost
  change: ClosePostBody
  now: Date
}): StoredPost => {
  const { caller, current, change, now } = args
  assertChangeable(caller, current.post, change.version)
  return {
    areaPath: current.areaPath,
    post: {
      ...current.post,
      status: 'closed',
      closeReason: change.reason,
      closeNote: change.note ?? null,
      referral: change.referral ?? null,
      version: current.post.version + 1,
      updatedAt: now.toISOString(),
    },
  }
}

/** Open and not past its end date: what browsing shows. */
export const isOpenOn = (post: Post, today: string): boolean =>
  post.status === 'open' && (post.endDate === null || post.endDate >= today)
