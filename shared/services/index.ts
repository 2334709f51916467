import { createAuditLog } from './audit-service'
import { createAuthService } from './auth-service'
import { createCommunityService } from './community-service'
import type { Credentials } from './credentials'
import type { createEventService, EventService } from './event-service'
import type { createFollowUpService, FollowUpService } from './follow-up-service'
import type { createMatchService, MatchService } from './match-service'
import type { createMatchingService, MatchingService } from './matching-service'
import { createMemberService } from './member-service'
import type { createNotificationService, NotificationService } from './notification-service'
import type { NotificationQueue, Outbox, Runtime, Stores } from './ports'
import { createPostService } from './post-service'
import { createQueueService } from './queue-service'
import { createRetentionService } from './retention-service'

export type Services = ReturnType<typeof createServices>

/**
 * Use cases only some functions need, passed in by those functions: the matching engine is
 * bundled into the matching function and worker, the match lifecycle into the functions that
 * run it, the message texts into the notify worker, not into every other Lambda function
 * (`shared/services/every-service.ts` passes them all, for tests, benches and scripts).
 */
export interface OptionalServices {
  matching?: typeof createMatchingService
  /** The match lifecycle (the matches and follow-up functions, the follow-up worker). */
  matches?: typeof createMatchService
  /** Follow-up questions and the reactions to each step of a match (needs `matches`). */
  followUps?: typeof createFollowUpService
  /** Delivery of messages (the notify worker). */
  notifications?: typeof createNotificationService
  /** Functions that queue messages to members (the lifecycle and follow-up workers, the notify worker). */
  notificationQueue?: NotificationQueue
  /** The Beursvloer (the events function). */
  events?: typeof createEventService
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
  const matches = optional.matches ? optional.matches(stores, runtime, audit, queue) : notWired<MatchService>('matches')
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
    followUps: optional.followUps
      ? optional.followUps({ stores, runtime, credentials, audit, queue, matches, notificationQueue })
      : notWired<FollowUpService>('follow-up'),
    notifications: optional.notifications
      ? optional.notifications({ stores, runtime, outbox, notificationQueue, queue, siteUrl: optional.siteUrl })
      : notWired<NotificationService>('notifications'),
    events: optional.events ? optional.events({ stores, runtime, audit, auth }) : notWired<EventService>('events'),
    matching: optional.matching
      ? optional.matching(stores, runtime, audit, queue)
      : notWired<MatchingService>('matching'),
  }
}
