import { createEventService } from './event-service'
import { createFollowUpService } from './follow-up-service'
import type { OptionalServices } from './index'
import { createMatchService } from './match-service'
import { createMatchingService } from './matching-service'
import { createNotificationService } from './notification-service'

/**
 * Every optional use case, for code that is not a Lambda bundle and wants them all: tests,
 * benches and the seed script. A Lambda function passes only what it needs.
 */
export const everyService = {
  matching: createMatchingService,
  matches: createMatchService,
  followUps: createFollowUpService,
  notifications: createNotificationService,
  events: createEventService,
} as const satisfies OptionalServices
