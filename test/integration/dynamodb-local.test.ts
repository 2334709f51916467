import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DescribeTableCommand, DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb'
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
    const client = rawClient(testEndpoint())
    await ensureTable(client, 'ensure-update')
    await client.send(
      new UpdateTableCommand({
        TableName: 'ensure-update',
        GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'gsi4' } }],
      }),
    )
    // Deleting an index takes a moment; wait until it is gone.
    // (Seconds on a busy machine: poll for up to 30 s.)
    for (let i = 0; i < 300; i++) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: 'ensure-update' }))
      if (!Table?.GlobalSecondaryIndexes?.some((index) => index.IndexName === 'gsi4')) break
      await new Promise((r) => setTimeout(r, 100))
    }
    expect(await ensureTable(client, 'ensure-update')).toBe('updated')
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'ensure-update' }))
    expect(Table?.GlobalSecondaryIndexes?.some((i) => i.IndexName === 'gsi4')).toBe(true)
    client.destroy()
  }, 90_000)
})
