/** The match lifecycle (issue 5). Skeleton: filled in by the lifecycle work. */
import type { AuditLog } from './audit-service'
import type { Runtime, Stores } from './ports'
import type { QueueService } from './queue-service'

export type MatchService = ReturnType<typeof createMatchService>

export const createMatchService = (stores: Stores, runtime: Runtime, audit: AuditLog, queue: QueueService) => {
  void stores
  void runtime
  void audit
  void queue
  return {}
}
