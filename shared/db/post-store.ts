import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import * as z from 'zod'
import { DomainError } from '../domain/errors'
import type { StoredPost } from '../domain/post'
import { type Post, postSchema } from '../schemas/post'
import type { OpenPostQuery, PostStore } from '../services/ports'
import { isConditionFailure, withoutKeys } from './client'
import { keyAttributes, keys, openPostPartitions, postIndexKeys } from './keys'
import type { IndexName } from './table'

const toItem = ({ post, areaPath }: StoredPost) => ({
  ...keys.post(post.communityId, post.id),
  entity: 'post',
  ...postIndexKeys(post),
  ...post,
  areaPath,
})

const fromItem = (item: Record<string, unknown>): StoredPost => {
  const { areaPath, ...post } = withoutKeys(item, keyAttributes)
  return { post: postSchema.parse(post), areaPath: z.string().parse(areaPath) }
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

/**
 * A cursor is the key of the last post on the page, for the index that served it. It is
 * checked on the way back in: a cursor for another index, community or partition is refused,
 * so a crafted cursor cannot read outside the caller's query.
 */
const cursorSchema = z.strictObject({
  i: z.enum(['gsi1', 'gsi2', 'gsi3']),
  k: z.record(z.string(), z.string().max(512)),
})

const encodeCursor = (index: IndexName, item: Record<string, unknown>): string => {
  const k: Record<string, string> = {}
  for (const name of ['pk', 'sk', `${index}pk`, `${index}sk`]) k[name] = String(item[name])
  return Buffer.from(JSON.stringify({ i: index, k })).toString('base64url')
}

const decodeCursor = (cursor: string, index: IndexName, partition: string): Record<string, string> => {
  try {
    const parsed = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')))
    const names = ['pk', 'sk', `${index}pk`, `${index}sk`]
    const keyNames = Object.keys(parsed.k)
    const fits =
      parsed.i === index &&
      keyNames.length === names.length &&
      names.every((n) => n in parsed.k) &&
      parsed.k[`${index}pk`] === partition &&
      parsed.k.pk?.startsWith(`C#${partition.split('#')[1]}#P#`) === true
    if (fits) return parsed.k
  } catch {
    // fall through: any malformed cursor is the same error for the caller
  }
  throw new DomainError('INVALID_CURSOR')
}

/** At most this many index reads per page, so a very selective filter cannot make a request slow. */
const maxRoundsPerPage = 5

export const createPostStore = (db: DynamoDBDocumentClient, table: string): PostStore => ({
  async create(post) {
    await db.send(
      new PutCommand({ TableName: table, Item: toItem(post), ConditionExpression: 'attribute_not_exists(pk)' }),
    )
  },

  async get(communityId, postId) {
    const { Item } = await db.send(new GetCommand({ TableName: table, Key: keys.post(communityId, postId) }))
    return Item ? fromItem(Item) : undefined
  },

  async replace(post, expectedVersion) {
    try {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: toItem(post),
          // Optimistic concurrency: a concurrent edit must not be overwritten silently.
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      )
    } catch (error) {
      if (isConditionFailure(error)) throw new DomainError('POST_CHANGED', undefined, { cause: error })
      throw error
    }
  },

  async listOpen(q) {
    const { index, partition, filterCategory } = chooseIndex(q)
    let startKey: Record<string, string> | undefined = q.cursor ? decodeCursor(q.cursor, index, partition) : undefined

    const filters = ['(attribute_not_exists(endDate) OR endDate = :null OR endDate >= :today)']
    const values: Record<string, unknown> = { ':p': partition, ':today': q.today, ':null': null }
    if (q.areaPath) {
      filters.push('begins_with(areaPath, :area)')
      values[':area'] = q.areaPath
    }
    if (filterCategory) {
      filters.push('categoryId = :category')
      values[':category'] = q.categoryId
    }
    const filtered = q.areaPath !== undefined || filterCategory

    const kept: Record<string, unknown>[] = []
    let more = true
    for (let round = 0; round < maxRoundsPerPage && kept.length < q.limit && more; round++) {
      const wanted = q.limit - kept.length
      const result = await db.send(
        new QueryCommand({
          TableName: table,
          IndexName: index,
          KeyConditionExpression: `${index}pk = :p`,
          FilterExpression: filters.join(' AND '),
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          // With a filter, read ahead (filtered items are read anyway); the cursor is built
          // from the last item kept, so reading ahead never skips a post.
          Limit: filtered ? Math.min(100, wanted * 4) : wanted + 1,
          ExclusiveStartKey: startKey,
        }),
      )
      kept.push(...(result.Items ?? []))
      startKey = result.LastEvaluatedKey as Record<string, string> | undefined
      more = startKey !== undefined
    }

    const page = kept.slice(0, q.limit)
    const last = page.at(-1)
    let nextCursor: string | null = null
    if (kept.length > q.limit || more) {
      const resumeAfter = last ?? startKey
      nextCursor = resumeAfter ? encodeCursor(index, resumeAfter) : null
    }
    const items: Post[] = page.map((item) => fromItem(item).post)
    return { items, nextCursor }
  },
})
