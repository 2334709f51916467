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
