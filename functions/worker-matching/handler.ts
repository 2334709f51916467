import { parseMemberPartition } from '../../shared/db/keys'
import { postFromItem } from '../../shared/db/post-store'
import type { Services } from '../../shared/services/index'
import { createMatchingService } from '../../shared/services/matching-service'
import { configFromEnv, depsFromConfig, lazyDeps, systemRuntime } from '../http/deps'
import { type StreamChange, streamHandler } from '../stream/stream-handler'

const getDeps = lazyDeps(() => depsFromConfig(configFromEnv(), systemRuntime, { matching: createMatchingService }))
/** One line per recomputation in CloudWatch; `npm start` stays quiet (its runner logs failures). */
const infoLog = process.env.AWS_LAMBDA_FUNCTION_NAME ? console.info : () => {}

/** The member-item fields matching reads; a change of anything else (say, the last activity) is ignored. */
const memberMatchingFields = (image: Record<string, unknown> | undefined) =>
  image
    ? JSON.stringify([
        image.status,
        image.languages,
        image.helping,
        image.activeMatches,
        image.blocked,
        image.screenings,
      ])
    : ''

/** What the worker does with one change, given the services (tests pass their own, with a fake clock). */
export const processMatchingChange = async (
  services: Services,
  change: StreamChange,
  log: (line: string) => void = () => {},
): Promise<void> => {
  const image = change.newImage ?? change.oldImage
  if (!image) return
  const communityId = String(image.communityId ?? '')
  switch (image.entity) {
    case 'post': {
      const result = await services.matching.onPostChange({
        before: change.oldImage ? postFromItem(change.oldImage) : undefined,
        after: change.newImage ? postFromItem(change.newImage) : undefined,
      })
      if (result.recomputed > 0) log(JSON.stringify({ level: 'info', worker: 'matching', ...result }))
      return
    }
    case 'member':
      if (memberMatchingFields(change.oldImage) !== memberMatchingFields(change.newImage)) {
        await services.matching.refreshAuthorFacts(communityId, String(image.id))
      }
      return
    case 'community': {
      const inputs = (i: Record<string, unknown> | undefined) => JSON.stringify([i?.matching, i?.categories])
      if (change.oldImage && change.newImage && inputs(change.oldImage) !== inputs(change.newImage)) {
        await services.matching.requestRebuild(String(image.id))
      }
      return
    }
    case 'matching-rebuild': {
      if (!change.newImage) return
      const result = await services.matching.recomputeCategory(communityId, String(image.categoryId))
      log(JSON.stringify({ level: 'info', worker: 'matching', rebuilt: image.categoryId, ...result }))
      return
    }
    case 'member-attributes': {
      const member = parseMemberPartition(String(change.keys.pk))
      if (member) await services.matching.refreshAuthorFacts(member.communityId, member.memberId)
      return
    }
  }
}

/**
 * DynamoDB stream → matching. A changed post gets its suggestions recomputed (and the posts it
 * affects); a member whose matching facts changed gets them re-stamped on their open posts,
 * which are then recomputed in turn. Failures are reported per record (batch item failures);
 * in AWS a record that keeps failing goes to the dead-letter queue, locally to `.data/dead-letters/`.
 */
export const handler = streamHandler('matching', async (change) =>
  processMatchingChange((await getDeps()).services, change, infoLog),
)
