import middy from '@middy/core'
import type { ScheduledEvent } from 'aws-lambda'
import { lazyDeps } from '../http/deps'

const getDeps = lazyDeps()

/**
 * Daily (EventBridge schedule in AWS, a timer in `npm start`): notices to long-inactive
 * members, erasure 30 days later. Running it twice does no harm.
 */
export const handler = middy<ScheduledEvent, { communities: number; notices: number; erased: number }>().handler(
  async () => {
    const { services } = await getDeps()
    const result = await services.retention.run()
    console.info(JSON.stringify({ level: 'info', worker: 'retention', ...result }))
    return result
  },
)
