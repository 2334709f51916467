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
    | { kind: 'queue'; queue: string }
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
} as const satisfies Record<string, EventWorker>

export type EventWorkerName = keyof typeof eventWorkers
