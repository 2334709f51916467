import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { Stores } from '../services/ports'
import { createAuditStore } from './audit-store'
import { createAuthStore } from './auth-store'
import { createCommunityStore } from './community-store'
import { createDeliveryStore } from './delivery-store'
import { createEventStore } from './event-store'
import { createFollowUpStore } from './follow-up-store'
import { createIdempotencyStore } from './idempotency-store'
import { createMatchStore } from './match-store'
import { createMatchingStore } from './matching-store'
import { createMemberStore } from './member-store'
import { createPostStore } from './post-store'
import { createQueueStore } from './queue-store'

export const createStores = (db: DynamoDBDocumentClient, table: string): Stores => ({
  communities: createCommunityStore(db, table),
  members: createMemberStore(db, table),
  posts: createPostStore(db, table),
  auth: createAuthStore(db, table),
  audit: createAuditStore(db, table),
  queue: createQueueStore(db, table),
  matching: createMatchingStore(db, table),
  matches: createMatchStore(db, table),
  followUps: createFollowUpStore(db, table),
  deliveries: createDeliveryStore(db, table),
  idempotency: createIdempotencyStore(db, table),
  events: createEventStore(db, table),
})
