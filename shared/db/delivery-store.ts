import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import type { DeliveryStore } from '../services/ports'

/** Skeleton: filled in by its issue-5 work. */
export const createDeliveryStore = (db: DynamoDBDocumentClient, table: string): DeliveryStore => {
  void db
  void table
  return {}
}
