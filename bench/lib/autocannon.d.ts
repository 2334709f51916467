/** The part of autocannon's programmatic API the bench uses (the package ships no types). */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events'

  interface Options {
    url: string
    connections?: number
    /** Seconds. */
    duration?: number
    amount?: number
    method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
    headers?: Record<string, string>
    body?: string
    /** Seconds before a request counts as timed out. */
    timeout?: number
  }

  interface Histogram {
    average: number
    mean: number
    min: number
    max: number
    p50: number
    p99: number
  }

  interface Result {
    requests: Histogram
    latency: Histogram
    errors: number
    timeouts: number
    non2xx: number
    /** Seconds. */
    duration: number
    statusCodeStats: Record<string, { count: number }>
  }

  /** Emits `response` (client, statusCode, bytes, milliseconds) for every response. */
  type Instance = EventEmitter

  function autocannon(options: Options, callback: (error: Error | null, result: Result) => void): Instance

  export default autocannon
  export type { Instance, Options, Result }
}
