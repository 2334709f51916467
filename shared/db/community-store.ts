import { type DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { DomainError } from '../domain/errors'
import { type Community, communitySchema } from '../schemas/community'
import type { CommunityStore } from '../services/ports'
import { isConditionFailure, isTransactionCancelled, queryAll, withoutKeys } from './client'
import { keyAttributes, keys } from './keys'

/**
 * A community is one item holding its areas, resource types and categories: every post write
 * validates against them, so one GetItem must be enough. A community has tens of areas and
 * categories, far below the 400 KB item limit.
 */
export const createCommunityStore = (db: DynamoDBDocumentClient, table: string): CommunityStore => ({
  async get(communityId) {
    const { Item } = await db.send(new GetCommand({ TableName: table, Key: keys.community(communityId) }))
    return Item ? communitySchema.parse(withoutKeys(Item, keyAttributes)) : undefined
  },

  async listIds() {
    const items = await queryAll(db, {
      TableName: table,
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': keys.communityListing('x').pk },
    })
    return items.map((item) => String(item.sk).slice(2))
  },

  async put(community: Community, expectedVersion) {
    if (expectedVersion === null) {
      // A new community is listed too, in the same transaction, for the scheduled workers.
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: table,
                  Item: { ...keys.community(community.id), entity: 'community', ...community },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: table,
                  Item: { ...keys.communityListing(community.id), entity: 'community-listing' },
                },
              },
            ],
          }),
        )
      } catch (error) {
        if (isTransactionCancelled(error)) {
          throw new DomainError('COMMUNITY_CHANGED', undefined, { cause: error })
        }
        throw error
      }
      return
    }
    try {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: { ...keys.community(community.id), entity: 'community', ...community },
          // Two coordinators editing at once: the second must reload, not overwrite.
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      )
    } catch (error) {
      if (isConditionFailure(error)) throw new DomainError('COMMUNITY_CHANGED', undefined, { cause: error })
      throw error
    }
  },
})
