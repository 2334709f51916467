import { randomBytes } from 'node:crypto'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { inject } from 'vitest'
import { createDocumentClient } from '../../shared/db/client'
import { ensureTable } from '../../shared/db/ensure-table'

/** The DynamoDB Local of this test run; refuses anything that is not on this machine. */
export const testEndpoint = (): string => {
  const endpoint = inject('dynamoEndpoint')
  if (!/^http:\/\/(127\.0\.0\.1|localhost):\d+$/.test(endpoint)) {
    throw new Error(`Tests only run against a local DynamoDB, not ${endpoint}`)
  }
  return endpoint
}

/** A fresh table with every index, for one test file. */
export const createTestTable = async (): Promise<{ endpoint: string; tableName: string }> => {
  const endpoint = testEndpoint()
  const tableName = `test-${randomBytes(6).toString('hex')}`
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
  await ensureTable(client, tableName)
  client.destroy()
  return { endpoint, tableName }
}

export const testDocumentClient = (endpoint: string) => createDocumentClient({ endpoint })
