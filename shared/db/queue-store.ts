import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import * as z from 'zod'
import { queueItemSchema } from '../schemas/matching'
import type { QueueListQuery, QueueStore, StoredQueueItem } from '../services/ports'
import { isConditionFailure, putIfVersion, withoutKeys } from './client'
import { type CursorScope, indexKeyNames, readFilteredPage } from './cursor'
import { keyAttributes, keys, queueIndexKeys, queuePartitions } from './keys'

/**
 * Access patterns of the work queue:
 * - one item by id: `C#<c>#QUEUE#<itemId>` / `QUEUE` (take, snooze, finish, raise, resolve);
 * - the community's queue, what is due first: gsi2 `C#<c>#QUEUE`, sort key `<dueAt>#<itemId>`,
 *   only up to now (a query on the sort key, not a filter, so items not yet due cost nothing);
 * - one broker's own queue: the same on gsi3 `C#<c>#QUEUE#BROKER#<memberId>`.
 * Done items carry no index keys (see `queueIndexKeys`), so the lists never read them.
 */
/** A done item is kept this long (for the broker's history), then DynamoDB's TTL removes it, name and all. */
export const doneQueueItemDays = 180

const toItem = ({ item, areaPath }: StoredQueueItem) => ({
  ...keys.queueItem(item.communityId, item.id),
  entity: 'queue-item',
  ...queueIndexKeys(item),
  ...item,
  areaPath,
  ...(item.resolution
    ? { expiresAt: Math.floor(Date.parse(item.resolution.at) / 1000) + doneQueueItemDays * 24 * 60 * 60 }
    : {}),
})

const fromItem = (stored: Record<string, unknown>): StoredQueueItem => {
  const { areaPath, ...item } = withoutKeys(stored, keyAttributes)
  return { item: queueItemSchema.parse(item), areaPath: z.string().parse(areaPath) }
}

/**
 * Sort keys are `<dueAt>#<itemId>`, ISO times of equal length: everything due at or before
 * `dueBefore` sorts at or below `<dueBefore>#~` (`~` sorts after every character of an item id).
 */
const dueUpTo = (dueBefore: string) => `${dueBefore}#~`

export const createQueueStore = (db: DynamoDBDocumentClient, table: string): QueueStore => ({
  async get(communityId, itemId) {
    const { Item } = await db.send(new GetCommand({ TableName: table, Key: keys.queueItem(communityId, itemId) }))
    return Item ? fromItem(Item) : undefined
  },

  async raise(item) {
    try {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: toItem(item),
          // Create-if-absent: raising again, even after a broker finished the item, changes nothing.
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
      return true
    } catch (error) {
      if (isConditionFailure(error)) return false
      throw error
    }
  },

  // Two brokers acting on one task at once: exactly one wins, the other reloads.
  replace: (item, expectedVersion) => putIfVersion(db, table, toItem(item), expectedVersion, 'QUEUE_ITEM_CHANGED'),

  async list(q: QueueListQuery) {
    const index = q.brokerId === null ? 'gsi2' : 'gsi3'
    const partition =
      q.brokerId === null ? queuePartitions.community(q.communityId) : queuePartitions.broker(q.communityId, q.brokerId)
    const scope: CursorScope = { index, keyNames: indexKeyNames(index), partitionName: `${index}pk`, partition }

    const filters: string[] = []
    const names: Record<string, string> = {}
    const values: Record<string, unknown> = { ':due': dueUpTo(q.dueBefore) }
    if (q.kind) {
      filters.push('#kind = :kind')
      names['#kind'] = 'kind'
      values[':kind'] = q.kind
    }
    if (q.categoryId) {
      filters.push('categoryId = :category')
      values[':category'] = q.categoryId
    }
    if (q.areaPath) {
      filters.push('begins_with(areaPath, :area)')
      values[':area'] = q.areaPath
    }
    const page = await readFilteredPage(db, table, {
      scope,
      cursor: q.cursor,
      keyCondition: `${index}pk = :p AND ${index}sk <= :due`,
      filters,
      selective: filters.length > 0,
      names,
      values,
      // Most overdue first.
      forward: true,
      limit: q.limit,
    })
    return { items: page.items.map((stored) => fromItem(stored).item), nextCursor: page.nextCursor }
  },
})
