/**
 * The local stand-in for SQS and its Lambda event source mapping: a runner that reads a queue
 * folder (one JSON file per message, written by `createFolderNotificationQueue`) and hands the
 * due messages to a queue worker's handler as SQS events, in batches, as Lambda does.
 */
import { createHash, randomUUID } from 'node:crypto'
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda'
import { deleteQueueFile, type QueueFile, readQueueFiles, writeQueueFile } from '../../shared/db/notification-queue'

/** A Lambda handler for SQS events, such as the notify worker's. */
export type QueueEventHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>

/** Where a handler may report why a message failed (see functions/worker-notify/handler.ts). */
const failureSink = Symbol.for('buurtbeurs.queue.failureSink')

/** A message the handler kept failing on, set aside: ids, the error and the count, never the text. */
export interface QueueDeadLetter {
  messageId: string
  /** The job id from the body, when it has one. */
  jobId: string | null
  error: string
  attempts: number
  /** When it was set aside (ISO 8601). */
  time: string
}

export interface QueueRunnerOptions {
  /** The worker's name: in log lines, the event source ARN and the context. */
  name: string
  /** The queue folder. */
  dir: string
  handler: QueueEventHandler
  /** Messages per handler call (SQS allows 1–10 with a standard event source mapping). */
  batchSize: number
  /** Receives of one message before it is set aside as a dead letter (the redrive policy in AWS). */
  maxReceiveCount: number
  /** Pause between polls when nothing was due. */
  pollMs?: number
  /**
   * How long a received message stays out of sight (SQS: the visibility timeout): a failed one
   * comes back after this. Default 10 s (AWS: half an hour); tests pass 0 to retry at once.
   */
  visibilityTimeoutMs?: number
  /** The clock that decides what is due (tests move it past quiet hours). */
  now?: () => Date
  onDeadLetter?: (deadLetter: QueueDeadLetter) => void | Promise<void>
  /** Problems and dead letters, one JSON line each; defaults to `console.error`. */
  log?: (line: string) => void
}

