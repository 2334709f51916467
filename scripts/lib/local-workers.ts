import { type EventWorker, eventWorkers } from '../../functions/workers'

export interface RunningWorkers {
  stop(): Promise<void>
}

/**
 * Starts a local runner for every declared event worker, in this process: the seam where the
 * stream poller (DynamoDB Local's stream), the scheduler (a timer with a clock that tests can
 * advance) and the queue runner plug in. A worker whose trigger kind has no local runner yet
 * stops the start with a clear message instead of silently not running.
 */
export const startLocalWorkers = async (_context: {
  dynamoEndpoint: string
  tableName: string
}): Promise<RunningWorkers> => {
  const runners: Record<
    EventWorker['trigger']['kind'],
    ((worker: EventWorker) => Promise<() => Promise<void>>) | undefined
  > = {
    stream: undefined,
    schedule: undefined,
    queue: undefined,
  }
  const stops: (() => Promise<void>)[] = []
  for (const [name, worker] of Object.entries(eventWorkers)) {
    const runner = runners[worker.trigger.kind]
    if (!runner) throw new Error(`No local runner for ${worker.trigger.kind} workers (worker ${name})`)
    stops.push(await runner(worker))
  }
  return { stop: async () => void (await Promise.all(stops.map((stop) => stop()))) }
}
