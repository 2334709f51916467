/**
 * Matches. Access patterns:
 * - one match by id: `C#<c>#X#<matchId>` / `MATCH` (the id is `<requestId>_<offerId>`, so the
 *   first yes of either side finds the same item);
 * - a post's matches: link items `C#<c>#P#<postId>` / `MATCH#<matchId>` in the post's partition,
 *   then the matches by key;
 * - a member's matches, newest first: link items `C#<c>#M#<memberId>` / `MATCH#<matchId>`,
 *   listed by gsi4 (`memberMatchIndexKeys`), then the matches by key;
 * - the community's matches in one status, least recently changed first: gsi2
 *   (`matchIndexKeys`, `C#<c>#MATCHES#<status>`, sort key `<updatedAt>#<id>`), so the brokers'
 *   lists and the expiry of old proposals read only what they show.
 *
 * The acceptance is one TransactWrite over the match, both posts and the helper: the counters
 * can never pass a post's quantity or the helper's capacity, however many accept at once.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb'
import { DomainError } from '../domain/errors'
import type { ErrorCode } from '../schemas/errors'
import { type Match, matchSchema } from '../schemas/match'
import { defaultHelping } from '../schemas/member'
import type { MatchStore } from '../services/ports'
import { isTransactionCancelled, putIfVersion, queryAll, withoutKeys } from './client'
import { indexKeyNames, readFilteredPage, readIndexPage } from './cursor'
import {
  keyAttributes,
  keys,
  matchesPartition,
  matchIndexKeys,
  memberMatchesPartition,
  memberMatchIndexKeys,
} from './keys'
import { batchGet } from './matching-store'
import { postToItem } from './post-store'

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number]

export const matchItem = (match: Match) => ({
  ...keys.match(match.communityId, match.id),
  entity: 'match',
  ...matchIndexKeys(match),
  ...match,
})

const fromItem = (item: Record<string, unknown>): Match => matchSchema.parse(withoutKeys(item, keyAttributes))

/** A transaction conflicting with another one on the same item is tried again this many times. */
const maxAttempts = 10

/** Full jitter, doubling from 20 ms up to 1 s: concurrent accepts of one offer spread out instead of colliding again. */
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(1000, 20 * 2 ** attempt)))

export interface CancellationReason {
  Code?: string
  Item?: Record<string, unknown>
}

export const reasonsOf = (error: unknown): CancellationReason[] =>
  (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? []

/** An attribute of an item returned with a cancellation (plain, or still in DynamoDB's typed form). */
export const attribute = (item: Record<string, unknown> | undefined, name: string): unknown => {
  const value = item?.[name]
  if (value && typeof value === 'object' && 'S' in value) return (value as { S: unknown }).S
  return value
}

/**
 * Runs a transaction; a cancellation because of a failed condition becomes the domain error
 * `refusal` picks from the reasons (one per item, in order), and a conflict with another
 * transaction is tried again after a jittered pause. If conflicts never stop: MATCH_CHANGED
 * (reload and try again), never a 500.
 */
export const transact = async (
  db: DynamoDBDocumentClient,
  items: TransactItem[],
  refusal: (failed: (index: number) => boolean, reasons: CancellationReason[]) => ErrorCode | undefined,
): Promise<void> => {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: items }))
      return
    } catch (error) {
      if (!isTransactionCancelled(error)) throw error
      const reasons = reasonsOf(error)
      const failed = (index: number) => reasons[index]?.Code === 'ConditionalCheckFailed'
      if (reasons.some((r) => r.Code === 'ConditionalCheckFailed')) {
        const code = refusal(failed, reasons)
        if (code) throw new DomainError(code, undefined, { cause: error })
        throw error
      }
      const conflict = reasons.some((r) => r.Code === 'TransactionConflict')
      if (!conflict) throw error
      if (attempt >= maxAttempts) throw new DomainError('MATCH_CHANGED', undefined, { cause: error })
      await backoff(attempt)
    }
  }
}

/** The link that lists a match among a member's matches (gsi4, newest first). */
export const memberLinkPut = (
  table: string,
  communityId: string,
  memberId: string,
  matchId: string,
  createdAt: string,
): TransactItem => ({
  Put: {
    TableName: table,
    Item: {
      ...keys.memberMatchLink(communityId, memberId, matchId),
      entity: 'match-link',
      ...memberMatchIndexKeys(communityId, memberId, createdAt, matchId),
      matchId,
      createdAt,
    },
  },
})

