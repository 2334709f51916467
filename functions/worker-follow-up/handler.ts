import middy from '@middy/core'
import type { ScheduledEvent } from 'aws-lambda'
import type { RunCounts } from '../../shared/services/follow-up-service'
import { createFollowUpService } from '../../shared/services/follow-up-service'
import type { Services } from '../../shared/services/index'
import { createMatchService } from '../../shared/services/match-service'
import { lazyDepsWith } from '../http/deps'

const getDeps = lazyDepsWith({ matches: createMatchService, followUps: createFollowUpService })

export type FollowUpRun = RunCounts & { communities: number; failed: number }

/**
 * One run over every community: the due follow-up questions (each claimed before it is sent, so
 * two runs at the same moment send each once), the reminders, the escalations to the brokers,
 * and the proposals that expire. A community that fails does not stop the others; the run then
 * fails, so the failure is seen (its questions were given back and go next time).
 */
export const runFollowUps = async (services: Services, log: (line: string) => void = () => {}) => {
  const total: FollowUpRun = { communities: 0, failed: 0, sent: 0, reminded: 0, escalated: 0, expired: 0 }
  const errors: unknown[] = []
  for (const communityId of await services.stores.communities.listIds()) {
    total.communities++
    try {
      const counts = await services.followUps.runDue(communityId)
      total.sent += counts.sent
      total.reminded += counts.reminded
      total.escalated += counts.escalated
      total.expired += counts.expired
    } catch (error) {
      total.failed++
      errors.push(error)
      const message = error instanceof Error ? error.message : String(error)
      log(JSON.stringify({ level: 'error', worker: 'followUp', communityId, error: message }))
    }
  }
  if (errors.length > 0) throw new AggregateError(errors, `The follow-up run failed for ${errors.length} communities`)
  return total
}

/** Every 15 minutes (EventBridge schedule in AWS, a timer in `npm start`). Running it twice at once does no harm. */
export const handler = middy<ScheduledEvent, FollowUpRun>().handler(async () => {
  const { services } = await getDeps()
  const result = await runFollowUps(services, (line) => console.error(line))
  console.info(JSON.stringify({ level: 'info', worker: 'followUp', ...result }))
  return result
})
