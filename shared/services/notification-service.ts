/** Delivery of notifications (issue 5). Skeleton. */
import type { NotificationQueue, Outbox, Runtime, Stores } from './ports'
import type { QueueService } from './queue-service'

export type NotificationService = ReturnType<typeof createNotificationService>

export const createNotificationService = (deps: {
  stores: Stores
  runtime: Runtime
  outbox: Outbox
  notificationQueue: NotificationQueue
  queue: QueueService
}) => {
  void deps
  return {}
}
