/**
 * Event-driven workers (DynamoDB stream → matcher, schedules → follow-ups, queue →
 * notifications), declared once like the HTTP routes. The CDK app wires each to its trigger in
 * AWS; `scripts/lib/local-workers.ts` runs each in the `npm start` process with a local
 * runner for its trigger kind. None exist yet: the matching and lifecycle issues add them.
 */
export interface EventWorker {
  /** Relative to the repository root; exports `handler` (a @middy/core handler). */
  entry: string
  description: string
  trigger: { kind: 'stream' } | { kind: 'schedule'; everyMinutes: number } | { kind: 'queue'; queue: string }
}

export const eventWorkers: Record<string, EventWorker> = {}
