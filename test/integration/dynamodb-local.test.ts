import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, describe, expect, it } from 'vitest'
import { claimPort, dynamoAnswers, startDynamoDbLocal } from '../../scripts/lib/dynamodb-local'
import { createDocumentClient } from '../../shared/db/client'
import { ensureTable } from '../../shared/db/ensure-table'
import { tableDefinition } from '../../shared/db/table'
import { testEndpoint } from '../support/dynamodb'

const dataDir = mkdtempSync(join(tmpdir(), 'buurtbeurs-ddb-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const rawClient = (endpoint: string) =>
  new DynamoDBClient({ endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } })

describe('DynamoDB Local as the embedded database', () => {
  it('keeps data across a restart and leaves nothing running on its port after stop', async () => {
    const first = await startDynamoDbLocal({ dataDir })
    const client = rawClient(first.endpoint)
    await ensureTable(client, 'persist')
    const doc = createDocumentClient({ endpoint: first.endpoint })
    await doc.send(
      new PutCommand({ TableName: 'persist', Item: { pk: 'C#x', sk: 'COMMUNITY', name: 'Blijft bewaard' } }),
    )
    doc.destroy()
    client.destroy()
    await first.stop()
    expect(await dynamoAnswers(first.endpoint)).toBe(false)
    // The port is free again: no Java process was left behind.
    expect(await claimPort(first.port)).toBe(first.port)

    const second = await startDynamoDbLocal({ port: first.port, dataDir })
    const again = createDocumentClient({ endpoint: second.endpoint })
    const { Item } = await again.send(new GetCommand({ TableName: 'persist', Key: { pk: 'C#x', sk: 'COMMUNITY' } }))
    again.destroy()
    await second.stop()
    expect(Item?.name).toBe('Blijft bewaard')
  }, 60_000)

  it('says so plainly when the port is taken', async () => {
    const port = Number(new URL(testEndpoint()).port)
    await expect(startDynamoDbLocal({ port })).rejects.toThrow(`Port ${port} is already in use`)
  })
})

describe('ensureTable', () => {
  it('creates the table from the shared definition, then leaves it alone', async () => {
    const client = rawClient(testEndpoint())
    expect(await ensureTable(client, 'ensure-create')).toBe('created')
    expect(await ensureTable(client, 'ensure-create')).toBe('unchanged')
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'ensure-create' }))
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual(
      tableDefinition.globalSecondaryIndexes.map((i) => i.indexName).sort(),
    )
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' })
    client.destroy()
  })

  it('adds an index that an older table lacks', async () => {
    // Its own instance: DynamoDB Local builds a new index in the background, and on the shared
    // instance, busy with every other test file, that can take minutes.
    const own = await startDynamoDbLocal()
    try {
      const client = rawClient(own.endpoint)
      // An older table: made before gsi4 existed (deleting an index instead can take DynamoDB
      // Local minutes on a busy machine).
      const older = tableDefinition.globalSecondaryIndexes.filter((i) => i.indexName !== 'gsi4')
      await client.send(
        new CreateTableCommand({
          TableName: 'ensure-update',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: ['pk', 'sk', ...older.flatMap((i) => [i.partitionKey, i.sortKey])].map((name) => ({
            AttributeName: name,
            AttributeType: 'S',
          })),
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes: older.map((i) => ({
            IndexName: i.indexName,
            KeySchema: [
              { AttributeName: i.partitionKey, KeyType: 'HASH' },
              { AttributeName: i.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          })),
        }),
      )
      expect(await ensureTable(client, 'ensure-update')).toBe('updated')
      const { Table } = await client.send(new DescribeTableCommand({ TableName: 'ensure-update' }))
      expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual(['gsi1', 'gsi2', 'gsi3', 'gsi4'])
    } finally {
      await own.stop()
    }
  }, 120_000)
})
