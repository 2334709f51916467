import middy from '@middy/core'
import type { DynamoDBBatchItemFailure, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda'
import { unmarshallImage } from '../../shared/db/stream-image'

/** One change of one item, as a stream worker's processor receives it. */
export interface StreamChange {
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE'
  /** The item's key attributes (`pk`, `sk`). */
  keys: Record<string, unknown>
  /** The item before the change; absent for INSERT. */
  oldImage?: Record<string, unknown>
  /** The item after the change; absent for REMOVE. */
  newImage?: Record<string, unknown>
  /**
   * The item before the FIRST change of it in this batch (absent when that one created it).
   * Equal to `oldImage` unless several changes were collapsed into this one: a worker that
   * reacts to every step in between (the lifecycle worker) compares with this image.
   */
  firstOldImage?: Record<string, unknown>
  sequenceNumber: string
}

/**
 * Handles one change. It must be idempotent and must not depend on the order of changes: a
 * change can arrive twice (a retried batch), later than a newer change of another item, and only
 * the last change of an item in a batch is given. Read the current state rather than trusting
 * the new image; use the old image to learn what the item was before.
 */
export type ProcessChange = (change: StreamChange) => Promise<void>

/**
 * Where a stream handler reports why a record failed, besides its log: the local stream runner
 * puts a function under this symbol on the context it passes, so its dead letters carry the
 * error. In AWS the context has no such property and only the log has it.
 */
export const failureSink: unique symbol = Symbol.for('buurtbeurs.stream.failureSink')
export type FailureSink = (sequenceNumber: string, error: string) => void

export interface StreamHandlerOptions {
  /** Where the one-line JSON failure records go; defaults to `console.error`. */
  log?: (line: string) => void
}

/** The same string for the same item, whatever the order of its key attributes. */
export const itemIdentity = (record: DynamoDBRecord): string =>
  JSON.stringify(Object.entries(record.dynamodb?.Keys ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))

const toChange = (record: DynamoDBRecord, sequenceNumber: string): StreamChange => {
  const stream = record.dynamodb ?? {}
  const change: StreamChange = {
    eventName: record.eventName ?? 'MODIFY',
    keys: unmarshallImage(stream.Keys ?? {}),
    sequenceNumber,
  }
  if (stream.OldImage) change.oldImage = unmarshallImage(stream.OldImage)
  if (stream.NewImage) change.newImage = unmarshallImage(stream.NewImage)
  return change
}

/**
 * A Lambda handler for a DynamoDB stream (a @middy/core handler) that gives `processChange` each
 * changed item and reports the records that failed as `batchItemFailures`, so that only those
 * are retried (the event source mapping needs `ReportBatchItemFailures`).
 *
 * Several records of the same item in one batch are collapsed: only the last is processed (the
 * processor reads the current state, so the earlier ones add nothing). If it fails, the failure
 * is reported for the earliest of them: Lambda resumes from the lowest failed sequence number, so
 * all of them come back and none is skipped.
 *
 * A failure is logged as one JSON line with the worker name, the item's keys and the error
 * message, never the images: they hold personal data.
 */
export const streamHandler = (name: string, processChange: ProcessChange, options: StreamHandlerOptions = {}) => {
  const log = options.log ?? ((line: string) => console.error(line))
  return middy<DynamoDBStreamEvent, DynamoDBBatchResponse>().handler(async (event, context) => {
    const sink = (context as unknown as { [failureSink]?: FailureSink } | undefined)?.[failureSink]
    // Items in the order of their first record; each with all its records, oldest first.
    const items = new Map<string, DynamoDBRecord[]>()
    for (const record of event.Records) {
      if (!record.dynamodb?.SequenceNumber || !record.eventName) {
        log(
          JSON.stringify({
            level: 'warn',
            worker: name,
            message: 'stream record without sequence number or event name',
          }),
        )
        continue
      }
      const identity = itemIdentity(record)
      const records = items.get(identity)
      if (records) records.push(record)
      else items.set(identity, [record])
    }

    const batchItemFailures: DynamoDBBatchItemFailure[] = []
    for (const records of items.values()) {
      const earliest = records[0]?.dynamodb?.SequenceNumber ?? ''
      const last = records[records.length - 1] as DynamoDBRecord
      let keys: Record<string, unknown> = {}
      try {
        const change = toChange(last, last.dynamodb?.SequenceNumber ?? earliest)
        const firstOld = records[0]?.dynamodb?.OldImage
        if (firstOld) change.firstOldImage = unmarshallImage(firstOld)
        keys = change.keys
        await processChange(change)
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        log(
          JSON.stringify({
            level: 'error',
            worker: name,
            message: 'stream change failed',
            eventName: last.eventName,
            keys,
            sequenceNumber: earliest,
            records: records.length,
            error: message,
          }),
        )
        batchItemFailures.push({ itemIdentifier: earliest })
        sink?.(earliest, message)
      }
    }
    return { batchItemFailures }
  })
}
