import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { Stores } from '../services/ports'
import { createCommunityStore } from './community-store'
import { createMemberStore } from './member-store'
import { createPostStore } from './post-store'

export const createStores = (db: DynamoDBDocumentClient, table: string): Stores => ({
  communities: createCommunityStore(db, table),
  members: createMemberStore(db, table),
  posts: createPostStore(db, table),
})
