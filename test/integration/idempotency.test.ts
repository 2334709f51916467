import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { abandonedAfterMs, requestFingerprint, runIdempotently } from '../../functions/http/idempotency'
import { createStores } from '../../shared/db/index'
import { readOutbox } from '../../shared/db/outbox'
import { DomainError } from '../../shared/domain/errors'
import type { IdempotencyStore } from '../../shared/services/ports'
import { startTestApi, type TestApi } from '../support/api'
import { testDocumentClient } from '../support/dynamodb'
import { validPostBody } from '../support/fixtures'

let api: TestApi
let store: IdempotencyStore
beforeAll(async () => {
  api = await startTestApi()
  store = createStores(testDocumentClient(api.endpoint), api.tableName).idempotency
})
afterAll(async () => {
  await api?.close()
})

const posts = '/api/communities/lindeveen/posts'
let counter = 0
const freshKey = () => `test-key-${Date.now()}-${++counter}`

interface SendOptions {
  /** `<communityId>/<memberId>`, or null for no token. */
  as?: string | null
  key?: string
  json?: unknown
}

/** Like api.call, but with the Idempotency-Key header and the response headers. */
const send = async (method: string, path: string, { as = 'lindeveen/anna', key, json }: SendOptions = {}) => {
  const headers = new Headers()
  if (as) {
    const [communityId = '', memberId = ''] = as.split('/')
    headers.set('authorization', `Bearer ${await api.tokenFor(communityId, memberId)}`)
  }
  if (key !== undefined) headers.set('idempotency-key', key)
  if (json !== undefined) headers.set('content-type', 'application/json')
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers,
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
  })
  const text = await response.text()
  return {
    status: response.status,
    // biome-ignore lint/suspicious/noExplicitAny: bodies are checked field by field
    body: (text ? JSON.parse(text) : undefined) as any,
    replayed: response.headers.get('idempotent-replayed'),
    retryAfter: response.headers.get('retry-after'),
  }
}

/** Posts whose title is this one, straight from the table. */
const postsTitled = async (title: string) =>
  (await api.items()).filter((item) => item.entity === 'post' && item.title === title)

