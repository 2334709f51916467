import type { Explanation, MatchAuthorFacts } from '../domain/matching'
import type { StoredPost, SuggestedSummary } from '../domain/post'
import type { AuditEntry, AuditQuery } from '../schemas/audit'
import type { Community } from '../schemas/community'
import type { BeursEvent, EventItem, EventMatchSummary, Participant } from '../schemas/event'
import type { FollowUp, Match, MatchStatus, NotificationJob } from '../schemas/match'
import type { MemberAttributes, QueueItem } from '../schemas/matching'
import type { MemberContact, MemberDetails, Role } from '../schemas/member'
import type { Post } from '../schemas/post'
import type { PostKind, QueueItemKind } from '../schemas/vocabulary'

/** Where communities are kept. `put` is conditional: `expectedVersion` null means "must not exist yet". */
export interface CommunityStore {
  get(communityId: string): Promise<Community | undefined>
  put(community: Community, expectedVersion: number | null): Promise<void>
  /** Every community's id: for scheduled work that runs per community. */
  listIds(): Promise<string[]>
}

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export interface MemberStore {
  get(communityId: string, memberId: string): Promise<MemberDetails | undefined>
  /** Creates the member, its contact item and its sign-in addresses in one transaction (ADDRESS_IN_USE). */
  create(member: MemberDetails, contact: MemberContact, loginHashes: string[]): Promise<void>
  /** Replaces the member if its version is still `expectedVersion` (MEMBER_CHANGED). */
  replace(member: MemberDetails, expectedVersion: number): Promise<void>
  getContact(communityId: string, memberId: string): Promise<MemberContact | undefined>
  /** Member, contact and sign-in addresses change together (MEMBER_CHANGED, ADDRESS_IN_USE). */
  replaceContact(args: {
    member: MemberDetails
    expectedVersion: number
    contact: MemberContact
    addLogins: string[]
    removeLogins: string[]
  }): Promise<void>
  list(
    communityId: string,
    options: { role?: Role | undefined; limit: number; cursor?: string | undefined },
  ): Promise<Page<MemberDetails>>
  /** Members whose last activity is before `before`, oldest first. */
  listInactive(communityId: string, before: string, limit: number): Promise<MemberDetails[]>
  /** Removes contact, sign-in addresses, attributes and outbox copies, and stores the anonymous member. */
  erase(args: { member: MemberDetails; loginHashes: string[] }): Promise<void>
  getAttributes(communityId: string, memberId: string): Promise<MemberAttributes | undefined>
  /** `null` deletes them. */
  putAttributes(communityId: string, memberId: string, attributes: MemberAttributes | null): Promise<void>
  /** Records (or removes) that `blockerId` blocked `memberId`, in the blocked member's partition. */
  linkBlock(communityId: string, memberId: string, blockerId: string, linked: boolean): Promise<void>
  /** Who blocked this member (to take their name out of those lists when they are erased). */
  listBlockedBy(communityId: string, memberId: string): Promise<string[]>
}

export interface OpenPostQuery {
  communityId: string
  kind?: PostKind | undefined
  categoryId?: string | undefined
  /** Prefix of the area path: a wijk includes its buurten. */
  areaPath?: string | undefined
  /** `YYYY-MM-DD`: posts whose end date is before it are left out. */
  today: string
  limit: number
  cursor?: string | undefined
}

export interface PostStore {
  create(post: StoredPost): Promise<void>
  get(communityId: string, postId: string): Promise<StoredPost | undefined>
  /** Replaces the post only if its stored version is still `expectedVersion` (else POST_CHANGED). */
  replace(post: StoredPost, expectedVersion: number): Promise<void>
  listOpen(query: OpenPostQuery): Promise<Page<Post>>
  listByMember(
    communityId: string,
    memberId: string,
    options: { limit: number; cursor?: string | undefined },
  ): Promise<Page<StoredPost>>
}

/** A post's suggestions as the matching worker stored them. */
export interface StoredSuggestions {
  communityId: string
  postId: string
  /** The post version they were computed for. */
  postVersion: number
  computedAt: string
  items: (Explanation & { postId: string })[]
}

