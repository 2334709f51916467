import { Duration } from 'aws-cdk-lib'
import type { IGrantable } from 'aws-cdk-lib/aws-iam'
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'
import type { EventWorker } from '../../functions/workers'

/** A queue a worker reads, as `functions/workers.ts` declares it. */
export interface QueueDeclaration {
  queue: string
  maxReceiveCount: number
}

/** The queues the workers declare, once each (two workers may not share one: they would steal each other's messages). */
export const queueDeclarations = (workers: Readonly<Record<string, EventWorker>>): QueueDeclaration[] => {
  const found = new Map<string, QueueDeclaration>()
  for (const [name, worker] of Object.entries(workers)) {
    const { trigger } = worker
    if (trigger.kind !== 'queue') continue
    if (found.has(trigger.queue)) throw new Error(`Event worker ${name}: queue ${trigger.queue} has another worker`)
    found.set(trigger.queue, { queue: trigger.queue, maxReceiveCount: trigger.maxReceiveCount })
  }
  return [...found.values()]
}

/** The environment variable that gives a function a queue's URL (functions/http/deps.ts reads it). */
export const queueUrlVariable = (queue: string): string =>
  queue === 'notifications'
    ? 'BUURTBEURS_NOTIFICATION_QUEUE_URL'
    : `BUURTBEURS_${queue.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_QUEUE_URL`

/** Settings of the worker queues. */
export const queueSettings = {
  /** Longer than the longest delay of a held job (15 minutes) and a weekend of a broken sender. */
  retention: Duration.days(4),
  deadLetterRetention: Duration.days(14),
  /** AWS's advice for a Lambda event source: at least six times the function's timeout. */
  visibilityTimeoutFactor: 6,
} as const

/** A worker queue and its dead-letter queue. */
export interface WorkerQueue {
  queue: Queue
  deadLetters: Queue
}

/** Properties of {@link WorkerQueues}. */
export interface WorkerQueuesProps {
  readonly declarations: readonly QueueDeclaration[]
  /** The timeout of the workers that read the queues. */
  readonly workerTimeout: Duration
}

/**
 * The SQS queues the event workers read (one per queue a worker declares), each with a
 * dead-letter queue: encrypted (SQS-managed keys), TLS only. A message that fails
 * `maxReceiveCount` times moves to the dead-letter queue, which keeps it 14 days. Messages hold
 * personal data for a short while (a sign-in code and its address; a notify job holds ids only).
 */
export class WorkerQueues extends Construct {
  /** The queues by name. */
  readonly queues: Record<string, WorkerQueue> = {}

  constructor(scope: Construct, id: string, props: WorkerQueuesProps) {
    super(scope, id)
    for (const { queue: name, maxReceiveCount } of props.declarations) {
      const construct = name.charAt(0).toUpperCase() + name.slice(1)
      const deadLetters = new Queue(this, `${construct}DeadLetters`, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: queueSettings.deadLetterRetention,
      })
      const queue = new Queue(this, `${construct}Queue`, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: queueSettings.retention,
        visibilityTimeout: Duration.seconds(props.workerTimeout.toSeconds() * queueSettings.visibilityTimeoutFactor),
        deadLetterQueue: { queue: deadLetters, maxReceiveCount },
      })
      this.queues[name] = { queue, deadLetters }
    }
  }

  /** Lets a function put messages on every queue and tells it their URLs. */
  grantSend(fn: IGrantable & { addEnvironment(key: string, value: string): unknown }): void {
    for (const [name, { queue }] of Object.entries(this.queues)) {
      fn.addEnvironment(queueUrlVariable(name), queue.queueUrl)
      queue.grantSendMessages(fn)
    }
  }
}
