import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { auditEntrySchema } from '../schemas/audit'
import type { AuditStore } from '../services/ports'
import { queryAll, withoutKeys } from './client'
import { decodeCursor, encodeCursor } from './cursor'
import { auditIndexKeys, keyAttributes, keys, memberAuditPartition } from './keys'

const fromItem = (item: Record<string, unknown>) => auditEntrySchema.parse(withoutKeys(item, keyAttributes))

/**
 * The audit log: one partition per community and month, newest first. Append-only: this store
 * has no update or delete, and a write never replaces an entry.
 */
export const createAuditStore = (db: DynamoDBDocumentClient, table: string): AuditStore => ({
  async append(communityId, entry) {
    await db.send(
      new PutCommand({
        TableName: table,
        Item: {
          ...keys.auditEntry(communityId, entry.at, entry.id),
          entity: 'audit',
          ...auditIndexKeys(communityId, entry.memberId, entry.at, entry.id),
          ...entry,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    )
  },

  async list(communityId, month, query) {
    const partition = keys.auditMonth(communityId, month)
    const scope = { index: 'table', keyNames: ['pk', 'sk'], partitionName: 'pk', partition }
    const filters: string[] = []
    const values: Record<string, unknown> = { ':p': partition }
    for (const [name, value] of [
      ['actorId', query.actorId],
      ['memberId', query.memberId],
      ['action', query.action],
    ] as const) {
      if (value === undefined) continue
      filters.push(`#${name} = :${name}`)
      values[`:${name}`] = value
    }
    const names = Object.fromEntries(filters.map((f) => f.split(' ')[0] ?? '').map((n) => [n, n.slice(1)]))
    const kept: Record<string, unknown>[] = []
    let startKey: Record<string, unknown> | undefined = query.cursor ? decodeCursor(query.cursor, scope) : undefined
    for (let round = 0; round < 5 && kept.length < query.limit; round++) {
      const result = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :p',
          ...(filters.length > 0 ? { FilterExpression: filters.join(' AND '), ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: filters.length > 0 ? 200 : query.limit - kept.length + 1,
          ExclusiveStartKey: startKey,
        }),
      )
      kept.push(...(result.Items ?? []))
      startKey = result.LastEvaluatedKey
      if (!startKey) break
    }
    const page = kept.slice(0, query.limit)
    const resumeAfter = page.at(-1) ?? startKey
    const more = kept.length > query.limit || startKey !== undefined
    return { items: page.map(fromItem), nextCursor: more && resumeAfter ? encodeCursor(scope, resumeAfter) : null }
  },

  async listForMember(communityId, memberId) {
    const items = await queryAll(db, {
      TableName: table,
      IndexName: 'gsi4',
      KeyConditionExpression: 'gsi4pk = :p',
      ExpressionAttributeValues: { ':p': memberAuditPartition(communityId, memberId) },
      ScanIndexForward: false,
    })
    return items.map(fromItem)
  },
})
