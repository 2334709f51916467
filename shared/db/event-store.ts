/**
 * Beursvloer events. Access patterns:
 * - one event: `C#<c>#E#<e>` / `EVENT`; the community's events by date: gsi2 `C#<c>#EVENTS`;
 * - the floor's board: the event's partition, `PART#` (participants) and `ITEM#` (needs and
 *   offers, each with its `matched` counter);
 * - a check-in code: `C#<c>#E#<e>#CODE#<code>` → participant (unique: written `attribute_not_exists`);
 * - the floor matches as the event lists them: `EMATCH#<recordedAt>#<matchId>`, newest first
 *   (the match itself is a normal match item, `C#<c>#X#<matchId>`);
 * - the live tally: ten shards `TALLY#<0–9>`, summed when read.
 *
 * Recording a floor match is one transaction over the match, the two items' counters, the
 * listing, one tally shard and the two members' match links: however many hoekmannen record at
 * once, no item is matched beyond its quantity and the tally is always the sum of the listing.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { DomainError } from '../domain/errors'
import type { ErrorCode } from '../schemas/errors'
import {
  type BeursEvent,
  type EventItem,
  type EventMatchSummary,
  eventItemSchema,
  eventMatchSummarySchema,
  eventSchema,
  type Participant,
  participantSchema,
} from '../schemas/event'
import type { Match } from '../schemas/match'
import type { EventStore, TallyCounts } from '../services/ports'
import { isConditionFailure, putIfVersion, queryAll, withoutKeys } from './client'
import { eventIndexKeys, eventsPartition, keyAttributes, keys } from './keys'
import { attribute, matchItem, memberLinkPut, type TransactItem, transact } from './match-store'
import { batchGet } from './matching-store'

const eventItem = (event: BeursEvent) => ({
  ...keys.event(event.communityId, event.id),
  entity: 'event',
  ...eventIndexKeys(event),
  ...event,
})

const parse = <T>(schema: { parse: (data: unknown) => T }, item: Record<string, unknown>): T =>
  schema.parse(withoutKeys(item, [...keyAttributes, 'communityId']))

const fromEventItem = (item: Record<string, unknown>): BeursEvent => eventSchema.parse(withoutKeys(item, keyAttributes))

/** The participant's and items' records carry the community for the stream; the schemas do not. */
const participantPut = (table: string, communityId: string, participant: Participant, condition?: string) => ({
  Put: {
    TableName: table,
    Item: {
      ...keys.participant(communityId, participant.eventId, participant.id),
      entity: 'event-participant',
      communityId,
      ...participant,
    },
    ...(condition ? { ConditionExpression: condition } : {}),
  },
})

