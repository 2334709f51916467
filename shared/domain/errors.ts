import type { ErrorCode, ErrorDetail } from '../schemas/errors'

/**
 * A failure the caller can act on. `code` is stable and maps to one HTTP status in the HTTP
 * layer; `details` point at fields; `cause` is logged, never sent.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError'
  constructor(
    readonly code: ErrorCode,
    readonly details?: ErrorDetail[],
    options?: { cause?: unknown },
  ) {
    super(code, options)
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError
