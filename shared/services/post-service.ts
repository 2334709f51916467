import { areaPath } from '../domain/community'
import { DomainError } from '../domain/errors'
import { assertMember, closedPost, dutchDate, isOpenOn, newPost, updatedPost } from '../domain/post'
import type { Community } from '../schemas/community'
import type { MemberProfile } from '../schemas/member'
import type { ClosePostBody, CreatePostBody, ListPostsQuery, Post, PostPage, UpdatePostBody } from '../schemas/post'
import type { Runtime, Stores } from './ports'

export type PostService = ReturnType<typeof createPostService>

export const createPostService = (stores: Stores, runtime: Runtime) => {
  const community = async (caller: MemberProfile, communityId: string): Promise<Community> => {
    assertMember(caller, communityId)
    const found = await stores.communities.get(communityId)
    if (!found) throw new DomainError('COMMUNITY_NOT_FOUND')
    return found
  }

  const existing = async (caller: MemberProfile, communityId: string, postId: string) => {
    assertMember(caller, communityId)
    // The key is scoped by the caller's community: an id from another community is simply not found.
    const stored = await stores.posts.get(communityId, postId)
    if (!stored) throw new DomainError('POST_NOT_FOUND')
    return stored
  }

  return {
    async create(caller: MemberProfile, communityId: string, body: CreatePostBody): Promise<Post> {
      const stored = newPost({
        id: runtime.newId(),
        community: await community(caller, communityId),
        author: caller,
        body,
        now: runtime.now(),
      })
      await stores.posts.create(stored)
      return stored.post
    },

    async get(caller: MemberProfile, communityId: string, postId: string): Promise<Post> {
      return (await existing(caller, communityId, postId)).post
    },

    async listOpen(caller: MemberProfile, communityId: string, query: ListPostsQuery): Promise<PostPage> {
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

    async update(caller: MemberProfile, communityId: string, postId: string, change: UpdatePostBody): Promise<Post> {
      const current = await existing(caller, communityId, postId)
      const next = updatedPost({
        caller,
        community: await community(caller, communityId),
        current: current.post,
        change,
        now: runtime.now(),
      })
      await stores.posts.replace(next, change.version)
      return next.post
    },

    async close(caller: MemberProfile, communityId: string, postId: string, change: ClosePostBody): Promise<Post> {
      const current = await existing(caller, communityId, postId)
      const next = closedPost({ caller, current, change, now: runtime.now() })
      await stores.posts.replace(next, change.version)
      return next.post
    },
  }
}
