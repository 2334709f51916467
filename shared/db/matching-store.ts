import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import * as z from 'zod'
import { suggestionReasonSchema } from '../schemas/matching'
import { scoreComponents } from '../schemas/vocabulary'
import type { MatchingStore, StoredSuggestions } from '../services/ports'
import { isConditionFailure, isTransactionCancelled, queryAll, withoutKeys } from './client'
import { keyAttributes, keys, openPostPartitions } from './keys'
import { postFromItem } from './post-store'

const storedSuggestionsSchema = z.object({
  communityId: z.string(),
  postId: z.string(),
  postVersion: z.number(),
  computedAt: z.string(),
  items: z.array(
    z.object({
      postId: z.string(),
      score: z.number(),
      maxScore: z.number(),
      components: z.record(z.enum(scoreComponents), z.number()),
      reasons: z.array(suggestionReasonSchema),
    }),
  ),
})

const chunks = <T>(list: T[], size: number): T[][] => {
  const out: T[][] = []
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size))
  return out
}

/** Reads items by key, 100 per request, retrying what DynamoDB left unprocessed. */
export const batchGet = async (
  db: DynamoDBDocumentClient,
  table: string,
  itemKeys: Record<string, unknown>[],
): Promise<Record<string, unknown>[]> => {
  const found: Record<string, unknown>[] = []
  for (const batch of chunks(itemKeys, 100)) {
    let pending: Record<string, unknown>[] = batch
    while (pending.length > 0) {
      const result = await db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending } } }))
      found.push(...(result.Responses?.[table] ?? []))
      pending = (result.UnprocessedKeys?.[table]?.Keys as Record<string, unknown>[] | undefined) ?? []
    }
  }
  return found
}

/**
 * Suggestions and candidates. Candidates come from the sparse open-posts index
 * (gsi1: community, kind, category): the matcher reads exactly the posts it scores, never a Scan.
 */
export const createMatchingStore = (db: DynamoDBDocumentClient, table: string): MatchingStore => ({
  async getSuggestions(communityId, postId) {
    const { Item } = await db.send(new GetCommand({ TableName: table, Key: keys.suggestions(communityId, postId) }))
    if (!Item) return undefined
    return storedSuggestionsSchema.parse(withoutKeys(Item, keyAttributes)) as StoredSuggestions
  },

  async putSuggestions(suggestions, summary) {
    const { communityId, postId, postVersion } = suggestions
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: table,
                Item: { ...keys.suggestions(communityId, postId), entity: 'suggestions', ...suggestions },
              },
            },
            {
              // The summary rides on the post, so a later candidate read sees it for free. The
              // post must still be the version that was scored; a newer one is recomputed anyway.
              Update: {
                TableName: table,
                Key: keys.post(communityId, postId),
                UpdateExpression: 'SET suggested = :s',
                ConditionExpression: 'version = :v AND #status = :open',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':s': summary, ':v': postVersion, ':open': 'open' },
              },
            },
          ],
        }),
      )
      return true
    } catch (error) {
      if (isTransactionCancelled(error)) return false
      throw error
    }
  },

  async deleteSuggestions(communityId, postId) {
    await db.send(new DeleteCommand({ TableName: table, Key: keys.suggestions(communityId, postId) }))
  },

  async requestRebuild(communityId, categoryIds, at) {
    for (const batch of chunks(categoryIds, 25)) {
      let pending = batch.map((categoryId) => ({
        PutRequest: {
          Item: {
            ...keys.matchingRebuild(communityId, categoryId),
            entity: 'matching-rebuild',
            communityId,
            categoryId,
            requestedAt: at,
            // Only its stream record matters; the item itself goes after a day.
            expiresAt: Math.floor(Date.parse(at) / 1000) + 24 * 60 * 60,
          },
        },
      }))
      while (pending.length > 0) {
        const result = await db.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }))
        pending = (result.UnprocessedItems?.[table] as typeof pending | undefined) ?? []
      }
    }
  },

  async listCandidates(communityId, kind, categoryId) {
    const partition = openPostPartitions.byCategory(communityId, kind, categoryId)
    const items = await queryAll(db, {
      TableName: table,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': partition },
    })
    return items.map(postFromItem)
  },

  async stampAuthorFacts(communityId, postId, version, facts) {
    try {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.post(communityId, postId),
          UpdateExpression: 'SET authorFacts = :f',
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':f': facts, ':v': version },
        }),
      )
      return true
    } catch (error) {
      if (isConditionFailure(error)) return false
      throw error
    }
  },

  async getPosts(communityId, postIds) {
    const items = await batchGet(
      db,
      table,
      [...new Set(postIds)].map((id) => keys.post(communityId, id)),
    )
    const found = items.map(postFromItem)
    const order = new Map(postIds.map((id, i) => [id, i]))
    return found.sort((a, b) => (order.get(a.post.id) ?? 0) - (order.get(b.post.id) ?? 0))
  },
})
