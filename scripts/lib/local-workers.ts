import { appendFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type EventWorker, eventWorkers } from '../../functions/workers'
import { type QueueEventHandler, startQueueRunner } from './local-queue'
import { type StreamEventHandler, startStreamRunner } from './local-stream'

export interface RunningWorkers {
  stop(): Promise<void>
}

/** Where the workers find the table; each defaults to the environment the local gateway sets. */
export interface LocalWorkersOptions {
  /** DynamoDB Local (default `DYNAMODB_ENDPOINT`). */
  endpoint?: string
  /** Default `TABLE_NAME`. */
  tableName?: string
  /** Stream workers' dead letters go to `<dataDir>/dead-letters/<worker>.jsonl` (default `BUURTBEURS_DATA_DIR` or `.data`). */
  dataDir?: string
  /**
   * The folder of queue folders (`<queueDir>/<queue>`): default `BUURTBEURS_QUEUE_DIR` (set by the
   * local gateway, so the API handlers write where the runners read), else `<dataDir>/queues`.
   */
  queueDir?: string
}

const repoRoot = join(import.meta.dirname, '../..')

type WorkerHandler = (event: unknown, context: unknown) => Promise<unknown>

/** Schedules run on a timer in this process; the first run comes shortly after the start. */
const runSchedule = async (
  name: string,
  worker: EventWorker & { trigger: { kind: 'schedule' } },
  log: (line: string) => void,
) => {
  const { handler } = (await import(pathToFileURL(join(repoRoot, worker.entry)).href)) as { handler: WorkerHandler }
  const run = async () => {
    const event = {
      source: 'local.scheduler',
      'detail-type': 'Scheduled Event',
      time: new Date().toISOString(),
      detail: {},
    }
    try {
      log(`worker ${name}: ${JSON.stringify(await handler(event, { functionName: name, awsRequestId: 'local' }))}`)
    } catch (error) {
      console.error(`worker ${name} failed`, error)
    }
  }
  const first = setTimeout(run, 10_000)
  const every = setInterval(run, worker.trigger.everyMinutes * 60_000)
  return async () => {
    clearTimeout(first)
    clearInterval(every)
  }
}

/** Appends a dead letter as one JSON line to `<dataDir>/dead-letters/<worker>.jsonl`. */
const deadLetterWriter = (name: string, options: LocalWorkersOptions) => {
  const deadLetterDir = join(options.dataDir ?? process.env.BUURTBEURS_DATA_DIR ?? '.data', 'dead-letters')
  return async (deadLetter: object) => {
    await mkdir(deadLetterDir, { recursive: true })
    await appendFile(join(deadLetterDir, `${name}.jsonl`), `${JSON.stringify({ worker: name, ...deadLetter })}\n`)
  }
}

/**
 * Stream workers read DynamoDB Local's stream of the table (scripts/lib/local-stream.ts), with the
 * entity filter and batch size they get in AWS. A change that keeps failing is set aside as one
 * JSON line (keys, error, attempts, time; never the item) in the worker's dead-letter file.
 */
const runStream = async (
  name: string,
  worker: EventWorker & { trigger: { kind: 'stream' } },
  log: (line: string) => void,
  options: LocalWorkersOptions,
) => {
  const { handler } = (await import(pathToFileURL(join(repoRoot, worker.entry)).href)) as {
    handler: StreamEventHandler
  }
  const endpoint = options.endpoint ?? process.env.DYNAMODB_ENDPOINT
  const tableName = options.tableName ?? process.env.TABLE_NAME
  if (!endpoint || !tableName) {
    throw new Error(`Worker ${name}: DYNAMODB_ENDPOINT and TABLE_NAME are not set; start the local gateway first`)
  }
  const runner = await startStreamRunner({
    name,
    endpoint,
    tableName,
    handler,
    entities: worker.trigger.entities,
    onDeadLetter: deadLetterWriter(name, options),
    // Problems and dead letters always show; they are not chatter.
    log: (line) => console.error(`worker ${name}: ${line}`),
  })
  log(`worker ${name}: reading the stream of ${tableName} (${worker.trigger.entities.join(', ')})`)
  return runner.stop
}

/**
 * Queue workers read their queue folder (scripts/lib/local-queue.ts) with the batch size and
 * receive limit they get in AWS. A message that keeps failing is set aside as one JSON line
 * (message and job id, error, attempts; never the message text) in the worker's dead-letter file.
 */
const runQueue = async (
  name: string,
  worker: EventWorker & { trigger: { kind: 'queue' } },
  log: (line: string) => void,
  options: LocalWorkersOptions,
) => {
  const { handler } = (await import(pathToFileURL(join(repoRoot, worker.entry)).href)) as {
    handler: QueueEventHandler
  }
  const queueDir =
    options.queueDir ??
    process.env.BUURTBEURS_QUEUE_DIR ??
    join(options.dataDir ?? process.env.BUURTBEURS_DATA_DIR ?? '.data', 'queues')
  const dir = join(queueDir, worker.trigger.queue)
  const runner = startQueueRunner({
    name,
    dir,
    handler,
    batchSize: worker.trigger.batchSize,
    maxReceiveCount: worker.trigger.maxReceiveCount,
    onDeadLetter: deadLetterWriter(name, options),
    log: (line) => console.error(`worker ${name}: ${line}`),
  })
  log(`worker ${name}: reading the queue folder ${dir}`)
  return runner.stop
}

/**
 * Starts a local runner for every declared event worker, in this process: a timer for schedule
 * workers, a poller of DynamoDB Local's stream for stream workers, a reader of the queue folder
 * for queue workers. A worker whose trigger kind has no local runner yet stops the start with a
 * clear message instead of silently not running. Workers read the same environment as the HTTP
 * handlers (set by the local gateway), so start the gateway first.
 */
export const startLocalWorkers = async (
  log: (line: string) => void = () => {},
  options: LocalWorkersOptions = {},
): Promise<RunningWorkers> => {
  const stops: (() => Promise<void>)[] = []
  const stopAll = async () => void (await Promise.all(stops.map((stop) => stop())))
  try {
    for (const [name, worker] of Object.entries(eventWorkers) as [string, EventWorker][]) {
      const { trigger } = worker
      if (trigger.kind === 'schedule') stops.push(await runSchedule(name, { ...worker, trigger }, log))
      else if (trigger.kind === 'stream') stops.push(await runStream(name, { ...worker, trigger }, log, options))
      else if (trigger.kind === 'queue') stops.push(await runQueue(name, { ...worker, trigger }, log, options))
      else throw new Error(`No local runner for ${(trigger as { kind: string }).kind} workers (worker ${name})`)
    }
  } catch (error) {
    await stopAll()
    throw error
  }
  return { stop: stopAll }
}
