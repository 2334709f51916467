import { randomUUID } from 'node:crypto'
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type _Record as SdkRecord,
  type AttributeValue as SdkValue,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams'
import type { AttributeValue, Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda'
import { type FailureSink, failureSink, itemIdentity } from '../../functions/stream/stream-handler'
import { unmarshallImage } from '../../shared/db/stream-image'

/** A Lambda handler for DynamoDB stream events, such as one made by `streamHandler`. */
export type StreamEventHandler = (
  event: DynamoDBStreamEvent,
  context: Context,
) => Promise<DynamoDBBatchResponse | undefined>

/** A change the handler kept failing on, set aside so that the others go on. */
export interface DeadLetter {
  /** The failed record's sequence number (the earliest record of its item in the batch). */
  sequenceNumber: string
  eventName: string
  /** The item's keys; never the images, they hold personal data. */
  keys: Record<string, unknown>
  /** The last error, as the handler reported it (or threw it). */
  error: string
  attempts: number
  /** When it was set aside (ISO 8601). */
  time: string
}

export interface StreamRunnerOptions {
  /** DynamoDB Local; the stream is read from the same endpoint. */
  endpoint: string
  tableName: string
  handler: StreamEventHandler
  /** Only changes of items with one of these `entity` values (new or old image) reach the handler. */
  entities: readonly string[]
  /** Names the runner in its log lines and in the handler's context. */
  name?: string
  /** Records per `GetRecords` call and so at most per handler call (1–1000). */
  batchSize?: number
  /** Calls of the handler for one failed record, the first included, before it is set aside. */
  maxAttempts?: number
  /** Pause between polls once the stream has been read to its end. */
  pollMs?: number
  onDeadLetter?: (deadLetter: DeadLetter) => void | Promise<void>
  /** Problems and dead letters, one line each; defaults to `console.error`. */
  log?: (line: string) => void
}

export interface StreamRunner {
  /** Stops polling after the current batch; pending drains are rejected. */
  stop(): Promise<void>
  /**
   * Resolves once every record written to the stream before the call has been handled or set
   * aside (retries included): a poll that started after the call found every shard read to its
   * end and no retry pending. Rejects after `timeoutMs` (default 30 s).
   */
  drain(timeoutMs?: number): Promise<void>
  /** The changes set aside so far, oldest first. */
  readonly deadLetters: DeadLetter[]
}

interface ShardState {
  shardId: string
  parentShardId: string | undefined
  iterator: string | undefined
  lastSequenceNumber: string | undefined
  /** Closed and read to its end (`NextShardIterator` was null), or gone. */
  finished: boolean
  /** The last read returned less than a full page: nothing more was there. */
  caughtUp: boolean
}

interface StreamState {
  arn: string
  shards: Map<string, ShardState>
}

interface Retry {
  /** The failed record and the later records of the same item from its batch, oldest first. */
  records: DynamoDBRecord[]
  attempts: number
  dueAt: number
  error: string
}

type Outcome = { failed: Map<string, string> } | { thrown: string }

const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' }

/** True for an SDK error of this name (the streams client has its own error classes). */
const isError = (error: unknown, name: string): boolean => error instanceof Error && error.name === name

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** The stream API returns binaries as bytes; Lambda's JSON event has them as base64 strings. */
const toLambdaValue = (value: SdkValue): AttributeValue => {
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') }
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b).toString('base64')) }
  if (value.M !== undefined) return { M: toLambdaImage(value.M) }
  if (value.L !== undefined) return { L: value.L.map(toLambdaValue) }
  return value as AttributeValue
}

const toLambdaImage = (image: Record<string, SdkValue>): Record<string, AttributeValue> =>
  Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toLambdaValue(value)]))

