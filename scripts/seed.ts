/**
 * `npm run seed`: seeds the demo community into the local database (never overwriting it).
 * `npm run seed -- --reset`: drops the local table and seeds it again.
 * `npm run seed -- --aws --table <name>`: seeds a deployed table with your AWS credentials
 * (demo deployments only; the table name is the data stack's `TableName` output).
 * Locally it uses the DynamoDB Local of a running `npm start` if there is one, else its own.
 */
import { parseArgs } from 'node:util'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { dropTable, ensureTable } from '../shared/db/ensure-table'
import { readSecret } from '../shared/db/secrets'
import { localTableName } from '../shared/db/table'
import { dynamoAnswers, SetupError, startDynamoDbLocal } from './lib/dynamodb-local'
import { localKeys } from './lib/local-keys'
import { seedDemo } from './lib/seed-demo'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'

const { values: args } = parseArgs({
  options: {
    reset: { type: 'boolean', default: false },
    aws: { type: 'boolean', default: false },
    table: { type: 'string' },
  },
})
const dynamoPort = Number(process.env.DYNAMODB_PORT ?? 8000)
const dataDir = process.env.BUURTBEURS_DATA_DIR ?? '.data'
const tableName = args.table ?? process.env.TABLE_NAME ?? localTableName

if (args.aws) {
  if (!args.table) throw new SetupError('Name the deployed table: npm run seed -- --aws --table <TableName>')
  if (args.reset) throw new SetupError('--reset only works locally; it would drop a deployed table.')
  const secretArn = process.env.BUURTBEURS_KEYS_SECRET_ARN
  if (!secretArn)
    throw new SetupError('Set BUURTBEURS_KEYS_SECRET_ARN to the key secret of the deployment (output KeysSecretArn).')
  const result = await seedDemo({ tableName, keys: await readSecret(secretArn) })
  console.log(
    result.seeded ? `Seeded "${result.communityId}" in ${tableName}.` : `"${result.communityId}" already exists.`,
  )
  process.exit(0)
}

const running = `http://127.0.0.1:${dynamoPort}`
const own = (await dynamoAnswers(running))
  ? undefined
  : await startDynamoDbLocal({ port: dynamoPort, dataDir: `${dataDir}/dynamodb` }).catch((error: unknown) => {
      console.error(error instanceof SetupError ? error.message : error)
      process.exit(1)
    })
const endpoint = own?.endpoint ?? running

try {
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
  if (args.reset) {
    await dropTable(client, tableName)
    console.log(`Table ${tableName} dropped.`)
  }
  await ensureTable(client, tableName)
  client.destroy()
  const result = await seedDemo({ endpoint, tableName, keys: localKeys(dataDir) })
  console.log(
    result.seeded
      ? `Seeded "${result.communityId}": ${result.members} members, ${result.posts} posts.`
      : `"${result.communityId}" already exists; nothing changed. Use --reset to start over.`,
  )
} finally {
  await own?.stop()
}
