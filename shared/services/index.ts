import { createAuditLog } from './audit-service'
import { createAuthService } from './auth-service'
import { createCommunityService } from './community-service'
import type { Credentials } from './credentials'
import { createFollowUpService } from './follow-up-service'
import { createMatchService } from './match-service'
import type { createMatchingService, MatchingService } from './matching-service'
import { createMemberService } from './member-service'
import { createNotificationService } from './notification-service'
import type { NotificationQueue, Outbox, Runtime, Stores } from './ports'
import { createPostService } from './post-service'
import { createQueueService } from './queue-service'
import { createRetentionService } from './retention-service'

export type Services = ReturnType<typeof createServices>

/**
 * Use cases only some functions need, passed in by those functions: the matching engine is
 * bundled into the matching function and worker, not into every other Lambda function.
 */
export interface OptionalServices {
  matching?: typeof createMatchingService
  /** Functions that queue messages to members (the lifecycle and follow-up workers, the notify worker). */
  notificationQueue?: NotificationQueue
  /** The site's origin, for the links in messages (the notify worker). */
  siteUrl?: string | undefined
}

/** Stands in for a use case a function did not wire: any use says so plainly. */
const notWired = <T extends object>(name: string): T =>
  new Proxy({} as T, {
    get: (_target, property) => {
      if (property === 'then') return undefined
      throw new Error(`The ${name} service is not wired into this function; pass it to createServices`)
    },
  })

/** All use cases, wired to their stores, the runtime, the keys and the outbox. */
export const createServices = (
  stores: Stores,
  runtime: Runtime,
  credentials: Credentials,
  outbox: Outbox,
  optional: OptionalServices = {},
) => {
  const audit = createAuditLog(stores, runtime)
  const auth = createAuthService(stores, runtime, credentials, outbox)
  const queue = createQueueService(stores, runtime, audit)
  const notificationQueue = optional.notificationQueue ?? notWired<NotificationQueue>('notification queue')
  const matches = createMatchService(stores, runtime, audit, queue)
  return {
    stores,
    audit,
    auth,
    communities: createCommunityService(stores, runtime),
    posts: createPostService(stores, runtime, audit),
    members: createMemberService(stores, runtime, audit, auth),
    retention: createRetentionService(stores, runtime, auth, outbox, audit),
    queue,
    matches,
    followUps: createFollowUpService({ stores, runtime, credentials, audit, queue, matches, notificationQueue }),
    notifications: createNotificationService({
      stores,
      runtime,
      outbox,
      notificationQueue,
      queue,
      audit,
      siteUrl: optional.siteUrl,
    }),
    matching: optional.matching
      ? optional.matching(stores, runtime, audit, queue)
      : notWired<MatchingService>('matching'),
  }
}