export interface MatchingStore {
  getSuggestions(communityId: string, postId: string): Promise<StoredSuggestions | undefined>
  /**
   * Stores the suggestions and the post's summary of them in one transaction, only if the post
   * is still at `postVersion` (else false: a newer change will recompute them).
   */
  putSuggestions(suggestions: StoredSuggestions, summary: SuggestedSummary): Promise<boolean>
  deleteSuggestions(communityId: string, postId: string): Promise<void>
  /**
   * Writes one rebuild request per category: each is a stream record of its own, so each
   * category is recomputed in its own worker invocation (a large community fits the timeout).
   */
  requestRebuild(communityId: string, categoryIds: string[], at: string): Promise<void>
  /** Open posts of one kind in one category (the gsi1 index), every page: the candidates. */
  listCandidates(communityId: string, kind: PostKind, categoryId: string): Promise<StoredPost[]>
  /** Sets the author facts on a post if it is still at `version` (false otherwise). */
  stampAuthorFacts(communityId: string, postId: string, version: number, facts: MatchAuthorFacts): Promise<boolean>
  getPosts(communityId: string, postIds: string[]): Promise<StoredPost[]>
}

export interface StoredQueueItem {
  item: QueueItem
  /** The area path of the post, for the wijk filter. */
  areaPath: string
}

export interface QueueListQuery {
  communityId: string
  /** `null`: the whole community's queue; a member id: what that broker took. */
  brokerId: string | null
  /** Only items due before this moment. */
  dueBefore: string
  kind?: QueueItemKind | undefined
  areaPath?: string | undefined
  categoryId?: string | undefined
  limit: number
  cursor?: string | undefined
}

export interface QueueStore {
  get(communityId: string, itemId: string): Promise<StoredQueueItem | undefined>
  /** Creates the item unless one with its id exists (in any status): raising twice changes nothing. */
  raise(item: StoredQueueItem): Promise<boolean>
  /** Replaces the item if its version is still `expectedVersion` (else QUEUE_ITEM_CHANGED). */
  replace(item: StoredQueueItem, expectedVersion: number): Promise<void>
  list(query: QueueListQuery): Promise<Page<QueueItem>>
}

/** What ending a match does besides the match itself, in the same transaction (see `endEffects`). */
export interface MatchEnd {
  /** The match as it ends (final status, one more history entry). */
  match: Match
  expectedVersion: number
  /** The helper whose active-match count goes down by one; null when the match held no unit. */
  helperId: string | null
  /** A post gets its unit back (−1), or (a one-off post, done) is replaced by its closed self. */
  posts: ({ release: string } | { close: StoredPost; expectedVersion: number })[]
}

/** Matches, their links from posts and members, and the acceptance transaction (shared/db/match-store.ts). */
export interface MatchStore {
  get(communityId: string, matchId: string): Promise<Match | undefined>
  /** Matches by id, in the order of `ids`; missing ones are left out. */
  getMany(communityId: string, ids: string[]): Promise<Match[]>
  /** Creates the match with a link from each post and each member, in one transaction; false when it exists. */
  create(match: Match): Promise<boolean>
  /** Replaces the match if its version is still `expectedVersion` (else MATCH_CHANGED). */
  replace(match: Match, expectedVersion: number): Promise<void>
  /**
   * The acceptance: one transaction that writes the accepted match (still `proposed` at
   * `expectedVersion`) and takes one unit of the offer, one of the request (both open and not
   * full) and one of the helper's capacity (not paused). Refusals: MATCH_CHANGED, POST_CLOSED,
   * OFFER_FULL, REQUEST_FULL, HELPER_AT_CAPACITY. Transaction conflicts are retried.
   */
  accept(match: Match, expectedVersion: number): Promise<void>
  /** Ends a match and gives back (or uses up) its units in one transaction (MATCH_CHANGED, POST_CHANGED, MEMBER_CHANGED). */
  end(end: MatchEnd): Promise<void>
  /** Every match of a post, newest first. */
  listOfPost(communityId: string, postId: string): Promise<Match[]>
  /** A member's matches (either side), newest first. */
  listOfMember(
    communityId: string,
    memberId: string,
    options: { limit: number; cursor?: string | undefined },
  ): Promise<Page<Match>>
  /** Matches in one status, least recently changed first; `updatedBefore` (ISO): only those last changed before it. */
  listByStatus(
    communityId: string,
    status: MatchStatus,
    options: { limit: number; cursor?: string | undefined; updatedBefore?: string | undefined },
  ): Promise<Page<Match>>
}

/** Follow-up questions (shared/db/follow-up-store.ts). */
export interface FollowUpStore {
  /** Creates it unless it exists (a replayed stream record creates nothing): false when it existed. */
  create(followUp: FollowUp): Promise<boolean>
  get(communityId: string, followUpId: string): Promise<FollowUp | undefined>
  /** Replaces it if its version is still `expectedVersion`; false when someone else changed it first. */
  replace(followUp: FollowUp, expectedVersion: number): Promise<boolean>
  /** What the worker has to act on at `now` (ISO): scheduled, sent or reminded, due first. */
  listDue(communityId: string, now: string, limit: number, cursor?: string): Promise<Page<FollowUp>>
  /** The brokers' list: due now, or sent and waiting for an answer; soonest due first. */
  listOpen(communityId: string, now: string, limit: number, cursor?: string): Promise<Page<FollowUp>>
  /** Every follow-up of a match, in any status (its re-asked questions included). */
  listForMatch(communityId: string, matchId: string): Promise<FollowUp[]>
}

