import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import type { IdempotencyRecord, IdempotencyStore } from '../services/ports'
import { isConditionFailure } from './client'
import { keys } from './keys'

/**
 * Requests with an Idempotency-Key (functions/http/idempotency.ts): one item per community,
 * caller and key, `in-progress` while the first request runs and `completed` with its answer
 * afterwards. Items expire by TTL (`expiresAt`); until DynamoDB deletes them, an expired item
 * counts as missing. The answer is kept as JSON text, exactly as it was sent.
 */
export const createIdempotencyStore = (db: DynamoDBDocumentClient, table: string): IdempotencyStore => {
  const key = (scope: { communityId: string; callerId: string; key: string }) =>
    keys.idempotency(scope.communityId, scope.callerId, scope.key)

  return {
    async claim(scope, claim, abandonedBefore) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: {
              ...key(scope),
              entity: 'idempotency',
              state: 'in-progress',
              fingerprint: claim.fingerprint,
              lease: claim.lease,
              startedAt: claim.startedAt,
              expiresAt: claim.expiresAt,
            },
            // Free, expired, or abandoned by a run of the same request (a Lambda timed out).
            ConditionExpression:
              'attribute_not_exists(pk) OR expiresAt <= :now OR (#state = :inProgress AND startedAt < :abandoned AND fingerprint = :fingerprint)',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: {
              ':now': Math.floor(Date.parse(claim.startedAt) / 1000),
              ':inProgress': 'in-progress',
              ':abandoned': abandonedBefore,
              ':fingerprint': claim.fingerprint,
            },
          }),
        )
        return true
      } catch (error) {
        if (isConditionFailure(error)) return false
        throw error
      }
    },

    async get(scope, nowSeconds) {
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: key(scope), ConsistentRead: true }))
      if (!Item || Number(Item.expiresAt) <= nowSeconds) return undefined
      const record: IdempotencyRecord = {
        fingerprint: String(Item.fingerprint),
        state: Item.state === 'completed' ? 'completed' : 'in-progress',
        startedAt: String(Item.startedAt),
      }
      if (record.state === 'completed') {
        record.response = { status: Number(Item.status), body: JSON.parse(String(Item.response)) }
      }
      return record
    },

    async complete(scope, lease, response) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: key(scope),
            UpdateExpression: 'SET #state = :completed, #status = :status, #response = :response REMOVE lease',
            ConditionExpression: 'lease = :lease',
            ExpressionAttributeNames: { '#state': 'state', '#status': 'status', '#response': 'response' },
            ExpressionAttributeValues: {
              ':completed': 'completed',
              ':status': response.status,
              ':response': JSON.stringify(response.body),
              ':lease': lease,
            },
          }),
        )
        return true
      } catch (error) {
        if (isConditionFailure(error)) return false
        throw error
      }
    },

    async release(scope, lease) {
      try {
        await db.send(
          new DeleteCommand({
            TableName: table,
            Key: key(scope),
            ConditionExpression: 'lease = :lease',
            ExpressionAttributeValues: { ':lease': lease },
          }),
        )
      } catch (error) {
        if (!isConditionFailure(error)) throw error
      }
    },
  }
}
