import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb'
import * as z from 'zod'
import { DomainError } from '../domain/errors'

/**
 * A page cursor is the key of the last item on the page, for the index (or the table) that
 * served it, base64url-encoded. It is checked on the way back in: a cursor for another index or
 * partition (another query, another community) is refused, so a crafted cursor cannot read
 * outside the caller's query.
 */
const cursorSchema = z.strictObject({ i: z.string().max(10), k: z.record(z.string(), z.string().max(1024)) })

export interface CursorScope {
  /** `table` or the index name. */
  index: string
  /** The key attributes of a position in that index: table keys plus the index's keys. */
  keyNames: string[]
  /** The partition attribute and the value every cursor of this query must have. */
  partitionName: string
  partition: string
}

export const encodeCursor = (scope: CursorScope, item: Record<string, unknown>): string => {
  const k: Record<string, string> = {}
  for (const name of scope.keyNames) k[name] = String(item[name])
  return Buffer.from(JSON.stringify({ i: scope.index, k })).toString('base64url')
}

export const decodeCursor = (cursor: string, scope: CursorScope): Record<string, string> => {
  try {
    const parsed = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')))
    const names = Object.keys(parsed.k)
    const fits =
      parsed.i === scope.index &&
      names.length === scope.keyNames.length &&
      scope.keyNames.every((n) => n in parsed.k) &&
      parsed.k[scope.partitionName] === scope.partition
    if (fits) return parsed.k
  } catch {
    // fall through: any malformed cursor is the same error for the caller
  }
  throw new DomainError('INVALID_CURSOR')
}

/** The key names of a position in a global secondary index. */
export const indexKeyNames = (index: string) => ['pk', 'sk', `${index}pk`, `${index}sk`]

/** At most this many index reads per page, so a very selective filter cannot make a request slow. */
const maxRoundsPerPage = 5

/**
 * One page of an index query with filters. With a selective filter it reads ahead (filtered
 * items are read anyway, up to 100 per read and `maxRoundsPerPage` reads); the cursor is the
 * key of the last item kept, so reading ahead never skips an item.
 */
export const readFilteredPage = async (
  db: DynamoDBDocumentClient,
  table: string,
  query: {
    scope: CursorScope
    cursor?: string | undefined
    /** Uses `:p` for the partition. */
    keyCondition: string
    filters: string[]
    /** True when the filters may leave many items out: read ahead. */
    selective: boolean
    names?: Record<string, string>
    values: Record<string, unknown>
    forward: boolean
    limit: number
  },
): Promise<{ items: Record<string, unknown>[]; nextCursor: string | null }> => {
  const { scope, limit } = query
  let startKey: Record<string, unknown> | undefined = query.cursor ? decodeCursor(query.cursor, scope) : undefined
  const kept: Record<string, unknown>[] = []
  let more = true
  for (let round = 0; round < maxRoundsPerPage && kept.length < limit && more; round++) {
    const wanted = limit - kept.length
    const result = await db.send(
      new QueryCommand({
        TableName: table,
        IndexName: scope.index,
        KeyConditionExpression: query.keyCondition,
        ...(query.filters.length > 0 ? { FilterExpression: query.filters.join(' AND ') } : {}),
        ...(query.names && Object.keys(query.names).length > 0 ? { ExpressionAttributeNames: query.names } : {}),
        ExpressionAttributeValues: { ':p': scope.partition, ...query.values },
        ScanIndexForward: query.forward,
        Limit: query.selective ? Math.min(100, wanted * 4) : wanted + 1,
        ExclusiveStartKey: startKey,
      }),
    )
    kept.push(...(result.Items ?? []))
    startKey = result.LastEvaluatedKey
    more = startKey !== undefined
  }
  const items = kept.slice(0, limit)
  let nextCursor: string | null = null
  if (kept.length > limit || more) {
    const resumeAfter = items.at(-1) ?? startKey
    nextCursor = resumeAfter ? encodeCursor(scope, resumeAfter) : null
  }
  return { items, nextCursor }
}

/** One page of a whole index partition, newest first unless `forward` (a member's posts, a member's matches). */
export const readIndexPage = (
  db: DynamoDBDocumentClient,
  table: string,
  query: { index: string; partition: string; limit: number; cursor?: string | undefined; forward?: boolean },
): Promise<{ items: Record<string, unknown>[]; nextCursor: string | null }> =>
  readFilteredPage(db, table, {
    scope: {
      index: query.index,
      keyNames: indexKeyNames(query.index),
      partitionName: `${query.index}pk`,
      partition: query.partition,
    },
    cursor: query.cursor,
    keyCondition: `${query.index}pk = :p`,
    filters: [],
    selective: false,
    values: {},
    forward: query.forward ?? false,
    limit: query.limit,
  })
