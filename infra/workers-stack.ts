import { Annotations, Duration, Stack, type StackProps } from 'aws-cdk-lib'
import type { ITable } from 'aws-cdk-lib/aws-dynamodb'
import { Rule, Schedule } from 'aws-cdk-lib/aws-events'
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets'
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam'
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda'
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources'
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager'
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs'
import type { Construct } from 'constructs'
import { type EventWorker, eventWorkers } from '../functions/workers'
import { BuurtbeursFunction } from './constructs/buurtbeurs-function'
import type { WorkerQueues } from './constructs/worker-queues'

/** A worker runs longer than a request: it walks the table in pages. */
export const workerTimeout = Duration.minutes(5)
export const workerMemorySize = 512
/** EventBridge retries delivering a schedule event to the function this often. */
export const scheduleRetryAttempts = 2

/**
 * How a stream worker reads the table stream (the local runner, scripts/lib/local-stream.ts, uses
 * the same batch size and entity filter). Lambda retries a failed batch from the first failed
 * record (the handler reports failures per record), halving the batch each time, three times,
 * and gives up on records older than a day; what it gives up on goes to the worker's dead-letter
 * queue. The queue receives the shard and sequence numbers of the batch, not the records
 * themselves, so no personal data is copied into it; the records stay readable in the stream
 * for 24 hours.
 */
export const streamSettings = {
  batchSize: 100,
  retryAttempts: 3,
  maxRecordAge: Duration.days(1),
  deadLetterRetention: Duration.days(14),
} as const

/** The queue whose worker sends e-mail and SMS (the notify worker): it gets SES and SNS. */
export const notificationQueueName = 'notifications'

/** Used when `BUURTBEURS_MAIL_FROM` is not set at synthesis: a deployment with it sends no e-mail. */
export const placeholderMailFrom = 'Buurtbeurs <noreply@buurtbeurs.invalid>'

/** The bare address of a From header (`Buurtbeurs <noreply@x.nl>` → `noreply@x.nl`). */
export const mailAddressOf = (from: string): string => (/<([^>]+)>/.exec(from)?.[1] ?? from).trim()

/** Lambda event filters: a change reaches the worker when its new or its old image has one of the entities. */
export const entityFilters = (entities: readonly string[]): Record<string, unknown>[] =>
  (['NewImage', 'OldImage'] as const).map((image) =>
    FilterCriteria.filter({ dynamodb: { [image]: { entity: { S: FilterRule.or(...entities) } } } }),
  )

/** Properties of the {@link WorkersStack}. */
export interface WorkersStackProps extends StackProps {
  /** The table from the data stack. */
  readonly table: ITable
  /** The key material secret from the data stack. */
  readonly keys: ISecret
  /** The worker queues from the data stack (every worker may send to them; queue workers read theirs). */
  readonly queues: WorkerQueues
  /** The From of e-mail (`Name <address>` or an address), an identity verified in SES. */
  readonly mailFrom: string
  /** The site's origin, for the links in messages. */
  readonly siteUrl: string
  /** Defaults to `eventWorkers` from `functions/workers.ts`; the tests pass others. */
  readonly workers?: Readonly<Record<string, EventWorker>>
}

const constructId = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1)

/**
 * The workers stack: one Lambda function per entry of `eventWorkers`, wired to its trigger.
 * Schedule workers get an EventBridge rule. Stream workers get an event source mapping on the
 * table's stream (from the oldest record, batches of 100, failures reported per record, see
 * {@link streamSettings}), filtered to the entities they declare so that other changes never
 * invoke them, with an encrypted SQS dead-letter queue each. Queue workers get an SQS event
 * source on their queue from the data stack (batches as declared, failures reported per
 * message); the queue's redrive policy moves a message that keeps failing to its dead-letter
 * queue. The worker of the notification queue may send e-mail (SES) and SMS (SNS). Every worker
 * may put messages on the worker queues (the follow-up and lifecycle workers queue notifications,
 * the retention worker its notices).
 *
 * A stack of its own rather than part of the API stack: the workers serve no requests, get
 * read/write access, longer timeouts and their own event sources; they can be changed and
 * deployed without touching the API. Like the API stack, it only depends on the data stack.
 */
