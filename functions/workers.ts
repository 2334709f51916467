/**
 * Event-driven workers (DynamoDB stream → matcher, schedules → follow-ups and retention, queue →
 * notifications), declared once like the HTTP routes. The CDK app wires each to its trigger in
 * AWS; `scripts/lib/local-workers.ts` runs each in the `npm start` process with a local runner
 * for its trigger kind.
 */
export interface EventWorker {
  /** Relative to the repository root; exports `handler` (a @middy/core handler). */
  entry: string
  description: string
  trigger:
    | {
        kind: 'stream'
        /**
         * The `entity` values whose changes the worker receives (a change matches by its new or old
         * image). AWS filters the table stream with these before invoking the function, and the
         * local runner applies the same filter.
         */
        entities: readonly string[]
      }
    | { kind: 'schedule'; everyMinutes: number }
    | {
        kind: 'queue'
        /** The queue's name (`NotificationQueue` in AWS; a folder `.data/queues/<queue>` locally). */
        queue: string
        /** Messages per invocation. */
        batchSize: number
        /** Deliveries of one message before it goes to the dead-letter queue. */
        maxReceiveCount: number
      }
}

export const eventWorkers = {
  retention: {
    entry: 'functions/worker-retention/handler.ts',
    description: 'Daily: notice to long-inactive members, then erasure; deletes closed posts past retention',
    trigger: { kind: 'schedule', everyMinutes: 24 * 60 },
  },
  matching: {
    entry: 'functions/worker-matching/handler.ts',
    description:
      'Recomputes the suggestions of a post when it is created, changed or closed (or its author’s matching facts change); raises broker queue items',
    trigger: { kind: 'stream', entities: ['post', 'member', 'member-attributes', 'community', 'matching-rebuild'] },
  },
  lifecycle: {
    entry: 'functions/worker-lifecycle/handler.ts',
    description:
      'Reacts to each step of a match: queues the messages to the parties, schedules its follow-ups when accepted and cancels them when it ends',
    trigger: { kind: 'stream', entities: ['match'] },
  },
  followUp: {
    entry: 'functions/worker-follow-up/handler.ts',
    description:
      'Every 15 minutes: sends the follow-up questions that are due (once each), the reminders, escalates unanswered ones to the brokers, and expires unanswered proposals',
    trigger: { kind: 'schedule', everyMinutes: 15 },
  },
  notify: {
    entry: 'functions/worker-notify/handler.ts',
    description:
      'Delivers e-mail (SES) and SMS (SNS) from the notification queue, in the member’s language and channel; holds them during quiet hours; no channel: a broker phones',
    trigger: { kind: 'queue', queue: 'notifications', batchSize: 10, maxReceiveCount: 5 },
  },
} as const satisfies Record<string, EventWorker>

export type EventWorkerName = keyof typeof eventWorkers
