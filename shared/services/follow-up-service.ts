/** Follow-up questions and the reactions to each step of a match (issue 5). Skeleton. */
import type { AuditLog } from './audit-service'
import type { Credentials } from './credentials'
import type { MatchService } from './match-service'
import type { NotificationQueue, Runtime, Stores } from './ports'
import type { QueueService } from './queue-service'

export type FollowUpService = ReturnType<typeof createFollowUpService>

export const createFollowUpService = (deps: {
  stores: Stores
  runtime: Runtime
  credentials: Credentials
  audit: AuditLog
  queue: QueueService
  matches: MatchService
  notificationQueue: NotificationQueue
}) => {
  void deps
  return {}
}
