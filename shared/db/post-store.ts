import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import * as z from 'zod'
import type { StoredPost } from '../domain/post'
import { type Post, postSchema } from '../schemas/post'
import { ageBands } from '../schemas/vocabulary'
import type { OpenPostQuery, PostStore } from '../services/ports'
import { putIfVersion, withoutKeys } from './client'
import { indexKeyNames, readFilteredPage, readIndexPage } from './cursor'
import { keyAttributes, keys, memberPostsPartition, openPostPartitions, postIndexKeys } from './keys'
import type { IndexName } from './table'

export const postToItem = ({ post, areaPath, expiresAt, authorFacts, suggested }: StoredPost) => ({
  ...keys.post(post.communityId, post.id),
  entity: 'post',
  ...postIndexKeys(post),
  ...post,
  areaPath,
  ...(expiresAt !== undefined ? { expiresAt } : {}),
  ...(authorFacts ? { authorFacts } : {}),
  ...(suggested ? { suggested } : {}),
})

/** Stored by the matching worker next to the post; parsed loosely (the worker rewrites them). */
const matchingAttributes = z.object({
  authorFacts: z
    .object({
      memberId: z.string(),
      languages: z.array(z.string()),
      screenedUntil: z.string().nullable(),
      maxActiveMatches: z.number(),
      paused: z.boolean(),
      activeMatches: z.number(),
      blockedMemberIds: z.array(z.string()),
      offersIn: z.array(z.string()),
      needsIn: z.array(z.string()),
      ageBand: z.enum(ageBands).nullable(),
    })
    .optional(),
  suggested: z
    .object({ floor: z.number(), postIds: z.array(z.string()), digest: z.string(), good: z.boolean() })
    .optional(),
})

export const postFromItem = (item: Record<string, unknown>): StoredPost => {
  const { areaPath, authorFacts, suggested, ...post } = withoutKeys(item, keyAttributes)
  const expiresAt = typeof item.expiresAt === 'number' ? item.expiresAt : undefined
  const matching = matchingAttributes.parse({ authorFacts, suggested })
  return {
    post: postSchema.parse(post),
    areaPath: z.string().parse(areaPath),
    ...(expiresAt ? { expiresAt } : {}),
    ...(matching.authorFacts ? { authorFacts: matching.authorFacts } : {}),
    ...(matching.suggested ? { suggested: matching.suggested } : {}),
  }
}

/** Which index answers a browse query, and its partition. */
const chooseIndex = (q: OpenPostQuery): { index: IndexName; partition: string; filterCategory: boolean } => {
  if (q.kind && q.categoryId) {
    return {
      index: 'gsi1',
      partition: openPostPartitions.byCategory(q.communityId, q.kind, q.categoryId),
      filterCategory: false,
    }
  }
  if (q.kind)
    return { index: 'gsi2', partition: openPostPartitions.byKind(q.communityId, q.kind), filterCategory: false }
  // A category without a kind is rare (the UI always has a kind tab): filter the community's open posts.
  return { index: 'gsi3', partition: openPostPartitions.all(q.communityId), filterCategory: q.categoryId !== undefined }
}

export const createPostStore = (db: DynamoDBDocumentClient, table: string): PostStore => ({
  async create(post) {
    await db.send(
      new PutCommand({ TableName: table, Item: postToItem(post), ConditionExpression: 'attribute_not_exists(pk)' }),
    )
  },

  async get(communityId, postId) {
    const { Item } = await db.send(new GetCommand({ TableName: table, Key: keys.post(communityId, postId) }))
    return Item ? postFromItem(Item) : undefined
  },

  replace: (post, expectedVersion) => putIfVersion(db, table, postToItem(post), expectedVersion, 'POST_CHANGED'),

  async listByMember(communityId, memberId, { limit, cursor }) {
    const partition = memberPostsPartition(communityId, memberId)
    const page = await readIndexPage(db, table, { index: 'gsi4', partition, limit, cursor })
    return {
      items: page.items.map(postFromItem),
      nextCursor: page.nextCursor,
    }
  },

  async listOpen(q) {
    const { index, partition, filterCategory } = chooseIndex(q)
    const filters = ['(attribute_not_exists(endDate) OR endDate = :null OR endDate >= :today)']
    const values: Record<string, unknown> = { ':today': q.today, ':null': null }
    if (q.areaPath) {
      filters.push('begins_with(areaPath, :area)')
      values[':area'] = q.areaPath
    }
    if (filterCategory) {
      filters.push('categoryId = :category')
      values[':category'] = q.categoryId
    }
    const page = await readFilteredPage(db, table, {
      scope: { index, keyNames: indexKeyNames(index), partitionName: `${index}pk`, partition },
      cursor: q.cursor,
      keyCondition: `${index}pk = :p`,
      filters,
      // The end-date filter rarely leaves a post out; area and category filters often do.
      selective: q.areaPath !== undefined || filterCategory,
      values,
      forward: false,
      limit: q.limit,
    })
    const items: Post[] = page.items.map((item) => postFromItem(item).post)
    return { items, nextCursor: page.nextCursor }
  },
})