/** Which notification job, for which member (its marks live in the member's partition). */
export interface DeliveryKey {
  communityId: string
  memberId: string
  jobId: string
}

/**
 * Marks of notification jobs, so that a job delivered twice (an SQS redelivery, a replayed
 * stream record) is sent once (shared/db/delivery-store.ts). A worker claims a job for a short
 * lease before sending and marks it sent afterwards; marks are kept 7 days (TTL).
 */
export interface DeliveryStore {
  /**
   * Claims the job until `leaseUntil`: `claimed`, or `sent` (it went out already), or `busy`
   * (another worker holds a live claim: try again later). An expired claim may be taken over.
   */
  claim(key: DeliveryKey, claimId: string, now: Date, leaseUntil: Date): Promise<'claimed' | 'sent' | 'busy'>
  /** Marks the claimed job sent (after a successful send). */
  markSent(key: DeliveryKey, claimId: string, now: Date): Promise<void>
  /** Gives up this claim after a failed send, so that a retry can send at once. */
  release(key: DeliveryKey, claimId: string): Promise<void>
}

/** A request with an Idempotency-Key: which request it was, and its answer once it has one. */
export interface IdempotencyRecord {
  /** Method, path and a hash of the body: the same key with another request is refused. */
  fingerprint: string
  state: 'in-progress' | 'completed'
  /** When the request that holds the key started (ISO); an old `in-progress` was abandoned. */
  startedAt: string
  /** The answer, once `completed`. */
  response?: { status: number; body: unknown }
}

/** Where to keep one key: per community, per caller (shared/db/idempotency-store.ts). */
export interface IdempotencyScope {
  communityId: string
  callerId: string
  key: string
}

/** Stored responses of requests with an Idempotency-Key (shared/db/idempotency-store.ts). */
export interface IdempotencyStore {
  /**
   * Claims the key for one run with a conditional write: true when the key was free, expired,
   * or held by an `in-progress` record of the same request that started before `abandonedBefore`.
   * `lease` identifies this run; `expiresAt` is epoch seconds (DynamoDB TTL).
   */
  claim(
    scope: IdempotencyScope,
    claim: { fingerprint: string; lease: string; startedAt: string; expiresAt: number },
    abandonedBefore: string,
  ): Promise<boolean>
  /** The record of a key, unless missing or expired at `nowSeconds` (epoch seconds). */
  get(scope: IdempotencyScope, nowSeconds: number): Promise<IdempotencyRecord | undefined>
  /** Stores the answer; false when this run no longer holds the key (it was taken over). */
  complete(scope: IdempotencyScope, lease: string, response: { status: number; body: unknown }): Promise<boolean>
  /** Frees the key so a retry runs again (after a server error); only while this run holds it. */
  release(scope: IdempotencyScope, lease: string): Promise<void>
}

export interface StoredCode {
  codeHash: string
  attempts: number
  expiresAt: number
}

export interface StoredSession {
  sessionId: string
  communityId: string
  memberId: string
  createdAt: string
  endsAt: string
}

export interface AuthStore {
  findLogin(communityId: string, addressHash: string): Promise<string | undefined>
  putCode(communityId: string, addressHash: string, code: StoredCode): Promise<void>
  getCode(communityId: string, addressHash: string): Promise<StoredCode | undefined>
  /** Counts a wrong try; false when the code is gone or used up (it is then deleted). */
  failAttempt(communityId: string, addressHash: string, maxAttempts: number): Promise<boolean>
  /** Deletes the code if it is still this one: only one of two concurrent verifications wins. */
  consumeCode(communityId: string, addressHash: string, codeHash: string): Promise<boolean>
  /** Counts a request in a window; false once the limit is reached. */
  hit(communityId: string, key: string, windowStart: number, limit: number, expiresAt: number): Promise<boolean>
  putSession(session: StoredSession, expiresAt: number): Promise<void>
  getSession(communityId: string, sessionId: string): Promise<StoredSession | undefined>
  deleteSession(communityId: string, sessionId: string): Promise<void>
}

