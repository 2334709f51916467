import type { StoredPost } from '../domain/post'
import type { AuditEntry, AuditQuery } from '../schemas/audit'
import type { Community } from '../schemas/community'
import type { MemberContact, MemberDetails, Role } from '../schemas/member'
import type { Post } from '../schemas/post'
import type { PostKind } from '../schemas/vocabulary'

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
  /** Removes contact, sign-in addresses and outbox copies, and stores the anonymous member. */
  erase(args: { member: MemberDetails; loginHashes: string[] }): Promise<void>
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

/** A message to a person. Locally a file in the outbox folder; in AWS (until delivery exists) an item. */
export interface OutgoingMessage {
  communityId: string
  memberId: string | null
  channel: 'email' | 'sms'
  to: string
  subject: string
  text: string
}

export interface Outbox {
  send(message: OutgoingMessage, now: Date): Promise<void>
}

export interface Stores {
  communities: CommunityStore
  members: MemberStore
  posts: PostStore
  auth: AuthStore
  audit: AuditStore
}

/** The outside world a service needs besides storage: passed in so services stay testable. */
export interface Runtime {
  now: () => Date
  newId: () => string
  /** A uniformly random six-digit sign-in code. */
  newCode: () => string
}
