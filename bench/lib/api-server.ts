/**
 * The local API gateway in a process of its own, started by bench/api-load.ts over IPC, so the
 * load generator does not share an event loop with the server it measures.
 * Reads BENCH_DYNAMO_ENDPOINT, BENCH_TABLE_NAME, BENCH_KEYS and BENCH_OUTBOX_DIR; sends `{ url }`
 * when it listens; closes on the message `stop` or when the parent goes away.
 */
import { startLocalServer } from '../../scripts/lib/local-server'

const dynamoEndpoint = process.env.BENCH_DYNAMO_ENDPOINT
const tableName = process.env.BENCH_TABLE_NAME
const keys = process.env.BENCH_KEYS
const outboxDir = process.env.BENCH_OUTBOX_DIR
if (!dynamoEndpoint || !tableName || !keys || !outboxDir || !process.send) {
  console.error('bench/lib/api-server.ts is started by bench/api-load.ts')
  process.exit(2)
}

const server = await startLocalServer({ port: 0, dynamoEndpoint, tableName, keys, outboxDir })
let closing = false
const close = async () => {
  if (closing) return
  closing = true
  await server.close()
  process.disconnect?.()
  process.exit(0)
}
process.on('message', (message) => {
  if (message === 'stop') void close()
})
process.on('disconnect', () => void close())
process.send({ url: server.url })
