import { Duration, Stack, type StackProps } from 'aws-cdk-lib'
import type { ITable } from 'aws-cdk-lib/aws-dynamodb'
import { Rule, Schedule } from 'aws-cdk-lib/aws-events'
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets'
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager'
import type { Construct } from 'constructs'
import { type EventWorker, eventWorkers } from '../functions/workers'
import { BuurtbeursFunction } from './constructs/buurtbeurs-function'

/** A worker runs longer than a request: it walks the table in pages. */
export const workerTimeout = Duration.minutes(5)
export const workerMemorySize = 512
/** EventBridge retries delivering a schedule event to the function this often. */
export const scheduleRetryAttempts = 2

/** Properties of the {@link WorkersStack}. */
export interface WorkersStackProps extends StackProps {
  /** The table from the data stack. */
  readonly table: ITable
  /** The key material secret from the data stack. */
  readonly keys: ISecret
  /** Defaults to `eventWorkers` from `functions/workers.ts`; the tests pass others. */
  readonly workers?: Readonly<Record<string, EventWorker>>
}

const constructId = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1)

/**
 * The workers stack: one Lambda function per entry of `eventWorkers`, wired to its trigger.
 * Schedule workers get an EventBridge rule. Stream and queue triggers are not wired yet: a worker
 * with one makes synthesis fail, so that no worker is silently left out of a deployment.
 *
 * A stack of its own rather than part of the API stack: the workers serve no requests, get
 * read/write access and longer timeouts, and (with the stream and queue triggers to come) their
 * own event sources; they can be changed and deployed without touching the API. Like the API
 * stack, it only depends on the data stack.
 */
export class WorkersStack extends Stack {
  /** The functions by worker name. */
  readonly functions: Record<string, BuurtbeursFunction> = {}
  /** The schedule rules by worker name. */
  readonly rules: Record<string, Rule> = {}

  constructor(scope: Construct, id: string, props: WorkersStackProps) {
    super(scope, id, props)
    for (const [name, worker] of Object.entries(props.workers ?? eventWorkers)) {
      const { trigger } = worker
      if (trigger.kind !== 'schedule') {
        throw new Error(
          `Event worker ${name}: ${trigger.kind} triggers are not wired yet; add them to infra/workers-stack.ts`,
        )
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
      const schedule = Schedule.rate(Duration.minutes(trigger.everyMinutes))
      this.rules[name] = new Rule(this, `${constructId(name)}Schedule`, {
        description: `Buurtbeurs: runs the ${name} worker at ${schedule.expressionString}`,
        schedule,
        targets: [new LambdaFunction(fn, { retryAttempts: scheduleRetryAttempts })],
      })
    }
  }
}
