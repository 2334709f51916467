import { DescribeTableCommand, DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb'
import { DeleteCommand, GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda'
import { afterEach, describe, expect, it } from 'vitest'
import { type StreamChange, streamHandler } from '../../functions/stream/stream-handler'
import { type DeadLetter, readableShards, type StreamEventHandler } from '../../scripts/lib/local-stream'
import { createTestTable, testDocumentClient } from '../support/dynamodb'
import { startTestStreamRunner, type TestStreamRunner } from '../support/stream'

const context = { functionName: 'test', awsRequestId: 'test' } as Context

/** Everything a test started, stopped after it (runner first, then the clients). */
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/**
 * A table of its own (the runner reads the stream from its start) with the toy worker on it: for
 * each changed post it reads the post's CURRENT state and writes (or removes) a mirror item, so
 * it is idempotent and order-insensitive like the matching worker. Mirror items have another
 * entity, so the worker never sees its own writes. Posts whose pk is in `poison` make it throw.
 */
const setUp = async (options: { maxAttempts?: number; batchSize?: number; pollMs?: number } = {}) => {
  const table = await createTestTable()
  const db = testDocumentClient(table.endpoint)
  cleanups.push(() => db.destroy())
  const changes: StreamChange[] = []
  const events: DynamoDBStreamEvent[] = []
  const handlerLog: string[] = []
  const deadLetterCalls: DeadLetter[] = []
  const poison = new Set<string>()
  let gate: Promise<void> | undefined

  const processChange = async (change: StreamChange) => {
    changes.push(change)
    await gate
    const { pk, sk } = change.keys as { pk: string; sk: string }
    if (poison.has(pk)) throw new Error(`poisoned ${pk}`)
    const { Item } = await db.send(
      new GetCommand({ TableName: table.tableName, Key: { pk, sk }, ConsistentRead: true }),
    )
    const mirrorKey = { pk: `MIRROR#${pk}`, sk }
    if (Item) {
      await db.send(
        new PutCommand({ TableName: table.tableName, Item: { ...mirrorKey, entity: 'mirror', title: Item.title } }),
      )
    } else {
      await db.send(new DeleteCommand({ TableName: table.tableName, Key: mirrorKey }))
    }
  }
  const handler = streamHandler('toy', processChange, { log: (line) => handlerLog.push(line) })
  const stream: TestStreamRunner = await startTestStreamRunner(table, {
    name: 'toy',
    entities: ['post'],
    ...options,
    handler: async (event, handlerContext) => {
      events.push(structuredClone(event))
      return handler(event, handlerContext)
    },
    onDeadLetter: (deadLetter) => {
      deadLetterCalls.push(deadLetter)
    },
  })
  cleanups.push(stream.stop)
  // The first poll has run: with a long poll interval, what the test writes next is read as one batch on drain.
  await stream.runner.drain()

  const mirrors = async () => {
    const { Items = [] } = await db.send(
      new ScanCommand({
        TableName: table.tableName,
        FilterExpression: 'entity = :mirror',
        ExpressionAttributeValues: { ':mirror': 'mirror' },
        ConsistentRead: true,
      }),
    )
    return Object.fromEntries(Items.map((item) => [String(item.pk).replace('MIRROR#', ''), item.title]))
  }
  const putPost = (pk: string, title: string, extra: Record<string, unknown> = {}) =>
    db.send(new PutCommand({ TableName: table.tableName, Item: { pk, sk: 'POST', entity: 'post', title, ...extra } }))

  return {
    ...table,
    db,
    ...stream,
    handler,
    changes,
    events,
    handlerLog,
    deadLetterCalls,
    poison,
    mirrors,
    putPost,
    /** Holds the processor until the returned function is called. */
    hold: () => {
      let release = () => {}
      gate = new Promise<void>((resolve) => {
        release = resolve
      })
      return () => {
        gate = undefined
        release()
      }
    },
  }
}

/** A low-level client for table settings, destroyed after the test. */
const tableClient = (endpoint: string) => {
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
  cleanups.push(() => client.destroy())
  return client
}

const recordsOf = (events: DynamoDBStreamEvent[]): DynamoDBRecord[] => events.flatMap((event) => event.Records)

describe('the local stream runner (DynamoDB Local)', () => {
  it('delivers INSERT, MODIFY and REMOVE records shaped like Lambda’s, and the processor gets the images', async () => {
    const t = await setUp()
    const { StreamSpecification, LatestStreamArn } =
      (await tableClient(t.endpoint).send(new DescribeTableCommand({ TableName: t.tableName }))).Table ?? {}
    expect(StreamSpecification?.StreamViewType).toBe('NEW_AND_OLD_IMAGES')

    await t.putPost('P#1', 'Ladder te leen', {
      size: 3,
      tags: new Set(['klussen', 'tuin']),
      photo: Uint8Array.of(1, 2, 3),
    })
    await t.runner.drain()
    await t.db.send(
      new UpdateCommand({
        TableName: t.tableName,
        Key: { pk: 'P#1', sk: 'POST' },
        UpdateExpression: 'SET title = :title',
        ExpressionAttributeValues: { ':title': 'Ladder (3 m) te leen' },
      }),
    )
    await t.runner.drain()
    await t.db.send(new DeleteCommand({ TableName: t.tableName, Key: { pk: 'P#1', sk: 'POST' } }))
    await t.runner.drain()

    const records = recordsOf(t.events)
    expect(records.map((record) => record.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE'])
    const [insert, modify, remove] = records
    expect(insert).toMatchObject({
      eventSource: 'aws:dynamodb',
      eventVersion: '1.1',
      eventSourceARN: LatestStreamArn,
      dynamodb: {
        Keys: { pk: { S: 'P#1' }, sk: { S: 'POST' } },
        NewImage: {
          pk: { S: 'P#1' },
          title: { S: 'Ladder te leen' },
          size: { N: '3' },
          entity: { S: 'post' },
          // Lambda's JSON carries binaries as base64.
          photo: { B: Buffer.from([1, 2, 3]).toString('base64') },
        },
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    })
    expect(insert?.dynamodb?.OldImage).toBeUndefined()
    expect(insert?.dynamodb?.ApproximateCreationDateTime).toEqual(expect.any(Number))
    expect(modify?.dynamodb?.OldImage?.title).toEqual({ S: 'Ladder te leen' })
    expect(modify?.dynamodb?.NewImage?.title).toEqual({ S: 'Ladder (3 m) te leen' })
    expect(remove?.dynamodb?.NewImage).toBeUndefined()
    expect(remove?.dynamodb?.OldImage?.title).toEqual({ S: 'Ladder (3 m) te leen' })
    const sequenceNumbers = records.map((record) => BigInt(record.dynamodb?.SequenceNumber ?? '0'))
    expect(sequenceNumbers).toEqual([...sequenceNumbers].sort((a, b) => (a < b ? -1 : 1)))

    // What the processor gets: plain values.
    expect(t.changes.map((change) => change.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE'])
    const [created, changed, removed] = t.changes
    expect(created?.keys).toEqual({ pk: 'P#1', sk: 'POST' })
    expect(created?.newImage).toMatchObject({ title: 'Ladder te leen', size: 3, tags: new Set(['klussen', 'tuin']) })
    expect(Buffer.from(created?.newImage?.photo as Uint8Array)).toEqual(Buffer.from([1, 2, 3]))
    expect(created?.oldImage).toBeUndefined()
    expect(changed).toMatchObject({
      oldImage: { title: 'Ladder te leen' },
      newImage: { title: 'Ladder (3 m) te leen' },
    })
    expect(removed?.newImage).toBeUndefined()
    expect(removed?.oldImage).toMatchObject({ title: 'Ladder (3 m) te leen' })
    expect(removed?.sequenceNumber).toBe(remove?.dynamodb?.SequenceNumber)
    expect(await t.mirrors()).toEqual({})
  })

  it('passes on only the declared entities, by the new or the old image', async () => {
    const t = await setUp()
    const put = (pk: string, entity: string) =>
      t.db.send(new PutCommand({ TableName: t.tableName, Item: { pk, sk: 'X', entity, title: pk } }))
    await put('C#1', 'community')
    await put('M#1', 'member')
    await put('P#1', 'post')
    await put('P#2', 'post')
    await t.db.send(new DeleteCommand({ TableName: t.tableName, Key: { pk: 'P#2', sk: 'X' } }))
    await t.db.send(new DeleteCommand({ TableName: t.tableName, Key: { pk: 'M#1', sk: 'X' } }))
    await t.runner.drain()

    const received = recordsOf(t.events).map((record) => `${record.eventName} ${record.dynamodb?.Keys?.pk?.S}`)
    expect(received).toEqual(['INSERT P#1', 'INSERT P#2', 'REMOVE P#2'])
    // The worker's own writes (entity "mirror") never come back to it.
    expect(await t.mirrors()).toEqual({ 'P#1': 'P#1' })
    expect(recordsOf(t.events).every((record) => !record.dynamodb?.Keys?.pk?.S?.startsWith('MIRROR#'))).toBe(true)
  })

  it('drains: resolves once everything written before is processed, over several pages, and not before', async () => {
    const t = await setUp({ pollMs: 60_000 })
    // A poll interval of a minute: only drain's wake-up gets these read in time.
    for (let i = 0; i < 250; i += 25) {
      await Promise.all(
        Array.from({ length: 25 }, (_, j) => t.putPost(`P#${String(i + j).padStart(3, '0')}`, `post ${i + j}`)),
      )
    }
    await t.runner.drain()
    expect(Object.keys(await t.mirrors())).toHaveLength(250)
    expect(t.events.length).toBeGreaterThanOrEqual(3)
    expect(Math.max(...t.events.map((event) => event.Records.length))).toBe(100)

    // A processor that is still busy holds drain up.
    const release = t.hold()
    await t.putPost('P#late', 'late')
    await expect(t.runner.drain(300)).rejects.toThrow(/did not drain within 300 ms/)
    expect((await t.mirrors())['P#late']).toBeUndefined()
    release()
    await t.runner.drain()
    expect((await t.mirrors())['P#late']).toBe('late')

    // Nothing new: drain resolves at the next poll.
    const started = Date.now()
    await t.runner.drain()
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('leaves the same state when a batch is delivered again, even after newer changes', async () => {
    const t = await setUp()
    await t.putPost('P#1', 'first')
    await t.putPost('P#2', 'second')
    await t.db.send(new DeleteCommand({ TableName: t.tableName, Key: { pk: 'P#2', sk: 'POST' } }))
    await t.putPost('P#3', 'third')
    await t.runner.drain()
    const state = await t.mirrors()
    expect(state).toEqual({ 'P#1': 'first', 'P#3': 'third' })
    const delivered: DynamoDBStreamEvent = { Records: recordsOf(t.events) }
    expect(delivered.Records).toHaveLength(4)

    // Lambda delivers at least once: the same batch twice more.
    expect(await t.handler(delivered, context)).toEqual({ batchItemFailures: [] })
    expect(await t.handler(delivered, context)).toEqual({ batchItemFailures: [] })
    expect(await t.mirrors()).toEqual(state)

    // A stale batch arriving after a newer change does not undo it: the processor reads the current state.
    await t.putPost('P#1', 'first, edited')
    await t.runner.drain()
    expect(await t.handler(delivered, context)).toEqual({ batchItemFailures: [] })
    expect(await t.mirrors()).toEqual({ 'P#1': 'first, edited', 'P#3': 'third' })
  })

  it('retries a poison record maxAttempts times, then sets it aside, while the records around it go on', async () => {
    // Polls only when drained, so that the three posts below are read as one batch.
    const t = await setUp({ maxAttempts: 3, pollMs: 60_000 })
    t.poison.add('P#poison')
    await t.putPost('P#1', 'one')
    await t.putPost('P#poison', 'bad')
    await t.putPost('P#2', 'two')
    await t.runner.drain()
    expect(t.events[0]?.Records.map((record) => record.dynamodb?.Keys?.pk?.S)).toEqual(['P#1', 'P#poison', 'P#2'])
    // A later batch goes through too.
    await t.putPost('P#3', 'three')
    await t.runner.drain()

    expect(await t.mirrors()).toEqual({ 'P#1': 'one', 'P#2': 'two', 'P#3': 'three' })
    const poisonCalls = t.changes.filter((change) => change.keys.pk === 'P#poison')
    expect(poisonCalls).toHaveLength(3)
    expect(t.runner.deadLetters).toHaveLength(1)
    const [deadLetter] = t.runner.deadLetters
    expect(deadLetter).toMatchObject({
      keys: { pk: 'P#poison', sk: 'POST' },
      eventName: 'INSERT',
      error: 'poisoned P#poison',
      attempts: 3,
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    })
    expect(deadLetter?.sequenceNumber).toBe(
      recordsOf(t.events).find((record) => record.dynamodb?.Keys?.pk?.S === 'P#poison')?.dynamodb?.SequenceNumber,
    )
    expect(t.deadLetterCalls).toEqual(t.runner.deadLetters)
    // The handler logged each failure with the keys and the error, never the item.
    expect(t.handlerLog).toHaveLength(3)
    for (const line of t.handlerLog) {
      expect(JSON.parse(line)).toMatchObject({
        worker: 'toy',
        keys: { pk: 'P#poison', sk: 'POST' },
        error: 'poisoned P#poison',
      })
      expect(line).not.toContain('bad')
    }
    expect(JSON.stringify(t.runner.deadLetters)).not.toContain('bad')

    // Fixed, it stays set aside (not replayed), and new changes of the item are processed again.
    t.poison.clear()
    await t.putPost('P#poison', 'good now')
    await t.runner.drain()
    expect((await t.mirrors())['P#poison']).toBe('good now')
    expect(t.runner.deadLetters).toHaveLength(1)
  })

  it('retries item by item when the handler throws for the whole batch', async () => {
    const table = await createTestTable()
    const db = testDocumentClient(table.endpoint)
    cleanups.push(() => db.destroy())
    const calls: string[][] = []
    // A handler without per-record failures: one bad item fails its whole batch.
    const handler: StreamEventHandler = async (event) => {
      const pks = event.Records.map((record) => record.dynamodb?.Keys?.pk?.S ?? '')
      calls.push(pks)
      if (pks.includes('P#bad')) throw new Error('batch failed')
      return { batchItemFailures: [] }
    }
    const stream = await startTestStreamRunner(table, { entities: ['post'], maxAttempts: 2, pollMs: 60_000, handler })
    cleanups.push(stream.stop)
    await stream.runner.drain()
    for (const pk of ['P#1', 'P#bad', 'P#2']) {
      await db.send(new PutCommand({ TableName: table.tableName, Item: { pk, sk: 'POST', entity: 'post' } }))
    }
    await stream.runner.drain()

    expect(
      stream.runner.deadLetters.map((deadLetter) => [deadLetter.keys.pk, deadLetter.attempts, deadLetter.error]),
    ).toEqual([['P#bad', 2, 'batch failed']])
    expect(calls[0]).toEqual(['P#1', 'P#bad', 'P#2'])
    // After the failed batch each item went again on its own; the good ones passed.
    const retried = calls.slice(1)
    expect(retried.every((pks) => pks.length === 1)).toBe(true)
    expect(retried.flat().sort()).toEqual(['P#1', 'P#2', 'P#bad'])
  })

  it('reads a closed shard to its end and follows the new stream when the stream is switched off and on', async () => {
    const t = await setUp({ pollMs: 60_000 })
    const client = tableClient(t.endpoint)
    const streamArn = async () =>
      (await client.send(new DescribeTableCommand({ TableName: t.tableName }))).Table?.LatestStreamArn
    const before = await streamArn()
    await t.putPost('P#old', 'in the old stream')
    await client.send(new UpdateTableCommand({ TableName: t.tableName, StreamSpecification: { StreamEnabled: false } }))
    await client.send(
      new UpdateTableCommand({
        TableName: t.tableName,
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    )
    const after = await streamArn()
    expect(after).not.toBe(before)
    await t.putPost('P#new', 'in the new stream')
    await t.runner.drain()

    const records = recordsOf(t.events)
    expect(records.map((record) => [record.dynamodb?.Keys?.pk?.S, record.eventSourceARN])).toEqual([
      ['P#old', before],
      ['P#new', after],
    ])
    // The mirror writes went to the new stream only (not passed on: another entity).
    expect(await t.mirrors()).toEqual({ 'P#old': 'in the old stream', 'P#new': 'in the new stream' })
  })
})

describe('the stream handler', () => {
  const record = (sequence: number, eventName: 'INSERT' | 'MODIFY' | 'REMOVE', pk: string, title?: string) => ({
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: {
      // Key attributes in either order: the same item.
      Keys: sequence % 2 ? { pk: { S: pk }, sk: { S: 'POST' } } : { sk: { S: 'POST' }, pk: { S: pk } },
      ...(eventName !== 'INSERT' ? { OldImage: { pk: { S: pk }, title: { S: `${title} (before)` } } } : {}),
      ...(eventName !== 'REMOVE' ? { NewImage: { pk: { S: pk }, title: { S: String(title) } } } : {}),
      SequenceNumber: String(sequence).padStart(21, '0'),
      StreamViewType: 'NEW_AND_OLD_IMAGES' as const,
    },
  })

  it('processes only the last record of an item in a batch, and reports a failure for its earliest record', async () => {
    const processed: StreamChange[] = []
    const log: string[] = []
    const handler = streamHandler(
      'unit',
      async (change) => {
        processed.push(change)
        if (change.keys.pk === 'A') throw new Error('A is broken')
      },
      { log: (line) => log.push(line) },
    )
    const event: DynamoDBStreamEvent = {
      Records: [
        record(1, 'INSERT', 'A', 'a1'),
        record(2, 'INSERT', 'B', 'b1'),
        record(3, 'MODIFY', 'A', 'a2'),
        record(4, 'MODIFY', 'A', 'a3'),
        record(5, 'REMOVE', 'B'),
        record(6, 'INSERT', 'C', 'c1'),
      ],
    }

    const response = await handler(event, context)

    expect(processed.map((change) => [change.keys.pk, change.eventName, change.sequenceNumber])).toEqual([
      ['A', 'MODIFY', '000000000000000000004'],
      ['B', 'REMOVE', '000000000000000000005'],
      ['C', 'INSERT', '000000000000000000006'],
    ])
    expect(processed[0]?.newImage).toEqual({ pk: 'A', title: 'a3' })
    expect(processed[0]?.oldImage).toEqual({ pk: 'A', title: 'a3 (before)' })
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '000000000000000000001' }] })
    expect(log).toHaveLength(1)
    expect(JSON.parse(log[0] ?? '')).toEqual({
      level: 'error',
      worker: 'unit',
      message: 'stream change failed',
      eventName: 'MODIFY',
      keys: { pk: 'A', sk: 'POST' },
      sequenceNumber: '000000000000000000001',
      records: 3,
      error: 'A is broken',
    })
    expect(log[0]).not.toContain('a3')
  })

  it('reports nothing for a batch that went through', async () => {
    const handler = streamHandler('unit', async () => {})
    expect(await handler({ Records: [record(1, 'INSERT', 'A', 'a')] }, context)).toEqual({ batchItemFailures: [] })
  })
})

describe('shard order', () => {
  const shards = (list: [id: string, parent: string | undefined, finished: boolean][]) =>
    new Map(list.map(([shardId, parentShardId, finished]) => [shardId, { shardId, parentShardId, finished }]))

  it('reads a parent before its children and a child once its parent is read to its end', () => {
    const ids = (map: ReturnType<typeof shards>) => readableShards(map).map((shard) => shard.shardId)
    expect(
      ids(
        shards([
          ['root', undefined, false],
          ['child', 'root', false],
        ]),
      ),
    ).toEqual(['root'])
    expect(
      ids(
        shards([
          ['root', undefined, true],
          ['child', 'root', false],
          ['grandchild', 'child', false],
        ]),
      ),
    ).toEqual(['child'])
    // A parent that expired (no longer described) does not hold its child back.
    expect(ids(shards([['child', 'gone', false]]))).toEqual(['child'])
    expect(ids(shards([['root', undefined, true]]))).toEqual([])
  })
})
