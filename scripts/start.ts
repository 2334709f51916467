/**
 * `npm start`: the whole platform on this machine. DynamoDB Local with its data under .data/,
 * the table from the shared definition, the demo community on first start, the web front end,
 * the Lambda handlers behind the local gateway and the local worker runners. Ctrl-C stops it
 * all, Java included.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { ensureTable } from '../shared/db/ensure-table'
import { localTableName } from '../shared/db/table'
import { buildWeb } from './build-web'
import { SetupError, startDynamoDbLocal } from './lib/dynamodb-local'
import { localKeys } from './lib/local-keys'
import { startLocalServer } from './lib/local-server'
import { startLocalWorkers } from './lib/local-workers'
import { seedDemo } from './lib/seed-demo'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'

const port = Number(process.env.PORT ?? 3000)
const dynamoPort = Number(process.env.DYNAMODB_PORT ?? 8000)
const dataDir = process.env.BUURTBEURS_DATA_DIR ?? '.data'
const tableName = process.env.TABLE_NAME ?? localTableName
const verbose = process.argv.includes('--verbose')

const stops: (() => Promise<void>)[] = []
let stopping = false
const stopAll = async (code: number) => {
  if (stopping) return
  stopping = true
  for (const stop of stops.reverse()) await stop().catch((error: unknown) => console.error(error))
  process.exit(code)
}
process.on('SIGINT', () => void stopAll(0))
process.on('SIGTERM', () => void stopAll(0))

try {
  await import('node:net').then(
    ({ createServer }) =>
      new Promise<void>((ok, fail) => {
        // Check the web port first, so we do not start Java only to fail afterwards.
        const probe = createServer()
        probe.once('error', () =>
          fail(
            new SetupError(
              `Port ${port} is already in use. Stop the program that uses it, or start with PORT=3001 npm start.`,
            ),
          ),
        )
        probe.listen(port, '127.0.0.1', () => probe.close(() => ok()))
      }),
  )
  console.log('Building the web front end …')
  await buildWeb({ quiet: true })
  console.log(`Starting DynamoDB Local on port ${dynamoPort} (data in ${dataDir}/dynamodb) …`)
  const dynamo = await startDynamoDbLocal({ port: dynamoPort, dataDir: `${dataDir}/dynamodb` }).catch(
    (error: unknown) => {
      if (error instanceof SetupError && error.message.includes(`Port ${dynamoPort}`)) {
        throw new SetupError(
          `${error.message}\n(DynamoDB Local uses port ${dynamoPort}; choose another with DYNAMODB_PORT=8001.)`,
        )
      }
      throw error
    },
  )
  stops.push(dynamo.stop)

  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
  const table = await ensureTable(client, tableName)
  client.destroy()
  console.log(`Table ${tableName}: ${table}`)

  const keys = localKeys(dataDir)
  const seed = await seedDemo({ endpoint: dynamo.endpoint, tableName, keys })
  console.log(
    seed.seeded
      ? `Demo community "${seed.communityId}" created: ${seed.members} members, ${seed.posts} posts.`
      : `Demo community "${seed.communityId}" already there; left as it is (npm run seed -- --reset starts over).`,
  )

  const server = await startLocalServer({
    port,
    dynamoEndpoint: dynamo.endpoint,
    tableName,
    webRoot: 'web/dist',
    keys,
    outboxDir: `${dataDir}/outbox`,
    queueDir: `${dataDir}/queues`,
    log: verbose ? (line) => console.log(line) : undefined,
  })
  stops.push(server.close)

  const workers = await startLocalWorkers(verbose ? (line) => console.log(line) : undefined, {
    dataDir,
    queueDir: `${dataDir}/queues`,
  })
  stops.push(workers.stop)

  console.log(`
Buurtbeurs is running:
  web app        http://localhost:${server.port}/
  API            http://localhost:${server.port}/api
  API reference  http://localhost:${server.port}/api-docs  (document: /api/openapi.json)
  outbox         http://localhost:${server.port}/dev/outbox  (sign-in codes; only here, not in AWS)
Sign in as anna@example.nl (resident), samira@example.nl (sociaal makelaar) or jeroen@example.nl (coordinator).
Press Ctrl-C to stop.`)
} catch (error) {
  if (error instanceof SetupError) console.error(`\n${error.message}\n`)
  else console.error(error)
  await stopAll(1)
}
