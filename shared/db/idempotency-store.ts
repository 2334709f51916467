import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { IdempotencyStore } from '../services/ports'

/** Skeleton: filled in by its issue-5 work. */
export const createIdempotencyStore = (db: DynamoDBDocumentClient, table: string): IdempotencyStore => {
  void db
  void table
  return {}
}
