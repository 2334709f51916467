import { createHash, randomUUID } from 'node:crypto'
import * as z from 'zod'
import { actorOf, type Caller } from '../../shared/domain/caller'
import { DomainError } from '../../shared/domain/errors'
import type { IdempotencyScope, IdempotencyStore } from '../../shared/services/ports'
import type { HttpMethod } from './route'

/**
 * `Idempotency-Key` for every state-changing request (POST, PUT, PATCH, DELETE), after the IETF
 * draft "The Idempotency-Key HTTP Header Field" and Stripe's semantics:
 *
 * - The header is optional; without it nothing changes. Its value is 1–100 characters of
 *   `A-Z a-z 0-9 _ -` (a UUID fits), bare or as the draft's quoted string (`"…"`); anything else
 *   is `VALIDATION_FAILED` with a detail at path `Idempotency-Key`.
 * - A key belongs to one caller in one community: the acting member (the broker when acting for
 *   a resident), or for public routes the client's source IP in the pseudo-community `_public`
 *   (not a valid community id, so it can never meet a real community's items).
 * - The check runs after the path, query, body and key are validated and the caller is known:
 *   a request that fails there never ran, so it stores nothing and the same key may be used again.
 * - The first request claims the key with a conditional write (`in-progress`), runs, and stores
 *   its status and JSON body: every 2xx and 4xx answer except 429 (which says "try again later").
 *   A 5xx answer or an unexpected error frees the key, so a retry runs again.
 * - The same key again for the same request (method, path, acting-for and SHA-256 of the body)
 *   replays the stored status and body with `Idempotent-Replayed: true`; for another request it
 *   is `IDEMPOTENCY_KEY_REUSED` (422); while the first still runs it is `IDEMPOTENCY_IN_PROGRESS`
 *   (409, `Retry-After: 1`). A run that started more than a minute ago was abandoned (the API
 *   functions time out after 10 s) and the same request may take it over.
 * - Records live 24 hours (`expiresAt`, DynamoDB TTL; an expired record counts as missing).
 */
export const idempotencyKeyHeader = 'Idempotency-Key'
export const replayedHeader = 'Idempotent-Replayed'
export const idempotencyKeyLifetimeSeconds = 24 * 60 * 60
export const abandonedAfterMs = 60_000
/** The community of keys sent to public routes without a community in the path. */
export const publicIdempotencyCommunity = '_public'

export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_-]*$/)

/** The methods that change state and so accept an Idempotency-Key. */
export const acceptsIdempotencyKey = (method: HttpMethod): boolean => method !== 'GET'

/** The key as sent: the draft's structured-field string (`"abc"`) or a bare value (`abc`). */
export const unquoteIdempotencyKey = (header: string | undefined): string | undefined => {
  if (header === undefined) return undefined
  const trimmed = header.trim()
  return /^".*"$/.test(trimmed) ? trimmed.slice(1, -1) : trimmed
}

/** Where a key lives: the acting member in their community, or a public client by source IP. */
export const idempotencyScope = (
  key: string,
  caller: Caller | undefined,
  params: unknown,
  clientId: string,
): IdempotencyScope =>
  caller
    ? { communityId: caller.communityId, callerId: actorOf(caller).id, key }
    : {
        communityId: (params as { communityId?: string } | undefined)?.communityId ?? publicIdempotencyCommunity,
        callerId: `ip:${clientId}`,
        key,
      }

/** Which request a key was used for: method, path (with query), acting-for and the body's hash. */
export const requestFingerprint = (method: string, url: string, actFor: string | undefined, rawBody: string) => {
  const { pathname, search } = new URL(url)
  const bodyHash = createHash('sha256').update(rawBody).digest('base64url')
  return `${method} ${pathname}${search}${actFor ? ` for ${actFor}` : ''} sha256:${bodyHash}`
}

/** A status and JSON body, as sent and as stored. */
export interface FinalResponse {
  status: number
  body: unknown
}

/** 2xx and 4xx answers are final for the request; 429 and 5xx are not (the retry should run). */
export const isFinalStatus = (status: number): boolean => status >= 200 && status < 500 && status !== 429

export interface IdempotentRun {
  store: IdempotencyStore
  scope: IdempotencyScope
  fingerprint: string
  now: () => Date
  /** Runs the route and gives the answer it sends. */
  run: () => Promise<FinalResponse>
  /** The answer a thrown error becomes (a refusal's error body), or undefined for an unexpected error. */
  answerTo: (error: unknown) => FinalResponse | undefined
  /** Told when storing the answer failed: the answer is still sent, the key is freed if possible. */
  onStoreError: (cause: unknown) => void
}

const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000)

/**
 * Runs a request at most once per key: claims the key, runs, stores the answer — or replays the
 * stored answer, or refuses (key reused for another request, or the first run still going).
 */
export const runIdempotently = async (options: IdempotentRun): Promise<FinalResponse & { replayed: boolean }> => {
  const { store, scope, fingerprint } = options
  const lease = randomUUID()
  // A second round only when the record vanished or was abandoned between the claim and the read.
  for (let attempt = 0; attempt < 3; attempt++) {
    const now = options.now()
    const abandonedBefore = new Date(now.getTime() - abandonedAfterMs).toISOString()
    const claimed = await store.claim(
      scope,
      {
        fingerprint,
        lease,
        startedAt: now.toISOString(),
        expiresAt: epochSeconds(now) + idempotencyKeyLifetimeSeconds,
      },
      abandonedBefore,
    )
    if (claimed) return { ...(await runAndKeep(options, lease)), replayed: false }
    const record = await store.get(scope, epochSeconds(now))
    if (!record) continue
    if (record.fingerprint !== fingerprint) throw new DomainError('IDEMPOTENCY_KEY_REUSED')
    if (record.state === 'completed' && record.response) return { ...record.response, replayed: true }
    if (record.startedAt < abandonedBefore) continue
    throw new DomainError('IDEMPOTENCY_IN_PROGRESS')
  }
  throw new DomainError('IDEMPOTENCY_IN_PROGRESS')
}

const runAndKeep = async (options: IdempotentRun, lease: string): Promise<FinalResponse> => {
  const { store, scope } = options
  const free = async () => {
    try {
      await store.release(scope, lease)
    } catch (cause) {
      // Left `in-progress`, the key is taken over as abandoned after a minute.
      options.onStoreError(cause)
    }
  }
  const keep = async (answer: FinalResponse) => {
    try {
      await store.complete(scope, lease, answer)
    } catch (cause) {
      // E.g. a body over DynamoDB's item size: the request did act, so its answer still goes out.
      options.onStoreError(cause)
      await free()
    }
  }

  let answer: FinalResponse
  try {
    answer = await options.run()
  } catch (error) {
    const refusal = options.answerTo(error)
    if (refusal && isFinalStatus(refusal.status)) await keep(refusal)
    else await free()
    throw error
  }
  if (isFinalStatus(answer.status)) await keep(answer)
  else await free()
  return answer
}
