import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type EventWorker, eventWorkers } from '../../functions/workers'

export interface RunningWorkers {
  stop(): Promise<void>
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

/**
 * Starts a local runner for every declared event worker, in this process: the seam where the
 * stream poller (DynamoDB Local's stream) and the queue runner plug in next to the scheduler.
 * A worker whose trigger kind has no local runner yet stops the start with a clear message
 * instead of silently not running. Workers read the same environment as the HTTP handlers
 * (set by the local gateway), so start the gateway first.
 */
export const startLocalWorkers = async (log: (line: string) => void = () => {}): Promise<RunningWorkers> => {
  const stops: (() => Promise<void>)[] = []
  for (const [name, worker] of Object.entries(eventWorkers) as [string, EventWorker][]) {
    if (worker.trigger.kind !== 'schedule')
      throw new Error(`No local runner for ${worker.trigger.kind} workers (worker ${name})`)
    stops.push(await runSchedule(name, worker as EventWorker & { trigger: { kind: 'schedule' } }, log))
  }
  return { stop: async () => void (await Promise.all(stops.map((stop) => stop()))) }
}
