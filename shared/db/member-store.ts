import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb'
import { DomainError } from '../domain/errors'
import { memberAttributesSchema } from '../schemas/matching'
import { type MemberDetails, memberContactSchema, memberDetailsSchema } from '../schemas/member'
import type { MemberStore } from '../services/ports'
import { isTransactionCancelled, putIfVersion, queryAll, withoutKeys } from './client'
import { decodeCursor, encodeCursor, indexKeyNames } from './cursor'
import { inactiveMembersPartition, keyAttributes, keys, memberIndexKeys, membersPartition } from './keys'

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number]

const memberItem = (member: MemberDetails) => ({
  ...keys.member(member.communityId, member.id),
  entity: 'member',
  ...memberIndexKeys(member),
  ...member,
})

const fromItem = (item: Record<string, unknown>) => memberDetailsSchema.parse(withoutKeys(item, keyAttributes))

/**
 * Which condition of a transaction failed: DynamoDB lists one reason per item, in order.
 * `codes` gives the domain error for each item (undefined: that item has no condition).
 */
const transact = async (
  db: DynamoDBDocumentClient,
  items: TransactItem[],
  codes: ('MEMBER_CHANGED' | 'ADDRESS_IN_USE' | undefined)[],
) => {
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items }))
  } catch (error) {
    if (isTransactionCancelled(error)) {
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []
      const failed = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed')
      const code = codes[failed]
      if (code) throw new DomainError(code, undefined, { cause: error })
    }
    throw error
  }
}