export interface QueueRunner {
  /** Stops polling after the current batch. */
  stop(): Promise<void>
  /**
   * Handles messages until none is due any more (a failed message that comes back at once, as
   * with a zero visibility timeout, is handled again until it succeeds or is set aside).
   * Messages due later (held jobs, failed ones in their visibility timeout) stay.
   */
  drain(): Promise<void>
  /** Messages set aside so far, oldest first. */
  readonly deadLetters: QueueDeadLetter[]
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

const jobIdOf = (body: string): string | null => {
  try {
    const id = (JSON.parse(body) as { id?: unknown }).id
    return typeof id === 'string' ? id : null
  } catch {
    return null
  }
}

/** The record Lambda's SQS event source mapping would hand over for this message. */
export const toSqsRecord = (file: QueueFile, queueName: string): SQSRecord => ({
  messageId: file.messageId,
  receiptHandle: `local-${file.messageId}-${file.receiveCount}`,
  body: file.body,
  attributes: {
    ApproximateReceiveCount: String(file.receiveCount),
    SentTimestamp: String(Date.parse(file.sentAt)),
    SenderId: 'local',
    ApproximateFirstReceiveTimestamp: String(Date.parse(file.firstReceivedAt ?? file.sentAt)),
  },
  messageAttributes: {},
  md5OfBody: createHash('md5').update(file.body).digest('hex'),
  eventSource: 'aws:sqs',
  eventSourceARN: `arn:aws:sqs:local:000000000000:${queueName}`,
  awsRegion: 'local',
})

/**
 * Runs a queue worker locally. Like SQS with Lambda: a received message is out of sight for the
 * visibility timeout; the ones the handler reports in `batchItemFailures` (or all, if it throws)
 * come back after it; after `maxReceiveCount` receives a message is set aside as a dead letter
 * and its file deleted; a message the handler did not report is deleted. One runner per folder:
 * it is not safe against a second runner on the same folder (SQS is).
 */
export const startQueueRunner = (options: QueueRunnerOptions): QueueRunner => {
  const { name, dir, handler, batchSize, maxReceiveCount } = options
  const pollMs = options.pollMs ?? 250
  const visibilityMs = options.visibilityTimeoutMs ?? 10_000
  const now = options.now ?? (() => new Date())
  const log = options.log ?? ((line: string) => console.error(line))
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10) {
    throw new Error(`batchSize must be 1..10, not ${batchSize}`)
  }
  if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1) throw new Error('maxReceiveCount must be 1 or more')

  const deadLetters: QueueDeadLetter[] = []
  let stopped = false
  let failingSince: string | undefined

  const setAside = async (file: QueueFile, error: string) => {
    const deadLetter: QueueDeadLetter = {
      messageId: file.messageId,
      jobId: jobIdOf(file.body),
      error,
      attempts: file.receiveCount,
      time: new Date().toISOString(),
    }
    deadLetters.push(deadLetter)
    log(JSON.stringify({ level: 'error', worker: name, message: 'message set aside', ...deadLetter }))
    try {
      await options.onDeadLetter?.(deadLetter)
    } catch (failure) {
      log(JSON.stringify({ level: 'error', worker: name, message: 'onDeadLetter failed', error: messageOf(failure) }))
    }
  }

  /** One batch of due messages; the number handed to the handler (0: nothing was due). */
  const cycle = async (): Promise<number> => {
    const at = now()
    const due = (await readQueueFiles(dir))
      .filter(({ file }) => file.visibleAt === null || Date.parse(file.visibleAt) <= at.getTime())
      .slice(0, batchSize)
    if (due.length === 0) return 0
    // Received: counted and out of sight for the visibility timeout, as SQS does before the handler runs.
    const received = due.map(({ name: fileName, file }) => ({
      fileName,
      file: {
        ...file,
        receiveCount: file.receiveCount + 1,
        firstReceivedAt: file.firstReceivedAt ?? at.toISOString(),
        visibleAt: new Date(at.getTime() + visibilityMs).toISOString(),
      },
    }))
    for (const { fileName, file } of received) await writeQueueFile(dir, file, fileName)

    const errors = new Map<string, string>()
    const context = {
      functionName: name,
      functionVersion: '$LATEST',
      awsRequestId: randomUUID(),
      callbackWaitsForEmptyEventLoop: false,
      [failureSink]: (messageId: string, error: string) => errors.set(messageId, error),
    } as unknown as Context
    let failed: Map<string, string>
    try {
      const response = await handler({ Records: received.map(({ file }) => toSqsRecord(file, name)) }, context)
      const failures = response?.batchItemFailures ?? []
      const inBatch = new Set(received.map(({ file }) => file.messageId))
      const unknown = failures.find((f) => !inBatch.has(f.itemIdentifier))
      // Lambda treats a failure it cannot place as a failure of the whole batch.
      failed = unknown
        ? new Map(received.map(({ file }) => [file.messageId, `batchItemFailures names ${unknown.itemIdentifier}`]))
        : new Map(
            failures.map((f) => [f.itemIdentifier, errors.get(f.itemIdentifier) ?? 'reported failed by the handler']),
          )
    } catch (error) {
      failed = new Map(received.map(({ file }) => [file.messageId, messageOf(error)]))
    }

    for (const { fileName, file } of received) {
      const error = failed.get(file.messageId)
      if (error === undefined) {
        await deleteQueueFile(dir, fileName)
      } else if (file.receiveCount >= maxReceiveCount) {
        await setAside(file, error)
        await deleteQueueFile(dir, fileName)
      }
      // Otherwise the file stays, out of sight until its visibility timeout ends.
    }
    return received.length
  }

  /** Batches until nothing is due; serialised, so a drain and the poll loop never overlap. */
  let turn: Promise<unknown> = Promise.resolve()
  const untilIdle = (): Promise<void> => {
    const run = async () => {
      while (!stopped && (await cycle()) > 0) {}
    }
    const next = turn.then(run, run)
    turn = next.catch(() => {})
    return next
  }

  let timer: NodeJS.Timeout | undefined
  let loopDone: Promise<void> = Promise.resolve()
  const schedule = () => {
    if (stopped) return
    timer = setTimeout(() => {
      loopDone = untilIdle()
        .then(() => {
          if (failingSince) log(JSON.stringify({ level: 'info', worker: name, message: 'queue readable again' }))
          failingSince = undefined
        })
        .catch((error: unknown) => {
          const message = messageOf(error)
          if (failingSince !== message) {
            log(JSON.stringify({ level: 'error', worker: name, message: 'reading the queue failed', error: message }))
          }
          failingSince = message
        })
        .finally(schedule)
    }, pollMs)
  }
  schedule()

  return {
    deadLetters,
    drain: () => {
      if (stopped) return Promise.reject(new Error(`Queue runner ${name} is stopped`))
      return untilIdle()
    },
    stop: async () => {
      if (stopped) return
      stopped = true
      if (timer) clearTimeout(timer)
      await loopDone
      await turn
    },
  }
}
