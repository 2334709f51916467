import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import { memberProfileSchema } from '../schemas/member'
import type { MemberStore } from '../services/ports'
import { withoutKeys } from './client'
import { keyAttributes, keys } from './keys'

export const createMemberStore = (db: DynamoDBDocumentClient, table: string): MemberStore => ({
  async get(communityId, memberId) {
    const { Item } = await db.send(new GetCommand({ TableName: table, Key: keys.member(communityId, memberId) }))
    return Item ? memberProfileSchema.parse(withoutKeys(Item, keyAttributes)) : undefined
  },

  async put(member) {
    await db.send(
      new PutCommand({
        TableName: table,
        Item: { ...keys.member(member.communityId, member.id), entity: 'member', ...member },
      }),
    )
  },
})