describe('Idempotency-Key on state-changing requests', () => {
  it('creates one post for a request retried with the same key, and replays status and body', async () => {
    const key = freshKey()
    const json = validPostBody({ title: 'Eén keer boodschappen' })
    const first = await send('POST', posts, { key, json })
    expect(first.status).toBe(201)
    expect(first.replayed).toBeNull()

    const retry = await send('POST', posts, { key, json })
    expect(retry).toEqual({ ...first, replayed: 'true' })
    const again = await send('POST', posts, { key, json })
    expect(again).toEqual({ ...first, replayed: 'true' })
    expect(await postsTitled('Eén keer boodschappen')).toHaveLength(1)

    // Without a key nothing changes: every request acts.
    await send('POST', posts, { json })
    await send('POST', posts, { json })
    expect(await postsTitled('Eén keer boodschappen')).toHaveLength(3)
  })

  it('refuses the same key for another body or path with IDEMPOTENCY_KEY_REUSED, and changes nothing', async () => {
    const key = freshKey()
    const json = validPostBody({ title: 'Sleutel hergebruikt' })
    expect((await send('POST', posts, { key, json })).status).toBe(201)
    const before = await api.snapshot()

    const otherBody = await send('POST', posts, { key, json: { ...json, title: 'Een ander verzoek' } })
    expect(otherBody).toMatchObject({ status: 422, body: { error: 'IDEMPOTENCY_KEY_REUSED' }, replayed: null })
    const otherPath = await send('POST', '/api/communities/lindeveen/posts/xxxxxxxxxxxx/close', {
      key,
      json: { version: 1, reason: 'fulfilled' },
    })
    expect(otherPath).toMatchObject({ status: 422, body: { error: 'IDEMPOTENCY_KEY_REUSED' } })
    expect(await api.snapshot()).toBe(before)
    expect(await postsTitled('Een ander verzoek')).toHaveLength(0)
  })

  it('lets exactly one of many concurrent requests with the same key act', async () => {
    const key = freshKey()
    const json = validPostBody({ title: 'Tegelijk verstuurd' })
    const answers = await Promise.all(Array.from({ length: 12 }, () => send('POST', posts, { key, json })))

    const fresh = answers.filter((a) => a.status === 201 && a.replayed === null)
    expect(fresh).toHaveLength(1)
    for (const answer of answers) {
      if (answer.status === 201) expect(answer.body).toEqual(fresh[0]?.body)
      else {
        expect(answer).toMatchObject({ status: 409, body: { error: 'IDEMPOTENCY_IN_PROGRESS' }, retryAfter: '1' })
      }
    }
    expect(await postsTitled('Tegelijk verstuurd')).toHaveLength(1)
    // Once the first has finished, every retry gets its answer.
    expect(await send('POST', posts, { key, json })).toMatchObject({
      status: 201,
      replayed: 'true',
      body: fresh[0]?.body,
    })
  })

  it('keeps keys per caller: another member with the same key acts normally', async () => {
    const key = freshKey()
    const json = validPostBody({ title: 'Zelfde sleutel, ander lid' })
    const anna = await send('POST', posts, { key, json })
    const henk = await send('POST', posts, { as: 'lindeveen/henk', key, json })
    expect(anna.status).toBe(201)
    expect(henk).toMatchObject({ status: 201, replayed: null, body: { author: { memberId: 'henk' } } })
    expect(henk.body.id).not.toBe(anna.body.id)
    expect(await postsTitled('Zelfde sleutel, ander lid')).toHaveLength(2)
  })

  it('stores nothing for a request that fails validation, so the key still works', async () => {
    const key = freshKey()
    const before = await api.snapshot()
    const invalid = await send('POST', posts, { key, json: { ...validPostBody(), title: '' } })
    expect(invalid).toMatchObject({ status: 422, body: { error: 'VALIDATION_FAILED' } })
    const unauthenticated = await send('POST', posts, { as: null, key, json: validPostBody() })
    expect(unauthenticated).toMatchObject({ status: 401, body: { error: 'UNAUTHENTICATED' } })
    expect(await api.snapshot()).toBe(before)

    const json = validPostBody({ title: 'Na een fout opnieuw' })
    expect(await send('POST', posts, { key, json })).toMatchObject({ status: 201, replayed: null })
    expect(await postsTitled('Na een fout opnieuw')).toHaveLength(1)
  })

  it('refuses a malformed key with VALIDATION_FAILED on the header, and ignores the header on GET', async () => {
    const before = await api.snapshot()
    for (const key of ['""', 'met spatie', 'a#b', 'x'.repeat(101), 'é']) {
      const answer = await send('POST', posts, { key, json: validPostBody() })
      expect(answer, key).toMatchObject({
        status: 422,
        body: { error: 'VALIDATION_FAILED', details: [{ path: 'Idempotency-Key' }] },
      })
    }
    expect(await api.snapshot()).toBe(before)
    expect((await send('GET', posts, { key: 'met spatie' })).status).toBe(200)
  })

  it('accepts the draft’s quoted form of the key as the same key', async () => {
    const key = freshKey()
    const json = validPostBody({ title: 'Sleutel met aanhalingstekens' })
    expect((await send('POST', posts, { key: `"${key}"`, json })).status).toBe(201)
    expect(await send('POST', posts, { key, json })).toMatchObject({ status: 201, replayed: 'true' })
    expect(await postsTitled('Sleutel met aanhalingstekens')).toHaveLength(1)
  })

  it('replays a refusal (4xx) with its original body', async () => {
    const key = freshKey()
    const path = '/api/communities/lindeveen/posts/doesnotexist1/close'
    const json = { version: 1, reason: 'fulfilled' }
    const first = await send('POST', path, { key, json })
    expect(first).toMatchObject({ status: 404, body: { error: 'POST_NOT_FOUND' }, replayed: null })
    const retry = await send('POST', path, { key, json })
    expect(retry).toEqual({ ...first, replayed: 'true' })
  })

  it('works on public routes per client: a retried sign-in request sends one code', async () => {
    const key = freshKey()
    const json = { communityId: 'lindeveen', address: 'fatima@example.nl' }
    const sentBefore = (await readOutbox(api.outboxDir)).filter((m) => m.to === 'fatima@example.nl').length
    const first = await send('POST', '/api/auth/code', { as: null, key, json })
    expect(first).toMatchObject({ status: 202, replayed: null })
    expect(await send('POST', '/api/auth/code', { as: null, key, json })).toEqual({ ...first, replayed: 'true' })
    const sentAfter = (await readOutbox(api.outboxDir)).filter((m) => m.to === 'fatima@example.nl').length
    expect(sentAfter - sentBefore).toBe(1)
  })

  it('answers IDEMPOTENCY_IN_PROGRESS while the first run holds the key, and takes over an abandoned run', async () => {
    const key = freshKey()
    const json = validPostBody({ title: 'Verlaten verzoek' })
    const scope = { communityId: 'lindeveen', callerId: 'anna', key }
    const fingerprint = requestFingerprint('POST', `${api.url}${posts}`, undefined, JSON.stringify(json))
    const claim = (startedAt: Date) =>
      store.claim(
        scope,
        { fingerprint, lease: 'other-run', startedAt: startedAt.toISOString(), expiresAt: 4_000_000_000 },
        new Date(startedAt.getTime() - abandonedAfterMs).toISOString(),
      )
    expect(await claim(new Date())).toBe(true)
    expect(await send('POST', posts, { key, json })).toMatchObject({
      status: 409,
      body: { error: 'IDEMPOTENCY_IN_PROGRESS' },
      retryAfter: '1',
    })
    expect(await postsTitled('Verlaten verzoek')).toHaveLength(0)

    // The same run again two minutes ago: a Lambda that timed out long since. The retry takes over.
    await store.release(scope, 'other-run')
    expect(await claim(new Date(Date.now() - 2 * abandonedAfterMs))).toBe(true)
    expect(await send('POST', posts, { key, json })).toMatchObject({ status: 201, replayed: null })
    expect(await postsTitled('Verlaten verzoek')).toHaveLength(1)
    // The old run can no longer store its answer over the new one.
    expect(await store.complete(scope, 'other-run', { status: 500, body: {} })).toBe(false)
    expect(await send('POST', posts, { key, json })).toMatchObject({ status: 201, replayed: 'true' })
  })
})

