import middy from '@middy/core'
import type { Context, SQSBatchItemFailure, SQSBatchResponse, SQSEvent } from 'aws-lambda'
import { connectAwsOutbox } from '../../shared/db/outbox'
import { notificationJobSchema } from '../../shared/schemas/match'
import type { Services } from '../../shared/services/index'
import { createNotificationService } from '../../shared/services/notification-service'
import { configFromEnv, depsFromConfig, lazyDeps, systemRuntime } from '../http/deps'

/**
 * Where a queue handler reports why a message failed, besides its log: the local queue runner
 * (scripts/lib/local-queue.ts) puts a function under this symbol on the context, so its dead
 * letters carry the error. A registered symbol, so the runner needs no import of this module.
 */
export const queueFailureSink: unique symbol = Symbol.for('buurtbeurs.queue.failureSink')
export type QueueFailureSink = (messageId: string, error: string) => void

export interface NotifyHandlerOptions {
  /** One JSON line per problem; defaults to `console.error`. */
  log?: (line: string) => void
  /** One JSON line per delivered job; defaults to `console.info` in Lambda, nothing locally. */
  info?: (line: string) => void
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

/**
 * The notify worker as a @middy/core SQS handler, given how to get the services (tests pass
 * their own, with a fake clock). Each message is one job, delivered in turn; a job that fails is
 * reported in `batchItemFailures`, so only it comes back (after the visibility timeout) and,
 * after the queue's maxReceiveCount, goes to the dead-letter queue. A body that is not a job is
 * logged and dropped: retrying it cannot help. Logs carry job ids and errors, never the text or
 * the address of a message.
 */
export const createNotifyHandler = (services: () => Promise<Services>, options: NotifyHandlerOptions = {}) => {
  const log = options.log ?? ((line: string) => console.error(line))
  const info = options.info ?? (process.env.AWS_LAMBDA_FUNCTION_NAME ? console.info : () => {})
  return middy<SQSEvent, SQSBatchResponse>().handler(async (event, context: Context) => {
    const sink = (context as unknown as { [queueFailureSink]?: QueueFailureSink } | undefined)?.[queueFailureSink]
    const batchItemFailures: SQSBatchItemFailure[] = []
    for (const record of event.Records) {
      let body: unknown
      try {
        body = JSON.parse(record.body)
      } catch {
        body = undefined
      }
      const parsed = notificationJobSchema.safeParse(body)
      if (!parsed.success) {
        log(
          JSON.stringify({
            level: 'error',
            worker: 'notify',
            message: 'not a notification job: dropped',
            messageId: record.messageId,
            issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.code}`),
          }),
        )
        continue
      }
      const job = parsed.data
      try {
        const result = await (await services()).notifications.deliver(job)
        info(JSON.stringify({ level: 'info', worker: 'notify', jobId: job.id, kind: job.kind, result }))
      } catch (error) {
        const message = messageOf(error)
        log(
          JSON.stringify({
            level: 'error',
            worker: 'notify',
            message: 'delivery failed',
            messageId: record.messageId,
            jobId: job.id,
            attempt: Number(record.attributes?.ApproximateReceiveCount ?? 1),
            error: message,
          }),
        )
        batchItemFailures.push({ itemIdentifier: record.messageId })
        sink?.(record.messageId, message)
      }
    }
    return { batchItemFailures }
  })
}

const getDeps = lazyDeps(() =>
  depsFromConfig(
    configFromEnv(),
    systemRuntime,
    { notifications: createNotificationService },
    {
      sendingOutbox: (config) => {
        if (!config.mailFrom) throw new Error('BUURTBEURS_MAIL_FROM is not set: the From address of e-mail')
        return connectAwsOutbox(config.mailFrom)
      },
    },
  ),
)

/**
 * SQS (the notification queue) → e-mail (SES) and SMS (SNS). Locally (`npm start`) the queue is
 * a folder read by scripts/lib/local-queue.ts and messages go to the file outbox.
 */
export const handler = createNotifyHandler(async () => (await getDeps()).services)