export class WorkersStack extends Stack {
  /** The functions by worker name. */
  readonly functions: Record<string, BuurtbeursFunction> = {}
  /** The schedule rules by worker name. */
  readonly rules: Record<string, Rule> = {}
  /** The dead-letter queues of the stream workers, by worker name. */
  readonly deadLetterQueues: Record<string, Queue> = {}

  constructor(scope: Construct, id: string, props: WorkersStackProps) {
    super(scope, id, props)
    for (const [name, worker] of Object.entries(props.workers ?? eventWorkers)) {
      const { trigger } = worker
      if (trigger.kind === 'queue' && !props.queues.queues[trigger.queue]) {
        throw new Error(`Event worker ${name}: no queue ${trigger.queue} in the data stack`)
      }
      if (trigger.kind === 'stream' && trigger.entities.length === 0) {
        throw new Error(`Event worker ${name}: a stream trigger needs at least one entity`)
      }
      const fn = new BuurtbeursFunction(this, `${constructId(name)}Worker`, {
        entry: worker.entry,
        description: worker.description,
        table: props.table,
        tableAccess: 'readWrite',
        keys: props.keys,
        memorySize: workerMemorySize,
        timeout: workerTimeout,
      })
      this.functions[name] = fn
      props.queues.grantSend(fn)
      if (trigger.kind === 'queue') {
        const { queue } = props.queues.queues[trigger.queue] as { queue: Queue }
        // Also grants the function the rights to receive and delete the queue's messages.
        fn.addEventSource(new SqsEventSource(queue, { batchSize: trigger.batchSize, reportBatchItemFailures: true }))
        if (trigger.queue === notificationQueueName) this.allowSending(fn, props)
        continue
      }
      if (trigger.kind === 'stream') {
        const deadLetters = new Queue(this, `${constructId(name)}DeadLetters`, {
          encryption: QueueEncryption.SQS_MANAGED,
          enforceSSL: true,
          retentionPeriod: streamSettings.deadLetterRetention,
        })
        this.deadLetterQueues[name] = deadLetters
        // Also grants the function the stream read rights.
        fn.addEventSource(
          new DynamoEventSource(props.table, {
            startingPosition: StartingPosition.TRIM_HORIZON,
            batchSize: streamSettings.batchSize,
            reportBatchItemFailures: true,
            bisectBatchOnError: true,
            retryAttempts: streamSettings.retryAttempts,
            maxRecordAge: streamSettings.maxRecordAge,
            onFailure: new SqsDlq(deadLetters),
            filters: entityFilters(trigger.entities),
          }),
        )
        continue
      }
      const schedule = Schedule.rate(Duration.minutes(trigger.everyMinutes))
      this.rules[name] = new Rule(this, `${constructId(name)}Schedule`, {
        description: `Buurtbeurs: runs the ${name} worker at ${schedule.expressionString}`,
        schedule,
        targets: [new LambdaFunction(fn, { retryAttempts: scheduleRetryAttempts })],
      })
    }
  }

  /**
   * E-mail through SES from the configured From address only (`ses:FromAddress`), and SMS
   * through SNS. An SMS goes to a phone number, which is no resource IAM can name: SNS checks
   * `Publish` to a number against `*`. So: `Publish` on `*`, in this region only
   * (`aws:RequestedRegion`), and an explicit deny for every SNS ARN, so that the function cannot
   * publish to any topic or app endpoint: only phone numbers remain.
   */
  private allowSending(fn: BuurtbeursFunction, props: WorkersStackProps): void {
    const from = mailAddressOf(props.mailFrom)
    if (props.mailFrom === placeholderMailFrom) {
      Annotations.of(fn).addWarning(
        'BUURTBEURS_MAIL_FROM was not set at synthesis: the notify worker cannot send e-mail (set it to a verified SES identity)',
      )
    }
    fn.addEnvironment('BUURTBEURS_MAIL_FROM', props.mailFrom)
    fn.addEnvironment('BUURTBEURS_SITE_URL', props.siteUrl)
    fn.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [this.formatArn({ service: 'ses', resource: 'identity', resourceName: '*' })],
        conditions: { StringEquals: { 'ses:FromAddress': from } },
      }),
    )
    fn.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['sns:Publish'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:RequestedRegion': this.region } },
      }),
    )
    fn.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: ['sns:Publish'],
        resources: [`arn:${this.partition}:sns:*:*:*`],
      }),
    )
  }
}
