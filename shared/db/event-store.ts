/**
 * Beursvloer events. SKELETON: to be implemented (see ports.ts EventStore).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { EventStore } from '../services/ports'

export const createEventStore = (_db: DynamoDBDocumentClient, _table: string): EventStore =>
  new Proxy({} as EventStore, {
    get: () => {
      throw new Error('event store not implemented yet')
    },
  })
