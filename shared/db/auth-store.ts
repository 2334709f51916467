import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import type { AuthStore } from '../services/ports'
import { isConditionFailure } from './client'
import { keys } from './keys'

/** Sign-in addresses, codes, rate-limit counters and sessions. Codes and counters expire by TTL. */
export const createAuthStore = (db: DynamoDBDocumentClient, table: string): AuthStore => {
  const conditional = async (write: () => Promise<unknown>): Promise<boolean> => {
    try {
      await write()
      return true
    } catch (error) {
      if (isConditionFailure(error)) return false
      throw error
    }
  }

  return {
    async findLogin(communityId, addressHash) {
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: keys.login(communityId, addressHash) }))
      return typeof Item?.memberId === 'string' ? Item.memberId : undefined
    },

    async putCode(communityId, addressHash, code) {
      // A new code replaces the previous one: only the latest code works.
      await db.send(
        new PutCommand({ TableName: table, Item: { ...keys.code(communityId, addressHash), entity: 'code', ...code } }),
      )
    },

    async getCode(communityId, addressHash) {
      const { Item } = await db.send(
        new GetCommand({ TableName: table, Key: keys.code(communityId, addressHash), ConsistentRead: true }),
      )
      if (!Item) return undefined
      return { codeHash: String(Item.codeHash), attempts: Number(Item.attempts), expiresAt: Number(Item.expiresAt) }
    },

    async failAttempt(communityId, addressHash, maxAttempts) {
      const counted = await conditional(() =>
        db.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.code(communityId, addressHash),
            UpdateExpression: 'ADD attempts :one',
            ConditionExpression: 'attribute_exists(pk) AND attempts < :last',
            ExpressionAttributeValues: { ':one': 1, ':last': maxAttempts - 1 },
          }),
        ),
      )
      if (!counted) await db.send(new DeleteCommand({ TableName: table, Key: keys.code(communityId, addressHash) }))
      return counted
    },

    consumeCode: (communityId, addressHash, codeHash) =>
      conditional(() =>
        db.send(
          new DeleteCommand({
            TableName: table,
            Key: keys.code(communityId, addressHash),
            ConditionExpression: 'codeHash = :hash',
            ExpressionAttributeValues: { ':hash': codeHash },
          }),
        ),
      ),

    hit: (communityId, key, windowStart, limit, expiresAt) =>
      conditional(() =>
        db.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.rate(communityId, key, windowStart),
            UpdateExpression: 'ADD #count :one SET expiresAt = :expires',
            ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
            ExpressionAttributeNames: { '#count': 'count' },
            ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expires': expiresAt },
          }),
        ),
      ),

    async putSession(session, expiresAt) {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: { ...keys.session(session.communityId, session.sessionId), entity: 'session', ...session, expiresAt },
        }),
      )
    },

    async getSession(communityId, sessionId) {
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: keys.session(communityId, sessionId) }))
      if (!Item) return undefined
      return {
        sessionId: String(Item.sessionId),
        communityId: String(Item.communityId),
        memberId: String(Item.memberId),
        createdAt: String(Item.createdAt),
        endsAt: String(Item.endsAt),
      }
    },

    async deleteSession(communityId, sessionId) {
      await db.send(new DeleteCommand({ TableName: table, Key: keys.session(communityId, sessionId) }))
    },
  }
}
