import { withoutKeys } from '../../shared/db/client'
import { keyAttributes } from '../../shared/db/keys'
import { type Match, matchSchema } from '../../shared/schemas/match'
import { createFollowUpService } from '../../shared/services/follow-up-service'
import type { Services } from '../../shared/services/index'
import { createMatchService } from '../../shared/services/match-service'
import { lazyDepsWith } from '../http/deps'
import { type StreamChange, streamHandler } from '../stream/stream-handler'

const getDeps = lazyDepsWith({ matches: createMatchService, followUps: createFollowUpService })

/** A match as the stream shows it (the item without its key attributes). */
const matchOf = (image: Record<string, unknown> | undefined): Match | undefined =>
  image?.entity === 'match' ? matchSchema.parse(withoutKeys(image, keyAttributes)) : undefined

/**
 * What the worker does with one change, given the services (tests pass their own, with a fake
 * clock). It compares with the match as it was before the FIRST of its changes in the batch: the
 * stream handler collapses several changes of one item into the last, and each step in between
 * (say the proposal and the acceptance, written a moment apart) must still be told.
 */
export const processLifecycleChange = (services: Services, change: StreamChange): Promise<void> =>
  services.followUps.processMatchChange(matchOf(change.firstOldImage), matchOf(change.newImage))

/**
 * DynamoDB stream (matches) → the reactions to each step of a match: a message to the parties for
 * every new history entry (deterministic job ids: a replayed record sends nothing twice), the
 * follow-up questions once it is accepted, their cancellation once it ends. Failures are reported
 * per record; in AWS a record that keeps failing goes to the dead-letter queue, locally to
 * `.data/dead-letters/lifecycle.jsonl`.
 */
export const handler = streamHandler('lifecycle', async (change) =>
  processLifecycleChange((await getDeps()).services, change),
)