export interface AuditStore {
  append(communityId: string, entry: AuditEntry): Promise<void>
  list(communityId: string, month: string, query: AuditQuery): Promise<Page<AuditEntry>>
  /** Every entry about one member (for their data export), newest first. */
  listForMember(communityId: string, memberId: string): Promise<AuditEntry[]>
}

/** A message to a person: locally a file in the outbox folder, in AWS an e-mail (SES) or an SMS (SNS). */
export interface OutgoingMessage {
  communityId: string
  memberId: string | null
  channel: 'email' | 'sms'
  to: string
  subject: string
  text: string
}

/** Sends a message now: the file outbox locally, SES (e-mail) and SNS (SMS) in the notify worker in AWS. */
export interface Outbox {
  send(message: OutgoingMessage, now: Date): Promise<void>
}

/**
 * The notification queue (SQS in AWS, a folder read by a runner locally): whoever has something
 * to tell a member puts a job here and goes on; the notify worker delivers it. A job whose
 * `notBefore` lies ahead is held until then.
 */
export interface NotificationQueue {
  enqueue(jobs: NotificationJob[]): Promise<void>
}

/** One floor match to record: everything is written in one transaction, or nothing. */
export interface EventMatchRecord {
  /** The match (status `accepted`, origin `event`, `event` set). Refused with EVENT_MATCH_EXISTS if the pair exists. */
  match: Match
  /** Items typed on the floor: created with `matched` already 1. */
  newItems: EventItem[]
  /** Existing items get one more `matched`, only while below their quantity (NEED_MATCHED, OFFER_FULL). */
  takeItemIds: string[]
}

/**
 * Beursvloer events, their participants, items, floor matches and tally. The event's
 * partition holds everything but the matches themselves (those are normal match items).
 */
export interface EventStore {
  /** Refused (EVENT_CHANGED) if it exists. */
  create(event: BeursEvent): Promise<void>
  get(communityId: string, eventId: string): Promise<BeursEvent | undefined>
  /** Replaces the event if its version is still `expectedVersion` (EVENT_CHANGED). */
  replace(event: BeursEvent, expectedVersion: number): Promise<void>
  /** The community's events, newest date first. */
  list(communityId: string): Promise<BeursEvent[]>
  getParticipant(communityId: string, eventId: string, participantId: string): Promise<Participant | undefined>
  /**
   * Registers a participant with its items in one transaction, with its check-in code's
   * lookup item. `created` false: the participant was there already, and only the items were
   * added (items whose id exists are left as they are, so a retried import writes nothing twice).
   */
  registerParticipant(communityId: string, participant: Participant, items: EventItem[]): Promise<{ created: boolean }>
  /** The participant of a check-in code. */
  findByCheckInCode(communityId: string, eventId: string, code: string): Promise<string | undefined>
  /** Sets `checkedInAt` unless it is set already; false when it was. */
  checkIn(communityId: string, eventId: string, participantId: string, at: string): Promise<boolean>
  /** Every participant and every item of the event (one query of its partition, paged through). */
  readBoard(communityId: string, eventId: string): Promise<{ participants: Participant[]; items: EventItem[] }>
  getItems(communityId: string, eventId: string, itemIds: string[]): Promise<EventItem[]>
  /** The floor match, its items' counters, its listing and the tally, in one transaction. */
  recordMatch(record: EventMatchRecord): Promise<void>
  /**
   * Cancels a floor match recorded in error: the match (still at `expectedVersion`, else
   * MATCH_CHANGED), its listing, the items' counters and the tally change together.
   */
  cancelMatch(match: Match, expectedVersion: number): Promise<void>
  /** The event's floor matches, newest first (`limit` for the big screen's latest). */
  listMatches(communityId: string, eventId: string, limit?: number): Promise<EventMatchSummary[]>
  /** The sum of the tally shards: totals, and per corner. */
  readTally(communityId: string, eventId: string): Promise<TallyCounts>
}

/** The live tally as counted in the recording transactions. */
export interface TallyCounts {
  matches: number
  cents: number
  twoWay: number
  byCorner: Record<string, { matches: number; cents: number; twoWay: number }>
}

export interface Stores {
  communities: CommunityStore
  members: MemberStore
  posts: PostStore
  auth: AuthStore
  audit: AuditStore
  matching: MatchingStore
  queue: QueueStore
  matches: MatchStore
  followUps: FollowUpStore
  deliveries: DeliveryStore
  idempotency: IdempotencyStore
  events: EventStore
}

/** The outside world a service needs besides storage: passed in so services stay testable. */
export interface Runtime {
  now: () => Date
  newId: () => string
  /** A uniformly random six-digit sign-in code. */
  newCode: () => string
}
