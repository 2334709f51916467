/**
 * The brokers' work queue. The matching worker and the matching service call `raise` and
 * `resolve`; the queue routes call the rest. The rules (who, which transitions, snooze limits)
 * are in `shared/domain/work-queue.ts`.
 *
 * A request that cannot be matched is not closed here: the broker closes the post itself
 * (`POST …/posts/{postId}/close` with `reason: 'referred'` and the referral), and the matching
 * worker then resolves the post's queue items.
 */
import { actorOf, type Caller } from '../domain/caller'
import { areaPath } from '../domain/community'
import { DomainError } from '../domain/errors'
import { assertQueueWorker, finishedItem, queueItemId, snoozedItem, takenItem } from '../domain/work-queue'
import type { QueueItem, QueuePage, QueueQuery } from '../schemas/matching'
import type { Post } from '../schemas/post'
import type { QueueItemKind } from '../schemas/vocabulary'
import type { AuditLog } from './audit-service'
import { loadCommunity } from './community-service'
import type { Runtime, StoredQueueItem, Stores } from './ports'

export interface RaiseQueueItem {
  kind: QueueItemKind
  post: Post
  /** The post's area path (for the wijk filter). */
  areaPath: string
  /** The display name of the post's author. */
  memberName: string
  /** The match the item is about (interest without a reply, a match that needs help, …). */
  matchId?: string | null
  /**
   * What the item is about, for its id (one item per kind and subject): by default the match
   * when there is one, else the post. Pass it for reasons that can occur more than once per
   * match (a follow-up step, a message).
   */
  subjectId?: string
  /** When it shows up in the queue. */
  dueAt: Date
  /** Answer before this moment, if there is a norm (new requests: one working day). */
  answerBy?: Date | null
  /** Since when the person has been waiting (default: the post's creation). */
  waitingSince?: string
}

export type QueueService = ReturnType<typeof createQueueService>

export const createQueueService = (stores: Stores, runtime: Runtime, audit: AuditLog) => {
  const load = async (communityId: string, itemId: string): Promise<StoredQueueItem> => {
    const stored = await stores.queue.get(communityId, itemId)
    if (!stored) throw new DomainError('QUEUE_ITEM_NOT_FOUND')
    return stored
  }

  /** Loads the item, applies a change, writes it conditionally and records it in the audit log. */
  const act = async (
    caller: Caller,
    communityId: string,
    itemId: string,
    change: (item: QueueItem) => {
      next: QueueItem
      action: 'queue.taken' | 'queue.snoozed' | 'queue.done'
      reason?: string
    },
  ): Promise<QueueItem> => {
    assertQueueWorker(caller, communityId)
    const stored = await load(communityId, itemId)
    const { next, action, reason } = change(stored.item)
    await stores.queue.replace({ ...stored, item: next }, stored.item.version)
    await audit.record(caller, action, { memberId: next.memberId, postId: next.postId, reason: reason ?? null })
    return next
  }

  return {
    /** Creates the item unless it exists already (in any status). Returns the item id. */
    async raise(args: RaiseQueueItem): Promise<string> {
      const { kind, post } = args
      if (kind === 'interest-no-reply' && !args.matchId) throw new Error('An interest-no-reply item needs the match id')
      const subjectId = args.subjectId ?? args.matchId ?? post.id
      const now = runtime.now().toISOString()
      const item: QueueItem = {
        id: queueItemId(kind, subjectId),
        communityId: post.communityId,
        kind,
        status: 'open',
        postId: post.id,
        postTitle: post.title,
        postKind: post.kind,
        memberId: post.author.memberId,
        memberName: args.memberName,
        areaId: post.areaId,
        categoryId: post.categoryId,
        matchId: args.matchId ?? null,
        dueAt: args.dueAt.toISOString(),
        answerBy: args.answerBy ? args.answerBy.toISOString() : null,
        waitingSince: args.waitingSince ?? post.createdAt,
        takenBy: null,
        snooze: null,
        resolution: null,
        createdAt: now,
        updatedAt: now,
        version: 1,
      }
      await stores.queue.raise({ item, areaPath: args.areaPath })
      return item.id
    },

    /** Marks these items done by the system (items that are missing or done are left alone). */
    async resolve(communityId: string, itemIds: string[], note: string): Promise<void> {
      for (const itemId of itemIds) {
        // A broker may act on the item at the same moment: read again and retry once.
        for (let attempt = 1; ; attempt++) {
          const stored = await stores.queue.get(communityId, itemId)
          if (!stored || stored.item.status === 'done') break
          const next = finishedItem({
            item: stored.item,
            by: null,
            note,
            expectedVersion: stored.item.version,
            now: runtime.now(),
          })
          try {
            await stores.queue.replace({ ...stored, item: next }, stored.item.version)
            break
          } catch (error) {
            if (attempt >= 2 || !(error instanceof DomainError && error.code === 'QUEUE_ITEM_CHANGED')) throw error
          }
        }
      }
    },

    /** What is due now, most overdue first: the community's queue, or what the caller took. */
    async list(caller: Caller, communityId: string, query: QueueQuery): Promise<QueuePage> {
      assertQueueWorker(caller, communityId)
      let path: string | undefined
      if (query.area !== undefined) {
        const community = await loadCommunity(stores, caller, communityId)
        path = areaPath(community, query.area)
        if (!path) throw new DomainError('VALIDATION_FAILED', [{ path: 'area', code: 'unknown_area', message: '' }])
      }
      return stores.queue.list({
        communityId,
        brokerId: query.view === 'mine' ? caller.id : null,
        dueBefore: runtime.now().toISOString(),
        kind: query.kind,
        categoryId: query.category,
        areaPath: path,
        limit: query.limit,
        cursor: query.cursor,
      })
    },

    /** Takes the task (also from another broker: a hand-over, recorded as such). */
    take(caller: Caller, communityId: string, itemId: string, body: { version: number }): Promise<QueueItem> {
      return act(caller, communityId, itemId, (item) => {
        const previous = item.takenBy && item.takenBy.memberId !== caller.id ? item.takenBy.memberId : null
        return {
          next: takenItem({ item, broker: caller, expectedVersion: body.version, now: runtime.now() }),
          action: 'queue.taken',
          ...(previous ? { reason: `handed over from ${previous}` } : {}),
        }
      })
    },

    /** Puts the task aside: it leaves the lists and comes back by itself when `until` has passed. */
    snooze(
      caller: Caller,
      communityId: string,
      itemId: string,
      body: { version: number; until: string; reason: string },
    ): Promise<QueueItem> {
      return act(caller, communityId, itemId, (item) => {
        const next = snoozedItem({
          item,
          until: body.until,
          reason: body.reason,
          expectedVersion: body.version,
          now: runtime.now(),
        })
        // The reason may be about the person: it stays on the task, the log only says until when.
        return { next, action: 'queue.snoozed', reason: `until ${next.dueAt}` }
      })
    },

    /** Marks the task done, with a note. Closing the request itself is done on the post. */
    finish(
      caller: Caller,
      communityId: string,
      itemId: string,
      body: { version: number; note: string },
    ): Promise<QueueItem> {
      return act(caller, communityId, itemId, (item) => ({
        next: finishedItem({
          item,
          by: actorOf(caller).id,
          note: body.note,
          expectedVersion: body.version,
          now: runtime.now(),
        }),
        action: 'queue.done',
      }))
    },
  }
}
