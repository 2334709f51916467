import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { FollowUpStore } from '../services/ports'

/** Skeleton: filled in by its issue-5 work. */
export const createFollowUpStore = (db: DynamoDBDocumentClient, table: string): FollowUpStore => {
  void db
  void table
  return {}
}
