import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { MatchStore } from '../services/ports'

/** Skeleton: filled in by its issue-5 work. */
export const createMatchStore = (db: DynamoDBDocumentClient, table: string): MatchStore => {
  void db
  void table
  return {}
}
