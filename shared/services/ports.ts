import type { StoredPost } from '../domain/post'
import type { Community } from '../schemas/community'
import type { MemberProfile } from '../schemas/member'
import type { Post } from '../schemas/post'
import type { PostKind } from '../schemas/vocabulary'

/** Where communities are kept. `put` is conditional: `expectedVersion` null means "must not exist yet". */
export interface CommunityStore {
  get(communityId: string): Promise<Community | undefined>
  put(community: Community, expectedVersion: number | null): Promise<void>
}

export interface MemberStore {
  get(communityId: string, memberId: string): Promise<MemberProfile | undefined>
  put(member: MemberProfile): Promise<void>
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
  listOpen(query: OpenPostQuery): Promise<{ items: Post[]; nextCursor: string | null }>
}

export interface Stores {
  communities: CommunityStore
  members: MemberStore
  posts: PostStore
}

/** The outside world a service needs besides storage: passed in so services stay testable. */
export interface Runtime {
  now: () => Date
  newId: () => string
}