/** A record as Lambda's event source mapping hands it to the function. */
export const toLambdaRecord = (record: SdkRecord, streamArn: string): DynamoDBRecord => {
  const stream = record.dynamodb ?? {}
  const dynamodb: NonNullable<DynamoDBRecord['dynamodb']> = {}
  if (stream.ApproximateCreationDateTime) {
    dynamodb.ApproximateCreationDateTime = Math.floor(stream.ApproximateCreationDateTime.getTime() / 1000)
  }
  if (stream.Keys) dynamodb.Keys = toLambdaImage(stream.Keys)
  if (stream.NewImage) dynamodb.NewImage = toLambdaImage(stream.NewImage)
  if (stream.OldImage) dynamodb.OldImage = toLambdaImage(stream.OldImage)
  if (stream.SequenceNumber) dynamodb.SequenceNumber = stream.SequenceNumber
  if (stream.SizeBytes !== undefined) dynamodb.SizeBytes = stream.SizeBytes
  if (stream.StreamViewType) dynamodb.StreamViewType = stream.StreamViewType
  const lambdaRecord: DynamoDBRecord = {
    eventID: record.eventID,
    eventVersion: record.eventVersion,
    eventSource: record.eventSource ?? 'aws:dynamodb',
    awsRegion: record.awsRegion,
    dynamodb,
    eventSourceARN: streamArn,
  }
  if (record.eventName) lambdaRecord.eventName = record.eventName
  return lambdaRecord
}

/**
 * The filter the event source mapping applies in AWS (infra/workers-stack.ts): the record's new
 * or old image has one of these `entity` values.
 */
export const matchesEntities = (record: DynamoDBRecord, entities: readonly string[]): boolean =>
  [record.dynamodb?.NewImage?.entity?.S, record.dynamodb?.OldImage?.entity?.S].some(
    (entity) => entity !== undefined && entities.includes(entity),
  )

/**
 * The shards that may be read now, parents before children: a child shard holds later changes of
 * the same items, so it waits until its parent is closed and read to its end (or gone).
 */
export const readableShards = <S extends { shardId: string; parentShardId: string | undefined; finished: boolean }>(
  shards: ReadonlyMap<string, S>,
): S[] =>
  [...shards.values()].filter((shard) => {
    if (shard.finished) return false
    const parent = shard.parentShardId === undefined ? undefined : shards.get(shard.parentShardId)
    return parent === undefined || parent.finished
  })

const sequenceOf = (record: DynamoDBRecord): string => record.dynamodb?.SequenceNumber ?? ''

/**
 * Runs a stream worker locally: polls DynamoDB Local's stream of the table and calls `handler`
 * with events shaped like Lambda's (`DynamoDBStreamEvent`), one shard's batch at a time, after
 * the entity filter AWS applies. It starts at the oldest record (TRIM_HORIZON), follows shard
 * rotation (re-describes the stream; a child shard is read after its parent is read to its end)
 * and a new stream when the table is recreated or its stream switched off and on.
 *
 * DynamoDB Local 3.3 as a server never rolls shards over by itself (its four-hourly rollover job
 * is only started in embedded mode): a stream has one shard until it is switched off, which
 * closes it. It keeps records 24 hours, so a restart of `npm start` replays the last day.
 *
 * Failures differ from Lambda on purpose: Lambda retries a shard from the failed record and
 * holds the shard meanwhile; here the failed records alone (with the later records of the same
 * item from their batch, as Lambda would resend them) are retried with a short backoff until
 * `maxAttempts` calls have failed, then set aside as dead letters, and the shard goes on at
 * once. Both need an idempotent, order-insensitive handler.
 */
