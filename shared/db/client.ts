import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, PutCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb'
import { DomainError } from '../domain/errors'
import type { ErrorCode } from '../schemas/errors'

export interface DynamoConnection {
  /** Set for DynamoDB Local; absent in AWS. */
  endpoint?: string | undefined
  region?: string | undefined
}

/**
 * A document client. Create it once per cold start (module scope in a handler) and reuse it.
 * Locally it talks to DynamoDB Local with dummy credentials; it refuses a remote endpoint in
 * tests so a test can never write to real AWS.
 */
export const createDocumentClient = ({ endpoint, region }: DynamoConnection = {}): DynamoDBDocumentClient => {
  const local = endpoint !== undefined
  const client = new DynamoDBClient({
    region: region ?? (local ? 'eu-west-1' : undefined),
    ...(local ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 3 } : {}),
  })
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  })
}

/** Strips key attributes from an item so it can be parsed by the entity's schema. */
export const withoutKeys = (item: Record<string, unknown>, keyNames: readonly string[]): Record<string, unknown> => {
  const data: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(item)) if (!keyNames.includes(name)) data[name] = value
  return data
}

/** True when a write failed on its condition (someone else changed the item first). */
export const isConditionFailure = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException'

/** True when a transaction was cancelled, e.g. because one of its conditions failed. */
export const isTransactionCancelled = (error: unknown): boolean =>
  error instanceof Error && error.name === 'TransactionCanceledException'

/**
 * Replaces an item only if its stored `version` is still `expectedVersion` (optimistic
 * concurrency: a concurrent change must not be overwritten silently); otherwise `changed`.
 */
export const putIfVersion = async (
  db: DynamoDBDocumentClient,
  table: string,
  item: Record<string, unknown>,
  expectedVersion: number,
  changed: ErrorCode,
): Promise<void> => {
  try {
    await db.send(
      new PutCommand({
        TableName: table,
        Item: item,
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: { ':expected': expectedVersion },
      }),
    )
  } catch (error) {
    if (isConditionFailure(error)) throw new DomainError(changed, undefined, { cause: error })
    throw error
  }
}

/** Every item a query finds, all pages (for lists that are small by nature, or read whole on purpose). */
export const queryAll = async (
  db: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): Promise<Record<string, unknown>[]> => {
  const items: Record<string, unknown>[] = []
  let start: Record<string, unknown> | undefined
  do {
    const page = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: start }))
    items.push(...(page.Items ?? []))
    start = page.LastEvaluatedKey
  } while (start)
  return items
}
