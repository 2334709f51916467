import type { TestProject } from 'vitest/node'
import { startDynamoDbLocal } from '../../scripts/lib/dynamodb-local'

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string
  }
}

/**
 * One in-memory DynamoDB Local for the whole test run, on a free port; each test file makes
 * its own table (test/support/dynamodb.ts). Stopped cleanly at the end so no Java is left behind.
 */
export default async function setup(project: TestProject) {
  const dynamo = await startDynamoDbLocal()
  project.provide('dynamoEndpoint', dynamo.endpoint)
  return async () => {
    await dynamo.stop()
  }
}