export const startStreamRunner = async (options: StreamRunnerOptions): Promise<StreamRunner> => {
  const name = options.name ?? 'stream'
  const batchSize = options.batchSize ?? 100
  const maxAttempts = options.maxAttempts ?? 3
  const pollMs = options.pollMs ?? 200
  const log = options.log ?? ((line: string) => console.error(line))
  const { handler, entities, tableName } = options
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000) {
    throw new Error(`batchSize must be 1..1000, not ${batchSize}`)
  }
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error(`maxAttempts must be 1 or more`)

  const connection = { endpoint: options.endpoint, region: 'eu-west-1', credentials: localCredentials }
  const db = new DynamoDBClient(connection)
  const streams = new DynamoDBStreamsClient(connection)

  const latestStreamArn = async (): Promise<string | undefined> => {
    try {
      const { Table } = await db.send(new DescribeTableCommand({ TableName: tableName }))
      return Table?.StreamSpecification?.StreamEnabled ? Table.LatestStreamArn : undefined
    } catch (error) {
      if (isError(error, 'ResourceNotFoundException')) return undefined
      throw error
    }
  }

  const firstArn = await latestStreamArn().catch((error: unknown) => {
    db.destroy()
    streams.destroy()
    throw error
  })
  if (!firstArn) {
    db.destroy()
    streams.destroy()
    throw new Error(`Table ${tableName} has no stream at ${options.endpoint}`)
  }

  /** Streams being read, oldest first: the latest one, and older ones until read to their end. */
  const streamStates: StreamState[] = [{ arn: firstArn, shards: new Map() }]
  const retries: Retry[] = []
  const deadLetters: DeadLetter[] = []
  const drains: { minCycle: number; resolve: () => void; reject: (error: Error) => void }[] = []
  let cyclesStarted = 0
  let stopped = false
  let failingSince: string | undefined
  // A wake-up (drain, stop) that comes while a poll runs skips the pause after it.
  let wakePending = false
  let endPause: (() => void) | undefined
  const wake = () => {
    wakePending = true
    endPause?.()
  }

  const invoke = async (records: DynamoDBRecord[]): Promise<Outcome> => {
    const errors = new Map<string, string>()
    const sink: FailureSink = (sequenceNumber, error) => errors.set(sequenceNumber, error)
    const context = {
      functionName: name,
      functionVersion: '$LATEST',
      awsRequestId: randomUUID(),
      callbackWaitsForEmptyEventLoop: false,
      [failureSink]: sink,
    } as unknown as Context
    try {
      const response = await handler({ Records: records }, context)
      const failures = response?.batchItemFailures ?? []
      const inBatch = new Set(records.map(sequenceOf))
      // Lambda treats a failure it cannot place as a failure of the whole batch.
      const unknown = failures.find((failure) => !inBatch.has(failure.itemIdentifier))
      if (unknown) return { thrown: `batchItemFailures names a record not in the batch: ${unknown.itemIdentifier}` }
      return {
        failed: new Map(
          failures.map((f) => [f.itemIdentifier, errors.get(f.itemIdentifier) ?? 'reported failed by the handler']),
        ),
      }
    } catch (error) {
      return { thrown: messageOf(error) }
    }
  }

  const setAside = async (retry: Retry) => {
    const first = retry.records[0]
    const deadLetter: DeadLetter = {
      sequenceNumber: first ? sequenceOf(first) : '',
      eventName: first?.eventName ?? '',
      keys: first?.dynamodb?.Keys ? unmarshallImage(first.dynamodb.Keys) : {},
      error: retry.error,
      attempts: retry.attempts,
      time: new Date().toISOString(),
    }
    deadLetters.push(deadLetter)
    log(JSON.stringify({ level: 'error', worker: name, message: 'stream change set aside', ...deadLetter }))
    try {
      await options.onDeadLetter?.(deadLetter)
    } catch (error) {
      log(JSON.stringify({ level: 'error', worker: name, message: 'onDeadLetter failed', error: messageOf(error) }))
    }
  }

  /** Counts a failed attempt; sets the change aside after the last one. */
  const failed = async (retry: Retry, error: string) => {
    retry.attempts += 1
    retry.error = error
    if (retry.attempts >= maxAttempts) {
      await setAside(retry)
      return
    }
    retry.dueAt = Date.now() + Math.min(100 * 2 ** (retry.attempts - 1), 5_000)
    retries.push(retry)
  }

  /** Hands one page of a shard to the handler; what fails is queued for a retry. */
  const deliver = async (records: DynamoDBRecord[]) => {
    const batch = records.filter((record) => matchesEntities(record, entities))
    if (batch.length === 0) return
    const outcome = await invoke(batch)
    if ('thrown' in outcome) {
      // Retried item by item, so that one bad item does not keep failing the others.
      const items = new Map<string, DynamoDBRecord[]>()
      for (const record of batch) {
        const identity = itemIdentity(record)
        items.set(identity, [...(items.get(identity) ?? []), record])
      }
      for (const itemRecords of items.values()) {
        await failed({ records: itemRecords, attempts: 0, dueAt: 0, error: '' }, outcome.thrown)
      }
      return
    }
    const queued = new Set<string>()
    for (const [sequenceNumber, error] of outcome.failed) {
      if (queued.has(sequenceNumber)) continue
      const index = batch.findIndex((record) => sequenceOf(record) === sequenceNumber)
      const identity = itemIdentity(batch[index] as DynamoDBRecord)
      const itemRecords = batch.slice(index).filter((record) => itemIdentity(record) === identity)
      for (const record of itemRecords) queued.add(sequenceOf(record))
      await failed({ records: itemRecords, attempts: 0, dueAt: 0, error: '' }, error)
    }
  }

  const runDueRetries = async () => {
    const now = Date.now()
    const due = retries.filter((retry) => retry.dueAt <= now)
    for (const retry of due) {
      if (stopped) return
      retries.splice(retries.indexOf(retry), 1)
      const outcome = await invoke(retry.records)
      if ('thrown' in outcome) await failed(retry, outcome.thrown)
      else if (outcome.failed.size > 0) await failed(retry, [...outcome.failed.values()][0] ?? '')
    }
  }

  const describeShards = async (stream: StreamState): Promise<boolean> => {
    let exclusiveStartShardId: string | undefined
    const found: Shard[] = []
    try {
      do {
        const { StreamDescription } = await streams.send(
          new DescribeStreamCommand({ StreamArn: stream.arn, ExclusiveStartShardId: exclusiveStartShardId }),
        )
        found.push(...(StreamDescription?.Shards ?? []))
        exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId
      } while (exclusiveStartShardId)
    } catch (error) {
      if (isError(error, 'ResourceNotFoundException')) return false
      throw error
    }
    for (const shard of found) {
      if (!shard.ShardId || stream.shards.has(shard.ShardId)) continue
      stream.shards.set(shard.ShardId, {
        shardId: shard.ShardId,
        parentShardId: shard.ParentShardId,
        iterator: undefined,
        lastSequenceNumber: undefined,
        finished: false,
        caughtUp: false,
      })
    }
    return true
  }

  /** Reads a shard page by page until it is caught up or closed. */
  const readShard = async (stream: StreamState, shard: ShardState) => {
    let expiredOnce = false
    while (!stopped) {
      if (!shard.iterator) {
        try {
          const { ShardIterator } = await streams.send(
            new GetShardIteratorCommand({
              StreamArn: stream.arn,
              ShardId: shard.shardId,
              ...(shard.lastSequenceNumber
                ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: shard.lastSequenceNumber }
                : { ShardIteratorType: 'TRIM_HORIZON' }),
            }),
          )
          shard.iterator = ShardIterator
        } catch (error) {
          // The last record read is older than the stream keeps (24 hours): start from the oldest kept.
          if (isError(error, 'TrimmedDataAccessException') && shard.lastSequenceNumber) {
            log(JSON.stringify({ level: 'warn', worker: name, message: 'records trimmed before they were read' }))
            shard.lastSequenceNumber = undefined
            continue
          }
          // The shard (or its records) expired: nothing more to read in it.
          if (isError(error, 'ResourceNotFoundException') || isError(error, 'TrimmedDataAccessException')) {
            shard.finished = true
            return
          }
          throw error
        }
        if (!shard.iterator) {
          shard.finished = true
          return
        }
      }
      let page: GetRecordsCommandOutput
      try {
        page = await streams.send(new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: batchSize }))
      } catch (error) {
        // An iterator lives 15 minutes (a laptop that slept); a new one starts after the last record read.
        if (isError(error, 'ExpiredIteratorException') && !expiredOnce) {
          expiredOnce = true
          shard.iterator = undefined
          continue
        }
        if (isError(error, 'TrimmedDataAccessException')) {
          log(JSON.stringify({ level: 'warn', worker: name, message: 'records trimmed before they were read' }))
          shard.lastSequenceNumber = undefined
          shard.iterator = undefined
          continue
        }
        if (isError(error, 'ResourceNotFoundException')) {
          shard.finished = true
          return
        }
        throw error
      }
      const records = (page.Records ?? []).map((record) => toLambdaRecord(record, stream.arn))
      await deliver(records)
      const last = records[records.length - 1]
      if (last) shard.lastSequenceNumber = sequenceOf(last)
      shard.iterator = page.NextShardIterator
      if (!page.NextShardIterator) {
        shard.finished = true
        return
      }
      shard.caughtUp = records.length < batchSize
      if (shard.caughtUp) return
    }
  }

  /** One poll: every stream and shard, then the retries that are due. True when all is read and done. */
  const cycle = async (): Promise<boolean> => {
    const latest = await latestStreamArn()
    if (latest && !streamStates.some((stream) => stream.arn === latest)) {
      log(JSON.stringify({ level: 'info', worker: name, message: 'following a new stream', streamArn: latest }))
      streamStates.push({ arn: latest, shards: new Map() })
    }
    for (const stream of [...streamStates]) {
      if (stopped) return false
      const exists = await describeShards(stream)
      if (exists) {
        const done = new Set<string>()
        for (;;) {
          const next = readableShards(stream.shards).find((shard) => !done.has(shard.shardId))
          if (!next || stopped) break
          done.add(next.shardId)
          await readShard(stream, next)
        }
      }
      const finished = [...stream.shards.values()].every((shard) => shard.finished)
      // An older stream (the table was recreated, or its stream switched off and on) is dropped once read.
      if (!exists || (stream.arn !== latest && finished)) streamStates.splice(streamStates.indexOf(stream), 1)
    }
    await runDueRetries()
    const allRead = streamStates.every((stream) =>
      [...stream.shards.values()].every((shard) => shard.finished || shard.caughtUp),
    )
    return allRead && retries.length === 0
  }

  const settleDrains = (cycleNumber: number, quiet: boolean) => {
    if (!quiet) return
    for (const drain of [...drains]) {
      if (cycleNumber < drain.minCycle) continue
      drains.splice(drains.indexOf(drain), 1)
      drain.resolve()
    }
  }

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer)
        endPause = undefined
        wakePending = false
        resolve()
      }
      const timer = setTimeout(done, wakePending ? 0 : ms)
      endPause = done
    })

  const loop = async () => {
    while (!stopped) {
      const cycleNumber = ++cyclesStarted
      let quiet = false
      try {
        quiet = await cycle()
        if (failingSince) log(JSON.stringify({ level: 'info', worker: name, message: 'stream readable again' }))
        failingSince = undefined
      } catch (error) {
        // Logged once per distinct problem (DynamoDB Local restarting, say), then retried quietly.
        const message = messageOf(error)
        if (failingSince !== message) {
          log(JSON.stringify({ level: 'error', worker: name, message: 'reading the stream failed', error: message }))
        }
        failingSince = message
      }
      settleDrains(cycleNumber, quiet)
      if (stopped) break
      const nextRetry = Math.min(...retries.map((retry) => retry.dueAt))
      await pause(failingSince ? Math.max(pollMs, 1_000) : Math.min(pollMs, Math.max(0, nextRetry - Date.now())))
    }
  }

  const running = loop()

  return {
    deadLetters,
    drain: (timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        if (stopped) return reject(new Error(`Stream runner ${name} is stopped`))
        const timer = setTimeout(() => {
          const index = drains.indexOf(entry)
          if (index >= 0) drains.splice(index, 1)
          reject(
            new Error(
              `Stream runner ${name} did not drain within ${timeoutMs} ms (${retries.length} retries pending${
                failingSince ? `; last error: ${failingSince}` : ''
              })`,
            ),
          )
        }, timeoutMs)
        const entry = {
          minCycle: cyclesStarted + 1,
          resolve: () => {
            clearTimeout(timer)
            resolve()
          },
          reject: (error: Error) => {
            clearTimeout(timer)
            reject(error)
          },
        }
        drains.push(entry)
        wake()
      }),
    stop: async () => {
      if (stopped) return
      stopped = true
      wake()
      await running
      for (const drain of drains.splice(0)) drain.reject(new Error(`Stream runner ${name} stopped`))
      db.destroy()
      streams.destroy()
    },
  }
}
