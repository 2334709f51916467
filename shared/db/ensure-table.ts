import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DeleteTableCommand,
  DescribeTableCommand,
  type DescribeTableCommandOutput,
  type DynamoDBClient,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb'
import { tableDefinition } from './table'

const attributeNames = (): string[] => [
  tableDefinition.partitionKey,
  tableDefinition.sortKey,
  ...tableDefinition.globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey]),
]

const indexSpec = (index: (typeof tableDefinition.globalSecondaryIndexes)[number]) => ({
  IndexName: index.indexName,
  KeySchema: [
    { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
    { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
  ],
  Projection: { ProjectionType: 'ALL' as const },
})

const waitUntilActive = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  // Usually a few hundred milliseconds; on a busy machine DynamoDB Local can take much longer.
  for (let attempt = 0; attempt < 1200; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }))
    const indexesReady = (Table?.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === 'ACTIVE')
    if (Table?.TableStatus === 'ACTIVE' && indexesReady) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`Table ${tableName} did not become active`)
}

/**
 * Creates the table from `tableDefinition`, or adds the indexes it lacks: the local stack and
 * the tests use this; in AWS the CDK data stack builds the same table from the same definition.
 * Returns what it did.
 */
export const ensureTable = async (
  client: DynamoDBClient,
  tableName: string,
): Promise<'created' | 'updated' | 'unchanged'> => {
  let existing: DescribeTableCommandOutput | undefined
  try {
    existing = await client.send(new DescribeTableCommand({ TableName: tableName }))
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error
  }

  if (!existing) {
    const input: CreateTableCommandInput = {
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: attributeNames().map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map(indexSpec),
      StreamSpecification: { StreamEnabled: true, StreamViewType: tableDefinition.streamView },
    }
    await client.send(new CreateTableCommand(input))
    await waitUntilActive(client, tableName)
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
      }),
    )
    return 'created'
  }

  const present = new Set((existing.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName))
  const missing = tableDefinition.globalSecondaryIndexes.filter((i) => !present.has(i.indexName))
  // DynamoDB adds one index per UpdateTable call.
  for (const index of missing) {
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: attributeNames().map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        GlobalSecondaryIndexUpdates: [{ Create: indexSpec(index) }],
      }),
    )
    await waitUntilActive(client, tableName)
  }
  return missing.length > 0 ? 'updated' : 'unchanged'
}

/** Local use only (`npm run seed -- --reset`): drops the table. */
export const dropTable = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  try {
    await client.send(new DeleteTableCommand({ TableName: tableName }))
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error
  }
}
