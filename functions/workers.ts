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
  trigger: { kind: 'stream' } | { kind: 'schedule'; everyMinutes: number } | { kind: 'queue'; queue: string }
}

export const eventWorkers = {
  retention: {
    entry: 'functions/worker-retention/handler.ts',
    description: 'Daily: notice to long-inactive members, then erasure; deletes closed posts past retention',
    trigger: { kind: 'schedule', everyMinutes: 24 * 60 },
  },
} as const satisfies Record<string, EventWorker>

export type EventWorkerName = keyof typeof eventWorkers
