/**
 * The brokers' work queue. CONTRACT (implementation pending): the matching worker and the
 * matching service call `raise` and `resolve`; the queue routes call the rest.
 */
import type { Caller } from '../domain/caller'
import type { QueueItem, QueuePage, QueueQuery } from '../schemas/matching'
import type { Post } from '../schemas/post'
import type { QueueItemKind } from '../schemas/vocabulary'
import type { AuditLog } from './audit-service'
import type { Runtime, Stores } from './ports'

export interface RaiseQueueItem {
  kind: QueueItemKind
  post: Post
  /** The post's area path (for the wijk filter). */
  areaPath: string
  /** The display name of the post's author. */
  memberName: string
  proposalId?: string | null
  /** When it shows up in the queue. */
  dueAt: Date
  /** Answer before this moment, if there is a norm (new requests: one working day). */
  answerBy?: Date | null
  /** Since when the person has been waiting (default: the post's creation). */
  waitingSince?: string
}

export type QueueService = ReturnType<typeof createQueueService>

export declare const createQueueService: (
  stores: Stores,
  runtime: Runtime,
  audit: AuditLog,
) => {
  /** Creates the item unless it exists already (in any status). Returns the item id. */
  raise(args: RaiseQueueItem): Promise<string>
  /** Marks these items done by the system (items that are missing or done are left alone). */
  resolve(communityId: string, itemIds: string[], note: string): Promise<void>
  list(caller: Caller, communityId: string, query: QueueQuery): Promise<QueuePage>
  take(caller: Caller, communityId: string, itemId: string, body: { version: number }): Promise<QueueItem>
  snooze(
    caller: Caller,
    communityId: string,
    itemId: string,
    body: { version: number; until: string; reason: string },
  ): Promise<QueueItem>
  finish(caller: Caller, communityId: string, itemId: string, body: { version: number; note: string }): Promise<QueueItem>
}
