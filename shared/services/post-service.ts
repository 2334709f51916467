import { isScreenedOn } from '../domain/auth'
import { actorOf, type Caller } from '../domain/caller'
import { areaPath, findCategory } from '../domain/community'
import { DomainError } from '../domain/errors'
import { assertMember, closedPost, dutchDate, isOpenOn, newPost, updatedPost } from '../domain/post'
import type { ClosePostBody, CreatePostBody, ListPostsQuery, Post, PostPage, UpdatePostBody } from '../schemas/post'
import type { AuditLog } from './audit-service'
import { loadCommunity } from './community-service'
import type { Runtime, Stores } from './ports'

export type PostService = ReturnType<typeof createPostService>

export const createPostService = (stores: Stores, runtime: Runtime, audit: AuditLog) => {
  const community = (caller: Caller, communityId: string) => loadCommunity(stores, caller, communityId)

  const existing = async (caller: Caller, communityId: string, postId: string) => {
    assertMember(caller, communityId)
    // The key is scoped by the caller's community: an id from another community is simply not found.
    const stored = await stores.posts.get(communityId, postId)
    // DynamoDB deletes expired items lazily (and DynamoDB Local never): past retention is gone.
    if (!stored || (stored.expiresAt !== undefined && stored.expiresAt <= runtime.now().getTime() / 1000)) {
      throw new DomainError('POST_NOT_FOUND')
    }
    return stored
  }

  /** A broker acting for the author, or changing someone else's post, leaves a trace. */
  const auditChange = async (
    caller: Caller,
    post: Post,
    action: 'post.changed-for' | 'post.closed-for' | 'post.changed' | 'post.closed',
  ) => {
    const actor = actorOf(caller)
    if (caller.actedBy || actor.id !== post.author.memberId) {
      await audit.record(caller, action, { memberId: post.author.memberId, postId: post.id })
    }
  }

  return {
    async create(caller: Caller, communityId: string, body: CreatePostBody): Promise<Post> {
      const found = await community(caller, communityId)
      const category = findCategory(found, body.categoryId)
      // Sensitive help (personal care, children) is offered only by a helper a broker screened.
      if (
        body.kind === 'offer' &&
        category?.riskLevel === 'sensitive' &&
        !isScreenedOn(caller, dutchDate(runtime.now()))
      ) {
        throw new DomainError('SCREENING_REQUIRED')
      }
      const viaBroker = caller.actedBy !== undefined
      const stored = newPost({
        id: runtime.newId(),
        community: found,
        author: caller,
        body,
        now: runtime.now(),
        viaBroker,
      })
      await stores.posts.create(stored)
      if (viaBroker) await audit.record(caller, 'post.created-for', { memberId: caller.id, postId: stored.post.id })
      return stored.post
    },

    async get(caller: Caller, communityId: string, postId: string): Promise<Post> {
      return (await existing(caller, communityId, postId)).post
    },

    async listOpen(caller: Caller, communityId: string, query: ListPostsQuery): Promise<PostPage> {
      const found = await community(caller, communityId)
      let path: string | undefined
      if (query.area !== undefined) {
        path = areaPath(found, query.area)
        if (!path) throw new DomainError('VALIDATION_FAILED', [{ path: 'area', code: 'unknown_area', message: '' }])
      }
      const today = dutchDate(runtime.now())
      const page = await stores.posts.listOpen({
        communityId,
        kind: query.kind,
        categoryId: query.category,
        areaPath: path,
        today,
        limit: query.limit,
        cursor: query.cursor,
      })
      return { items: page.items.filter((p) => isOpenOn(p, today)), nextCursor: page.nextCursor }
    },

    async update(caller: Caller, communityId: string, postId: string, change: UpdatePostBody): Promise<Post> {
      const current = await existing(caller, communityId, postId)
      const next = updatedPost({
        caller,
        community: await community(caller, communityId),
        current: current.post,
        change,
        now: runtime.now(),
      })
      const post = { ...next.post, viaBroker: next.post.viaBroker || caller.actedBy !== undefined }
      // The author's facts stay (the matching worker keeps them); the suggestions are recomputed.
      const authorFacts = current.authorFacts ? { authorFacts: current.authorFacts } : {}
      await stores.posts.replace({ ...next, ...authorFacts, post }, change.version)
      await auditChange(caller, post, caller.actedBy ? 'post.changed-for' : 'post.changed')
      return post
    },

    async close(caller: Caller, communityId: string, postId: string, change: ClosePostBody): Promise<Post> {
      const current = await existing(caller, communityId, postId)
      const found = await community(caller, communityId)
      const now = runtime.now()
      const next = closedPost({ caller, current, change, now })
      // A closed post is kept for the community's retention period, then DynamoDB's TTL removes it.
      const expiresAt = Math.floor(now.getTime() / 1000) + found.retention.closedPostDays * 24 * 60 * 60
      await stores.posts.replace({ ...next, expiresAt }, change.version)
      await auditChange(caller, next.post, caller.actedBy ? 'post.closed-for' : 'post.closed')
      return next.post
    },
  }
}