export const createMatchStore = (db: DynamoDBDocumentClient, table: string): MatchStore => {
  const getMany = async (communityId: string, ids: string[]): Promise<Match[]> => {
    if (ids.length === 0) return []
    const items = await batchGet(
      db,
      table,
      [...new Set(ids)].map((id) => keys.match(communityId, id)),
    )
    const byId = new Map(items.map(fromItem).map((m) => [m.id, m]))
    return ids.flatMap((id) => byId.get(id) ?? [])
  }

  /** Takes one unit of a post: it must be open and not full. */
  const takeUnit = (communityId: string, postId: string): TransactItem => ({
    Update: {
      TableName: table,
      Key: keys.post(communityId, postId),
      UpdateExpression: 'SET activeMatches = if_not_exists(activeMatches, :zero) + :one, version = version + :one',
      ConditionExpression: '#status = :open AND (attribute_not_exists(activeMatches) OR activeMatches < quantity)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':open': 'open' },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  })

  /** Gives one unit back (never below zero). */
  const giveBack = (key: Record<string, string>): TransactItem => ({
    Update: {
      TableName: table,
      Key: key,
      UpdateExpression: 'SET activeMatches = activeMatches - :one, version = version + :one',
      ConditionExpression: 'attribute_exists(pk) AND activeMatches >= :one',
      ExpressionAttributeValues: { ':one': 1 },
    },
  })

  return {
    async get(communityId, matchId) {
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: keys.match(communityId, matchId) }))
      return Item ? fromItem(Item) : undefined
    },

    getMany,

    async create(match) {
      const { communityId, id, createdAt } = match
      const postLink = (postId: string): TransactItem => ({
        Put: {
          TableName: table,
          Item: { ...keys.postMatchLink(communityId, postId, id), entity: 'match-link', matchId: id, createdAt },
        },
      })
      const memberLink = (memberId: string) => memberLinkPut(table, communityId, memberId, id, createdAt)
      try {
        await transact(
          db,
          [
            { Put: { TableName: table, Item: matchItem(match), ConditionExpression: 'attribute_not_exists(pk)' } },
            postLink(match.requestId),
            postLink(match.offerId),
            memberLink(match.requestMemberId),
            memberLink(match.offerMemberId),
          ],
          (failed) => (failed(0) ? 'MATCH_CHANGED' : undefined),
        )
        return true
      } catch (error) {
        // Someone said yes to the same pair a moment earlier: the caller reads that match.
        if (error instanceof DomainError && error.code === 'MATCH_CHANGED') return false
        throw error
      }
    },

    replace: (match, expectedVersion) => putIfVersion(db, table, matchItem(match), expectedVersion, 'MATCH_CHANGED'),

    async accept(match, expectedVersion) {
      const { communityId } = match
      await transact(
        db,
        [
          {
            Put: {
              TableName: table,
              Item: matchItem(match),
              ConditionExpression: 'version = :v AND #status = :proposed',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':v': expectedVersion, ':proposed': 'proposed' },
            },
          },
          takeUnit(communityId, match.offerId),
          takeUnit(communityId, match.requestId),
          {
            // The helper is the offer's author: not paused, and below their own maximum.
            // (A member item from before matching has neither field: the defaults apply.)
            Update: {
              TableName: table,
              Key: keys.member(communityId, match.offerMemberId),
              UpdateExpression:
                'SET activeMatches = if_not_exists(activeMatches, :zero) + :one, version = version + :one',
              ConditionExpression:
                '#status = :active AND (' +
                '(attribute_not_exists(helping) AND (attribute_not_exists(activeMatches) OR activeMatches < :defaultMax)) OR ' +
                '(helping.paused = :false AND (attribute_not_exists(activeMatches) OR activeMatches < helping.maxActiveMatches)))',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':zero': 0,
                ':one': 1,
                ':active': 'active',
                ':false': false,
                ':defaultMax': defaultHelping.maxActiveMatches,
              },
            },
          },
        ],
        (failed, reasons) => {
          if (failed(0)) return 'MATCH_CHANGED'
          const closed = (index: number) => failed(index) && attribute(reasons[index]?.Item, 'status') !== 'open'
          if (closed(1) || closed(2)) return 'POST_CLOSED'
          if (failed(1)) return 'OFFER_FULL'
          if (failed(2)) return 'REQUEST_FULL'
          if (failed(3)) return 'HELPER_AT_CAPACITY'
          return undefined
        },
      )
    },

    async end({ match, expectedVersion, helperId, posts }) {
      const { communityId } = match
      const items: TransactItem[] = [
        {
          Put: {
            TableName: table,
            Item: matchItem(match),
            ConditionExpression: 'version = :v',
            ExpressionAttributeValues: { ':v': expectedVersion },
          },
        },
      ]
      const codes: ErrorCode[] = ['MATCH_CHANGED']
      if (helperId) {
        items.push(giveBack(keys.member(communityId, helperId)))
        codes.push('MEMBER_CHANGED')
      }
      for (const post of posts) {
        if ('release' in post) {
          items.push(giveBack(keys.post(communityId, post.release)))
        } else {
          // Closed like the post service closes a post: the whole item, so it drops out of the open-post indexes.
          items.push({
            Put: {
              TableName: table,
              Item: postToItem(post.close),
              ConditionExpression: 'version = :v',
              ExpressionAttributeValues: { ':v': post.expectedVersion },
            },
          })
        }
        codes.push('POST_CHANGED')
      }
      await transact(db, items, (failed) => codes.find((_, index) => failed(index)))
    },

    async listOfPost(communityId, postId) {
      const links = await queryAll(db, {
        TableName: table,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':p': keys.postPartition(communityId, postId),
          ':prefix': keys.matchLinkPrefix,
        },
      })
      const matches = await getMany(
        communityId,
        links.map((link) => String(link.matchId)),
      )
      return matches.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || (a.id < b.id ? -1 : 1))
    },

    async listOfMember(communityId, memberId, { limit, cursor }) {
      const partition = memberMatchesPartition(communityId, memberId)
      const page = await readIndexPage(db, table, { index: 'gsi4', partition, limit, cursor })
      return {
        items: await getMany(
          communityId,
          page.items.map((link) => String(link.matchId)),
        ),
        nextCursor: page.nextCursor,
      }
    },

    async listByStatus(communityId, status, { limit, cursor, updatedBefore }) {
      const partition = matchesPartition(communityId, status)
      const page = await readFilteredPage(db, table, {
        scope: { index: 'gsi2', keyNames: indexKeyNames('gsi2'), partitionName: 'gsi2pk', partition },
        cursor,
        // Sort keys are `<updatedAt>#<id>`: everything changed before the moment sorts below it.
        keyCondition: updatedBefore ? 'gsi2pk = :p AND gsi2sk < :before' : 'gsi2pk = :p',
        filters: [],
        selective: false,
        values: updatedBefore ? { ':before': updatedBefore } : {},
        forward: true,
        limit,
      })
      return { items: page.items.map(fromItem), nextCursor: page.nextCursor }
    },
  }
}
