import { createAuditLog } from './audit-service'
import { createAuthService } from './auth-service'
import { createCommunityService } from './community-service'
import type { Credentials } from './credentials'
import { createMatchingService } from './matching-service'
import { createMemberService } from './member-service'
import type { Outbox, Runtime, Stores } from './ports'
import { createPostService } from './post-service'
import { createQueueService } from './queue-service'
import { createRetentionService } from './retention-service'

export type Services = ReturnType<typeof createServices>

/** All use cases, wired to their stores, the runtime, the keys and the outbox. */
export const createServices = (stores: Stores, runtime: Runtime, credentials: Credentials, outbox: Outbox) => {
  const audit = createAuditLog(stores, runtime)
  const auth = createAuthService(stores, runtime, credentials, outbox)
  const queue = createQueueService(stores, runtime, audit)
  return {
    stores,
    audit,
    auth,
    communities: createCommunityService(stores, runtime),
    posts: createPostService(stores, runtime, audit),
    members: createMemberService(stores, runtime, audit, auth),
    retention: createRetentionService(stores, runtime, auth, outbox, audit),
    queue,
    matching: createMatchingService(stores, runtime, audit, queue),
  }
}
