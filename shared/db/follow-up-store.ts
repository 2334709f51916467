import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import { followUpChainHeads, followUpId } from '../domain/follow-up'
import { type FollowUp, followUpSchema } from '../schemas/match'
import type { FollowUpStore, Page } from '../services/ports'
import { isConditionFailure, withoutKeys } from './client'
import { type CursorScope, indexKeyNames, readFilteredPage } from './cursor'
import { followUpIndexKeys, followUpsPartition, keyAttributes, keys } from './keys'

/**
 * Access patterns of follow-up questions:
 * - one by id: `C#<c>#FOLLOWUP#<matchId>.<step>` / `FOLLOWUP` (answer, worker claim, cancel);
 * - what the worker has to act on: gsi2 `C#<c>#FOLLOWUPS`, sort key `<dueAt>#<id>`, only up to
 *   now (a key condition, so questions not yet due cost nothing). The index is sparse: answered,
 *   escalated and cancelled questions carry no gsi2 keys (see `followUpIndexKeys`);
 * - the brokers' list: the same partition, due or waiting for an answer;
 * - all of one match (to cancel them when it ends): the ids are deterministic, so batch reads of
 *   the first ids and then of each re-ask chain (`…outcome-2`, `…outcome-3`, …), no query.
 */
const toItem = (followUp: FollowUp) => ({
  ...keys.followUp(followUp.communityId, followUp.id),
  entity: 'follow-up',
  ...followUpIndexKeys(followUp),
  ...followUp,
})

const fromItem = (item: Record<string, unknown>): FollowUp => followUpSchema.parse(withoutKeys(item, keyAttributes))

/** Everything due at or before `now` sorts at or below `<now>#~` (`~` sorts after every id character). */
const dueUpTo = (now: string) => `${now}#~`

const scopeOf = (communityId: string): CursorScope => ({
  index: 'gsi2',
  keyNames: indexKeyNames('gsi2'),
  partitionName: 'gsi2pk',
  partition: followUpsPartition(communityId),
})

/** How many ids of a re-ask chain one batch read tries ahead. */
const chainProbe = 10

export const createFollowUpStore = (db: DynamoDBDocumentClient, table: string): FollowUpStore => {
  /** Strongly consistent batch reads by id (up to 100 per request, unprocessed keys retried). */
  const getMany = async (communityId: string, ids: string[]): Promise<Map<string, FollowUp>> => {
    const found = new Map<string, FollowUp>()
    for (let i = 0; i < ids.length; i += 100) {
      let pending: Record<string, unknown>[] = ids.slice(i, i + 100).map((id) => keys.followUp(communityId, id))
      while (pending.length > 0) {
        const result = await db.send(
          new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }),
        )
        for (const item of result.Responses?.[table] ?? []) {
          const followUp = fromItem(item)
          found.set(followUp.id, followUp)
        }
        pending = (result.UnprocessedKeys?.[table]?.Keys as Record<string, unknown>[] | undefined) ?? []
      }
    }
    return found
  }

  const listIndex = async (
    communityId: string,
    now: string,
    limit: number,
    cursor: string | undefined,
    waitingToo: boolean,
  ): Promise<Page<FollowUp>> => {
    const page = await readFilteredPage(db, table, {
      scope: scopeOf(communityId),
      cursor,
      keyCondition: waitingToo ? 'gsi2pk = :p' : 'gsi2pk = :p AND gsi2sk <= :due',
      // Sent and reminded questions wait for an answer (their due time is the next reminder);
      // scheduled ones count once they are due. (A filter may not name the index's own keys.)
      filters: waitingToo ? ['(#status <> :scheduled OR dueAt <= :now)'] : [],
      selective: waitingToo,
      ...(waitingToo ? { names: { '#status': 'status' } } : {}),
      values: waitingToo ? { ':now': now, ':scheduled': 'scheduled' } : { ':due': dueUpTo(now) },
      forward: true,
      limit,
    })
    return { items: page.items.map(fromItem), nextCursor: page.nextCursor }
  }

  return {
    async create(followUp) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: toItem(followUp),
            // A replayed stream record or a retried answer finds it there and changes nothing.
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        )
        return true
      } catch (error) {
        if (isConditionFailure(error)) return false
        throw error
      }
    },

    async get(communityId, id) {
      const { Item } = await db.send(
        new GetCommand({ TableName: table, Key: keys.followUp(communityId, id), ConsistentRead: true }),
      )
      return Item ? fromItem(Item) : undefined
    },

    async replace(followUp, expectedVersion) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: toItem(followUp),
            // Two worker runs (or a run and an answer) at once: exactly one write wins; the loser
            // sees false and leaves the question to the winner.
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: { ':expected': expectedVersion },
          }),
        )
        return true
      } catch (error) {
        if (isConditionFailure(error)) return false
        throw error
      }
    },

    listDue: (communityId, now, limit, cursor) => listIndex(communityId, now, limit, cursor, false),
    listOpen: (communityId, now, limit, cursor) => listIndex(communityId, now, limit, cursor, true),

    async listForMatch(communityId, matchId) {
      const heads = followUpChainHeads.map((step) => followUpId(matchId, step))
      const found = await getMany(communityId, heads)
      // Follow each chain of re-asked questions while its ids exist (each exists only if the one
      // before it got a "still running" answer, so the chains have no gaps).
      let chains = heads.filter((id) => found.has(id)).map((head) => ({ head, next: 2 }))
      while (chains.length > 0) {
        const ids = chains.flatMap(({ head, next }) =>
          Array.from({ length: chainProbe }, (_, i) => `${head}-${next + i}`),
        )
        const more = await getMany(communityId, ids)
        for (const [id, followUp] of more) found.set(id, followUp)
        chains = chains
          .filter(({ head, next }) => more.has(`${head}-${next + chainProbe - 1}`))
          .map(({ head, next }) => ({ head, next: next + chainProbe }))
      }
      return [...found.values()]
    },
  }
}