const itemPut = (table: string, communityId: string, item: EventItem): TransactItem => ({
  Put: {
    TableName: table,
    Item: { ...keys.eventItem(communityId, item.eventId, item.id), entity: 'event-item', communityId, ...item },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
})

/** A check-in code another participant of the event already has: the service draws another. */
export class CheckInCodeTaken extends Error {
  constructor() {
    super('check-in code taken')
    this.name = 'CheckInCodeTaken'
  }
}

/** Tally attribute names per corner (corner ids are slugs: safe in a name placeholder). */
const cornerAttributes = (cornerId: string) => ({ m: `m_${cornerId}`, c: `c_${cornerId}`, t: `t_${cornerId}` })

const tallyUpdate = (table: string, match: Match, sign: 1 | -1): TransactItem => {
  const deal = match.event
  if (!deal) throw new Error('A floor match needs its deal')
  const names = cornerAttributes(deal.cornerId)
  const shard = Math.floor(Math.random() * keys.tallyShards)
  return {
    Update: {
      TableName: table,
      Key: keys.tallyShard(match.communityId, deal.eventId, shard),
      UpdateExpression: 'SET entity = :entity ADD matches :n, cents :cents, twoWay :two, #m :n, #c :cents, #t :two',
      ExpressionAttributeNames: { '#m': names.m, '#c': names.c, '#t': names.t },
      ExpressionAttributeValues: {
        ':entity': 'event-tally',
        ':n': sign,
        ':cents': sign * deal.totalCents,
        ':two': deal.twoWay ? sign : 0,
      },
    },
  }
}

export const createEventStore = (db: DynamoDBDocumentClient, table: string): EventStore => {
  const queryPartition = (communityId: string, eventId: string, prefix: string, newestFirst = false, limit?: number) =>
    limit === undefined
      ? queryAll(db, {
          TableName: table,
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':p': keys.eventPartition(communityId, eventId), ':prefix': prefix },
          ScanIndexForward: !newestFirst,
        })
      : db
          .send(
            new QueryCommand({
              TableName: table,
              KeyConditionExpression: 'pk = :p AND begins_with(sk, :prefix)',
              ExpressionAttributeValues: { ':p': keys.eventPartition(communityId, eventId), ':prefix': prefix },
              ScanIndexForward: !newestFirst,
              Limit: limit,
            }),
          )
          .then((page) => page.Items ?? [])

  return {
    async create(event) {
      try {
        await db.send(
          new PutCommand({ TableName: table, Item: eventItem(event), ConditionExpression: 'attribute_not_exists(pk)' }),
        )
      } catch (error) {
        if (isConditionFailure(error)) throw new DomainError('EVENT_CHANGED', undefined, { cause: error })
        throw error
      }
    },

    async get(communityId, eventId) {
      const { Item } = await db.send(new GetCommand({ TableName: table, Key: keys.event(communityId, eventId) }))
      return Item ? fromEventItem(Item) : undefined
    },

    replace: (event, expectedVersion) => putIfVersion(db, table, eventItem(event), expectedVersion, 'EVENT_CHANGED'),

    async list(communityId) {
      const items = await queryAll(db, {
        TableName: table,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': eventsPartition(communityId) },
        ScanIndexForward: false,
      })
      return items.map(fromEventItem)
    },

    async getParticipant(communityId, eventId, participantId) {
      const { Item } = await db.send(
        new GetCommand({ TableName: table, Key: keys.participant(communityId, eventId, participantId) }),
      )
      return Item ? parse(participantSchema, Item) : undefined
    },

    async registerParticipant(communityId, participant, items) {
      const { eventId } = participant
      const codeItem: TransactItem = {
        Put: {
          TableName: table,
          Item: {
            ...keys.checkInCode(communityId, eventId, participant.checkInCode),
            entity: 'event-check-in-code',
            participantId: participant.id,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      }
      try {
        await transact(
          db,
          [
            participantPut(table, communityId, participant, 'attribute_not_exists(pk)'),
            codeItem,
            ...items.map((item) => itemPut(table, communityId, item)),
          ],
          (failed) => (failed(0) || failed(1) ? 'EVENT_CHANGED' : undefined),
        )
        return { created: true }
      } catch (error) {
        const existing = await this.getParticipant(communityId, eventId, participant.id)
        if (!existing) {
          // The participant is new, so the code was taken by someone else: the service draws another.
          if (error instanceof DomainError && error.code === 'EVENT_CHANGED') throw new CheckInCodeTaken()
          throw error
        }
      }
      // Registered before (a second registration, or a retried import): add only the items that are new.
      if (items.length > 0) {
        const present = new Set(
          (
            await batchGet(
              db,
              table,
              items.map((item) => keys.eventItem(communityId, eventId, item.id)),
            )
          ).map((item) => String(item.id)),
        )
        const fresh = items.filter((item) => !present.has(item.id))
        if (fresh.length > 0) {
          await transact(
            db,
            fresh.map((item) => itemPut(table, communityId, item)),
            () => 'EVENT_CHANGED',
          )
        }
      }
      return { created: false }
    },

    async findByCheckInCode(communityId, eventId, code) {
      const { Item } = await db.send(
        new GetCommand({ TableName: table, Key: keys.checkInCode(communityId, eventId, code) }),
      )
      return typeof Item?.participantId === 'string' ? Item.participantId : undefined
    },

    async checkIn(communityId, eventId, participantId, at) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.participant(communityId, eventId, participantId),
            UpdateExpression: 'SET checkedInAt = :at, version = version + :one',
            // A second scan changes nothing: the first time in stays.
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(checkedInAt) OR checkedInAt = :null)',
            ExpressionAttributeValues: { ':at': at, ':one': 1, ':null': null },
          }),
        )
        return true
      } catch (error) {
        if (!isConditionFailure(error)) throw error
        if (!(await this.getParticipant(communityId, eventId, participantId))) {
          throw new DomainError('PARTICIPANT_NOT_FOUND')
        }
        return false
      }
    },

    async readBoard(communityId, eventId) {
      const [participants, items] = await Promise.all([
        queryPartition(communityId, eventId, keys.eventPrefixes.participant),
        queryPartition(communityId, eventId, keys.eventPrefixes.item),
      ])
      return {
        participants: participants.map((item) => parse(participantSchema, item)),
        items: items.map((item) => parse(eventItemSchema, item)),
      }
    },

    async getItems(communityId, eventId, itemIds) {
      if (itemIds.length === 0) return []
      const found = await batchGet(
        db,
        table,
        [...new Set(itemIds)].map((id) => keys.eventItem(communityId, eventId, id)),
      )
      const byId = new Map(found.map((item) => parse(eventItemSchema, item)).map((item) => [item.id, item]))
      return itemIds.flatMap((id) => byId.get(id) ?? [])
    },

    async recordMatch({ match, newItems, takeItemIds }) {
      const deal = match.event
      if (!deal) throw new Error('A floor match needs its deal')
      const { communityId } = match
      const summary: EventMatchSummary = { matchId: match.id, status: match.status, deal }
      const takes: TransactItem[] = takeItemIds.map((itemId) => ({
        Update: {
          TableName: table,
          Key: keys.eventItem(communityId, deal.eventId, itemId),
          UpdateExpression: 'SET matched = matched + :one',
          ConditionExpression: 'attribute_exists(pk) AND matched < quantity',
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      }))
      const items: TransactItem[] = [
        {
          Put: { TableName: table, Item: matchItem(match), ConditionExpression: 'attribute_not_exists(pk)' },
        },
        ...takes,
        ...newItems.map((item) => itemPut(table, communityId, item)),
        {
          Put: {
            TableName: table,
            Item: {
              ...keys.eventMatchLink(communityId, deal.eventId, deal.recordedAt, match.id),
              entity: 'event-match',
              ...summary,
            },
          },
        },
        tallyUpdate(table, match, 1),
        memberLinkPut(table, communityId, match.requestMemberId, match.id, match.createdAt),
        memberLinkPut(table, communityId, match.offerMemberId, match.id, match.createdAt),
      ]
      await transact(db, items, (failed, reasons) => {
        if (failed(0)) return 'EVENT_MATCH_EXISTS'
        for (let index = 0; index < takes.length; index++) {
          if (!failed(index + 1)) continue
          const old = reasons[index + 1]?.Item
          if (!old) return 'EVENT_ITEM_NOT_FOUND'
          return (attribute(old, 'kind') === 'need' ? 'NEED_MATCHED' : 'OFFER_FULL') satisfies ErrorCode
        }
        // A new item's id was taken: a retried request; the match exists or will.
        return 'EVENT_MATCH_EXISTS'
      })
    },

    async cancelMatch(match, expectedVersion) {
      const deal = match.event
      if (!deal) throw new Error('A floor match needs its deal')
      const { communityId } = match
      const giveBack = (itemId: string): TransactItem => ({
        Update: {
          TableName: table,
          Key: keys.eventItem(communityId, deal.eventId, itemId),
          UpdateExpression: 'SET matched = matched - :one',
          ConditionExpression: 'attribute_exists(pk) AND matched >= :one',
          ExpressionAttributeValues: { ':one': 1 },
        },
      })
      await transact(
        db,
        [
          {
            Put: {
              TableName: table,
              Item: matchItem(match),
              ConditionExpression: 'version = :v',
              ExpressionAttributeValues: { ':v': expectedVersion },
            },
          },
          giveBack(deal.need.itemId),
          giveBack(deal.offer.itemId),
          {
            Update: {
              TableName: table,
              Key: keys.eventMatchLink(communityId, deal.eventId, deal.recordedAt, match.id),
              UpdateExpression: 'SET #status = :status',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':status': match.status },
            },
          },
          tallyUpdate(table, match, -1),
        ],
        (failed) => (failed(0) ? 'MATCH_CHANGED' : 'EVENT_ITEM_NOT_FOUND'),
      )
    },

    async listMatches(communityId, eventId, limit) {
      const items = await queryPartition(communityId, eventId, keys.eventPrefixes.match, true, limit)
      return items.map((item) => eventMatchSummarySchema.parse(withoutKeys(item, keyAttributes)))
    },

    async readTally(communityId, eventId) {
      const shards = await queryPartition(communityId, eventId, keys.eventPrefixes.tally)
      const counts: TallyCounts = { matches: 0, cents: 0, twoWay: 0, byCorner: {} }
      for (const shard of shards) {
        counts.matches += Number(shard.matches ?? 0)
        counts.cents += Number(shard.cents ?? 0)
        counts.twoWay += Number(shard.twoWay ?? 0)
        for (const [name, value] of Object.entries(shard)) {
          const match = /^([mct])_(.+)$/.exec(name)
          if (!match?.[1] || !match[2]) continue
          const corner = counts.byCorner[match[2]] ?? { matches: 0, cents: 0, twoWay: 0 }
          counts.byCorner[match[2]] = corner
          if (match[1] === 'm') corner.matches += Number(value)
          else if (match[1] === 'c') corner.cents += Number(value)
          else corner.twoWay += Number(value)
        }
      }
      return counts
    },
  }
}
