import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import type { DeliveryKey, DeliveryStore } from '../services/ports'
import { isConditionFailure } from './client'
import { keys } from './keys'

/** A sent mark outlives every copy of its job: the notification queue keeps messages 4 days. */
export const deliveryMarkSeconds = 7 * 24 * 60 * 60

const seconds = (date: Date) => Math.floor(date.getTime() / 1000)

/**
 * Marks of notification jobs, one item per job in the member's partition (`SENT#<jobId>`). The
 * item holds ids and times only (no text, no address) and expires after 7 days (TTL; until
 * DynamoDB deletes it an expired item counts as missing).
 *
 * `claimed` (with a lease) while one worker sends, `sent` afterwards. The claim keeps two copies
 * of a job that arrive at the same moment from both being sent; the `sent` mark is written only
 * after the send succeeded, so a crash before it means the job is sent again when SQS redelivers
 * it (at least once), never lost. A crash between the send and the mark is the one window in
 * which a member can get a message twice: SES and SNS take no idempotency key that could close it.
 */
export const createDeliveryStore = (db: DynamoDBDocumentClient, table: string): DeliveryStore => {
  const key = (k: DeliveryKey) => keys.notificationSent(k.communityId, k.memberId, k.jobId)

  return {
    async claim(k, claimId, now, leaseUntil) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: {
              ...key(k),
              entity: 'notification-delivery',
              jobId: k.jobId,
              state: 'claimed',
              claimId,
              claimedAt: now.toISOString(),
              leaseUntil: seconds(leaseUntil),
              expiresAt: seconds(now) + deliveryMarkSeconds,
            },
            // Free, expired, or claimed by a worker whose lease ran out (it crashed or timed out).
            ConditionExpression:
              'attribute_not_exists(pk) OR expiresAt <= :now OR (#state = :claimed AND leaseUntil <= :now)',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':now': seconds(now), ':claimed': 'claimed' },
          }),
        )
        return 'claimed'
      } catch (error) {
        if (!isConditionFailure(error)) throw error
      }
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: key(k), ConsistentRead: true }))
      // Gone in between (a released claim): busy for now, the retry will find it free.
      return Item?.state === 'sent' ? 'sent' : 'busy'
    },

    async markSent(k, claimId, now) {
      // Unconditional: the message went out, whoever holds the claim by now.
      await db.send(
        new PutCommand({
          TableName: table,
          Item: {
            ...key(k),
            entity: 'notification-delivery',
            jobId: k.jobId,
            state: 'sent',
            claimId,
            sentAt: now.toISOString(),
            expiresAt: seconds(now) + deliveryMarkSeconds,
          },
        }),
      )
    },

    async release(k, claimId) {
      try {
        await db.send(
          new DeleteCommand({
            TableName: table,
            Key: key(k),
            ConditionExpression: '#state = :claimed AND claimId = :claimId',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':claimed': 'claimed', ':claimId': claimId },
          }),
        )
      } catch (error) {
        if (!isConditionFailure(error)) throw error
      }
    },
  }
}