describe('runIdempotently against the table', () => {
  const scopeFor = (key: string) => ({ communityId: 'lindeveen', callerId: 'tester', key })
  const base = (key: string) => ({
    store,
    scope: scopeFor(key),
    fingerprint: 'POST /x sha256:abc',
    now: () => new Date(),
    answerTo: (error: unknown) =>
      error instanceof DomainError ? { status: error.code === 'TOO_MANY_REQUESTS' ? 429 : 404, body: {} } : undefined,
    onStoreError: () => {},
  })

  it('frees the key after an unexpected error (5xx), so the retry runs again', async () => {
    const key = freshKey()
    let runs = 0
    const failing = () => {
      runs++
      return Promise.reject(new Error('boom'))
    }
    await expect(runIdempotently({ ...base(key), run: failing })).rejects.toThrow('boom')
    expect(await store.get(scopeFor(key), Date.now() / 1000)).toBeUndefined()
    const ok = await runIdempotently({ ...base(key), run: async () => ({ status: 200, body: { ok: runs } }) })
    expect(ok).toEqual({ status: 200, body: { ok: 1 }, replayed: false })
  })

  it('frees the key after a 5xx answer and after 429, but keeps other 4xx refusals', async () => {
    const serverError = freshKey()
    await runIdempotently({ ...base(serverError), run: async () => ({ status: 503, body: {} }) })
    expect(await store.get(scopeFor(serverError), Date.now() / 1000)).toBeUndefined()

    const limited = freshKey()
    const tooMany = () => Promise.reject(new DomainError('TOO_MANY_REQUESTS'))
    await expect(runIdempotently({ ...base(limited), run: tooMany })).rejects.toThrow('TOO_MANY_REQUESTS')
    expect(await store.get(scopeFor(limited), Date.now() / 1000)).toBeUndefined()

    const refused = freshKey()
    const notFound = () => Promise.reject(new DomainError('POST_NOT_FOUND'))
    await expect(runIdempotently({ ...base(refused), run: notFound })).rejects.toThrow('POST_NOT_FOUND')
    expect(await store.get(scopeFor(refused), Date.now() / 1000)).toMatchObject({
      state: 'completed',
      response: { status: 404, body: {} },
    })
  })

  it('treats an expired record as missing', async () => {
    const key = freshKey()
    const done = await runIdempotently({ ...base(key), run: async () => ({ status: 200, body: { n: 1 } }) })
    expect(done.replayed).toBe(false)
    const tomorrow = () => new Date(Date.now() + 25 * 60 * 60 * 1000)
    expect(await store.get(scopeFor(key), tomorrow().getTime() / 1000)).toBeUndefined()
    const again = await runIdempotently({
      ...base(key),
      now: tomorrow,
      run: async () => ({ status: 200, body: { n: 2 } }),
    })
    expect(again).toEqual({ status: 200, body: { n: 2 }, replayed: false })
  })
})
