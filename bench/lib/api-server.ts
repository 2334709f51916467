/**
 * The local API gateway in a process of its own, started by bench/api-load.ts over IPC, so the
 * load generator does not share an event loop with the server it measures.
 * Reads BENCH_DYNAMO_ENDPOINT, BENCH_TABLE_NAME, BENCH_KEYS and BENCH_OUTBOX_DIR; with
 * BENCH_WORKERS=1 also runs every event worker in this process, as `npm start` does, with its
 * queues and dead letters under BENCH_DATA_DIR. Sends `{ url }` when it listens; closes on the
 * message `stop` or when the parent goes away.
 */
import { startLocalServer } from '../../scripts/lib/local-server'
import { type RunningWorkers, startLocalWorkers } from '../../scripts/lib/local-workers'

const dynamoEndpoint = process.env.BENCH_DYNAMO_ENDPOINT
const tableName = process.env.BENCH_TABLE_NAME
const keys = process.env.BENCH_KEYS
const outboxDir = process.env.BENCH_OUTBOX_DIR
if (!dynamoEndpoint || !tableName || !keys || !outboxDir || !process.send) {
  console.error('bench/lib/api-server.ts is started by bench/api-load.ts')
  process.exit(2)
}

const dataDir = process.env.BENCH_DATA_DIR
const queueDir = dataDir ? `${dataDir}/queues` : undefined
const server = await startLocalServer({ port: 0, dynamoEndpoint, tableName, keys, outboxDir, queueDir })
const workers: RunningWorkers | undefined =
  process.env.BENCH_WORKERS === '1'
    ? await startLocalWorkers(() => {}, { endpoint: dynamoEndpoint, tableName, dataDir, queueDir })
    : undefined
let closing = false
const close = async () => {
  if (closing) return
  closing = true
  await workers?.stop()
  await server.close()
  process.disconnect?.()
  process.exit(0)
}
process.on('message', (message) => {
  if (message === 'stop') void close()
})
process.on('disconnect', () => void close())
process.send({ url: server.url })