export const createMemberStore = (db: DynamoDBDocumentClient, table: string): MemberStore => {
  const loginPut = (communityId: string, memberId: string, hash: string): TransactItem => ({
    Put: {
      TableName: table,
      Item: { ...keys.login(communityId, hash), entity: 'login', memberId },
      // One address belongs to one member of a community; re-adding one's own address is fine.
      ConditionExpression: 'attribute_not_exists(pk) OR memberId = :me',
      ExpressionAttributeValues: { ':me': memberId },
    },
  })
  const loginDelete = (communityId: string, hash: string): TransactItem => ({
    Delete: { TableName: table, Key: keys.login(communityId, hash) },
  })

  return {
    async get(communityId, memberId) {
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: keys.member(communityId, memberId) }))
      return Item ? fromItem(Item) : undefined
    },

    async create(member, contact, loginHashes) {
      await transact(
        db,
        [
          {
            Put: { TableName: table, Item: memberItem(member), ConditionExpression: 'attribute_not_exists(pk)' },
          },
          {
            Put: {
              TableName: table,
              Item: { ...keys.memberContact(member.communityId, member.id), entity: 'contact', ...contact },
            },
          },
          ...loginHashes.map((hash) => loginPut(member.communityId, member.id, hash)),
        ],
        ['MEMBER_CHANGED', undefined, ...loginHashes.map(() => 'ADDRESS_IN_USE' as const)],
      )
    },

    replace: (member, expectedVersion) =>
      putIfVersion(db, table, memberItem(member), expectedVersion, 'MEMBER_CHANGED'),

    async getContact(communityId, memberId) {
      const { Item } = await db.send(
        new GetCommand({ TableName: table, Key: keys.memberContact(communityId, memberId) }),
      )
      return Item ? memberContactSchema.parse(withoutKeys(Item, keyAttributes)) : undefined
    },

    async replaceContact({ member, expectedVersion, contact, addLogins, removeLogins }) {
      await transact(
        db,
        [
          {
            Put: {
              TableName: table,
              Item: memberItem(member),
              ConditionExpression: 'version = :expected',
              ExpressionAttributeValues: { ':expected': expectedVersion },
            },
          },
          {
            Put: {
              TableName: table,
              Item: { ...keys.memberContact(member.communityId, member.id), entity: 'contact', ...contact },
            },
          },
          ...addLogins.map((hash) => loginPut(member.communityId, member.id, hash)),
          ...removeLogins.map((hash) => loginDelete(member.communityId, hash)),
        ],
        ['MEMBER_CHANGED', undefined, ...addLogins.map(() => 'ADDRESS_IN_USE' as const)],
      )
    },

    async list(communityId, { role, limit, cursor }) {
      const partition = membersPartition(communityId)
      const scope = { index: 'gsi4', keyNames: indexKeyNames('gsi4'), partitionName: 'gsi4pk', partition }
      const kept: Record<string, unknown>[] = []
      let startKey: Record<string, unknown> | undefined = cursor ? decodeCursor(cursor, scope) : undefined
      // A role filter reads ahead; at most a few reads per page, then the page may be short.
      for (let round = 0; round < 5 && kept.length < limit; round++) {
        const result = await db.send(
          new QueryCommand({
            TableName: table,
            IndexName: 'gsi4',
            KeyConditionExpression: 'gsi4pk = :p',
            ...(role ? { FilterExpression: '#role = :role', ExpressionAttributeNames: { '#role': 'role' } } : {}),
            ExpressionAttributeValues: { ':p': partition, ...(role ? { ':role': role } : {}) },
            Limit: role ? 100 : limit - kept.length + 1,
            ExclusiveStartKey: startKey,
          }),
        )
        kept.push(...(result.Items ?? []))
        startKey = result.LastEvaluatedKey
        if (!startKey) break
      }
      const page = kept.slice(0, limit)
      const resumeAfter = page.at(-1) ?? startKey
      const more = kept.length > limit || startKey !== undefined
      return { items: page.map(fromItem), nextCursor: more && resumeAfter ? encodeCursor(scope, resumeAfter) : null }
    },

    async listInactive(communityId, before, limit) {
      const result = await db.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'gsi3',
          KeyConditionExpression: 'gsi3pk = :p AND gsi3sk < :before',
          ExpressionAttributeValues: { ':p': inactiveMembersPartition(communityId), ':before': before },
          Limit: limit,
        }),
      )
      return (result.Items ?? []).map(fromItem)
    },

    async linkBlock(communityId, memberId, blockerId, linked) {
      const key = keys.blockedBy(communityId, memberId, blockerId)
      if (linked) await db.send(new PutCommand({ TableName: table, Item: { ...key, entity: 'block-link', blockerId } }))
      else await db.send(new DeleteCommand({ TableName: table, Key: key }))
    },

    async listBlockedBy(communityId, memberId) {
      const items = await queryAll(db, {
        TableName: table,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':p': keys.memberPartition(communityId, memberId),
          ':prefix': keys.blockedByPrefix,
        },
      })
      return items.map((item) => String(item.blockerId))
    },

    async getAttributes(communityId, memberId) {
      const { Item } = await db.send(
        new GetCommand({ TableName: table, Key: keys.memberAttributes(communityId, memberId) }),
      )
      return Item ? memberAttributesSchema.parse(withoutKeys(Item, keyAttributes)) : undefined
    },

    async putAttributes(communityId, memberId, attributes) {
      const key = keys.memberAttributes(communityId, memberId)
      // A separate item, never part of the member: nothing that reads members can show it.
      if (attributes === null) await db.send(new DeleteCommand({ TableName: table, Key: key }))
      else
        await db.send(
          new PutCommand({ TableName: table, Item: { ...key, entity: 'member-attributes', ...attributes } }),
        )
    },

    async erase({ member, loginHashes }) {
      // Deployments before e-mail and SMS delivery kept messages (copies of personal data) as
      // `OUTBOX#` items in the member's partition; one query finds any that are left.
      const partition = keys.memberPartition(member.communityId, member.id)
      const outbox = await queryAll(db, {
        TableName: table,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :outbox)',
        ExpressionAttributeValues: { ':p': partition, ':outbox': 'OUTBOX#' },
        ProjectionExpression: 'pk, sk',
      })
      const deletes: TransactItem[] = [
        { Delete: { TableName: table, Key: keys.memberContact(member.communityId, member.id) } },
        { Delete: { TableName: table, Key: keys.memberAttributes(member.communityId, member.id) } },
        ...loginHashes.map((hash) => loginDelete(member.communityId, hash)),
        ...outbox.map((item) => ({ Delete: { TableName: table, Key: { pk: item.pk, sk: item.sk } } })),
      ]
      // A transaction holds at most 100 items: the deletes go in batches, the anonymous member last.
      for (let i = 0; i < deletes.length; i += 99) {
        await transact(db, deletes.slice(i, i + 99), [])
      }
      await db.send(new PutCommand({ TableName: table, Item: memberItem(member) }))
    },
  }
}
